"""The consultant's pages: clients, compare, progress over time, portfolio.

Each builder loads what its page needs in a fixed number of queries, hands plain
entries to `assessments.comparison` (pandas) and Plotly to `workspace.charts`.
"""

from dataclasses import dataclass, field
from typing import Any

import pandas as pd
from django.contrib.auth.models import User
from django.db.models import Count, Prefetch
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from assessments import comparison
from assessments.models import Assessment
from assessments.peers import comparison_entry
from maturity.models import Questionnaire
from organizations.models import Membership, Organization, pending_invitation
from workspace import charts

MAX_COMPARED = 50


@dataclass(frozen=True)
class Labels:
    elements: dict[str, str]  # key -> title in the active language
    stages: dict[str, str]

    @property
    def element_order(self) -> list[str]:
        return list(self.elements)


def labels() -> Labels:
    """Element and stage titles of the current published version (two queries)."""
    questionnaire = Questionnaire.objects.latest_published()
    if questionnaire is None:
        return Labels({}, {key: key.title() for key in comparison.STAGES})
    return Labels(
        {e.key: e.title for e in questionnaire.elements.order_by("order")},
        {s.key: s.title for s in questionnaire.stages.order_by("order")},
    )


def submitted_for(user: User) -> "Any":
    return (
        Assessment.objects.for_user(user)
        .submitted()
        .select_related("organization")
        .order_by("organization__name", "submitted_at")
    )


# -- consultant home -------------------------------------------------------------------


@dataclass
class ClientRow:
    organization: Organization
    latest: Assessment | None
    previous: Assessment | None
    drafts: int
    last_date: Any
    pending_invitations: int = 0

    @property
    def change(self) -> float | None:
        if self.latest is None or self.previous is None:
            return None
        return round(
            self.latest.result["overall"]["score"] - self.previous.result["overall"]["score"], 1
        )


def consultant_clients(user: User) -> list[ClientRow]:
    """Every organization the user consults for, with its latest and previous results."""
    memberships = (
        Membership.objects.consulting(user)
        .select_related("organization")
        # Counted in the memberships query itself: the page keeps its query count.
        .annotate(
            pending_invitations=Count(
                "organization__invitations",
                filter=pending_invitation("organization__invitations__"),
            )
        )
        .prefetch_related(
            Prefetch(
                "organization__assessments",
                queryset=Assessment.objects.order_by("-submitted_at", "-created_at"),
            )
        )
        .order_by("organization__name")
    )
    rows = []
    for membership in memberships:
        assessments = list(membership.organization.assessments.all())
        submitted = [a for a in assessments if not a.is_draft]
        rows.append(
            ClientRow(
                organization=membership.organization,
                latest=submitted[0] if submitted else None,
                previous=submitted[1] if len(submitted) > 1 else None,
                drafts=sum(1 for a in assessments if a.is_draft),
                last_date=max((a.updated_at for a in assessments), default=None),
                pending_invitations=membership.pending_invitations,
            )
        )
    return rows


def is_consultant(user: User) -> bool:
    return user.is_staff or Membership.objects.consulting(user).exists()


# -- compare -----------------------------------------------------------------------------


@dataclass
class ComparePage:
    choices: list[Assessment]
    chosen: list[Assessment]
    labels: Labels
    columns: list[str] = field(default_factory=list)
    rows: list[dict[str, Any]] = field(default_factory=list)
    overall: list[dict[str, Any]] = field(default_factory=list)
    charts: dict[str, Any] = field(default_factory=dict)
    frame: pd.DataFrame | None = None


def column_label(assessment: Assessment) -> str:
    submitted = date_format(assessment.submitted_at, "SHORT_DATE_FORMAT")
    return f"{assessment.organization.name} · {submitted}"


def compare_page(user: User, ids: list[int]) -> ComparePage:
    """The chosen submitted assessments side by side; ids the user may not see are dropped."""
    choices = list(submitted_for(user))
    by_id = {a.pk: a for a in choices}
    chosen = [by_id[i] for i in dict.fromkeys(ids) if i in by_id][:MAX_COMPARED]
    page = ComparePage(choices=choices, chosen=chosen, labels=labels())
    if not chosen:
        return page
    result = comparison.compare([comparison_entry(a) for a in chosen], page.labels.element_order)
    stage_keys = comparison.STAGES
    page.columns = [column_label(a) for a in chosen]
    for element in result.scores.index:
        cells = []
        for index, assessment in enumerate(chosen):
            score = result.scores.loc[element, assessment.pk]
            stage = result.stages.loc[element, assessment.pk]
            cells.append(
                {
                    "score": None if pd.isna(score) else float(score),
                    "stage": None if pd.isna(stage) else stage_keys[int(stage)],
                    "change": None
                    if index == 0 or pd.isna(result.change.loc[element, assessment.pk])
                    else float(result.change.loc[element, assessment.pk]),
                    "crossed": bool(result.crossed.loc[element, assessment.pk]) and index > 0,
                }
            )
        page.rows.append(
            {"key": element, "title": page.labels.elements.get(element, element), "cells": cells}
        )
    first_score = result.overall.loc["score", chosen[0].pk]
    page.overall = [
        {
            "score": result.overall.loc["score", a.pk],
            "stage": stage_keys[int(result.overall.loc["stage", a.pk])],
            "change": None if i == 0 else round(result.overall.loc["score", a.pk] - first_score, 1),
        }
        for i, a in enumerate(chosen)
    ]
    titles = [row["title"] for row in page.rows]
    page.charts["radar"] = charts.overlaid_radar(
        labels=titles,
        series=[
            (label, [row["cells"][i]["score"] for row in page.rows])
            for i, label in enumerate(page.columns)
        ],
    )
    page.charts["heatmap"] = charts.score_heatmap(
        element_labels=titles,
        columns=page.columns,
        scores=[[cell["score"] for cell in row["cells"]] for row in page.rows],
    )
    page.frame = compare_frame(page)
    return page


def compare_frame(page: ComparePage) -> pd.DataFrame:
    """The compare table as it is exported: one row per element and assessment."""
    records = []
    for row in page.rows:
        for label, assessment, cell in zip(page.columns, page.chosen, row["cells"], strict=True):
            records.append(
                {
                    "element": row["title"],
                    "assessment": label,
                    "organization": assessment.organization.name,
                    "submitted": assessment.submitted_at.date().isoformat(),
                    "score": cell["score"],
                    "stage": page.labels.stages.get(cell["stage"], cell["stage"]),
                    "change": cell["change"],
                    "stage_crossed": cell["crossed"],
                }
            )
    return pd.DataFrame.from_records(records)


# -- progress over time ------------------------------------------------------------------


@dataclass
class ProgressPage:
    organization: Organization
    assessments: list[Assessment]
    labels: Labels
    chart: dict[str, Any] | None
    frame: pd.DataFrame


def progress_page(organization: Organization) -> ProgressPage:
    assessments = list(
        organization.assessments.submitted()
        .select_related("organization")
        .order_by("submitted_at", "pk")
    )
    names = labels()
    if not assessments:
        return ProgressPage(organization, [], names, None, pd.DataFrame())
    table = comparison.progress([comparison_entry(a) for a in assessments], names.element_order)
    dates = [date_format(a.submitted_at, "SHORT_DATE_FORMAT") for a in assessments]
    series = [
        (
            names.elements.get(element, element),
            [None if pd.isna(v) else float(v) for v in table.loc[element]],
        )
        for element in table.index
    ]
    chart = charts.progress_lines(dates=dates, series=series, band_names=names.stages)
    frame = table.copy()
    frame.index = [names.elements.get(e, e) for e in frame.index]
    frame.index.name = "element"
    frame.columns = [a.submitted_at.date().isoformat() for a in assessments]
    return ProgressPage(organization, assessments, names, chart, frame.reset_index())


# -- portfolio and peers -----------------------------------------------------------------


@dataclass
class PortfolioPage:
    clients: int
    labels: Labels
    by_stage: list[tuple[str, str, int]]
    spread: list[dict[str, Any]]
    charts: dict[str, Any]
    frame: pd.DataFrame


def portfolio_page(user: User) -> PortfolioPage:
    """Each client's latest result: clients per stage, and per element the quartiles."""
    consulted = Membership.objects.consulting(user).values("organization")
    assessments = list(
        Assessment.objects.submitted()
        .filter(organization__in=consulted)
        .select_related("organization")
        .order_by("submitted_at", "pk")
    )
    names = labels()
    if not assessments:
        return PortfolioPage(0, names, [], [], {}, pd.DataFrame())
    board = comparison.portfolio([comparison_entry(a) for a in assessments], names.element_order)
    by_stage = [
        (key, names.stages.get(key, key), int(board.by_stage[key])) for key in comparison.STAGES
    ]
    spread = [
        {"key": key, "title": names.elements.get(key, key), **{k: float(v) for k, v in row.items()}}
        for key, row in board.spread.iterrows()
    ]
    page_charts = {
        "stages": charts.stage_counts(
            stage_labels=[title for _, title, _ in by_stage],
            stage_keys=[key for key, _, _ in by_stage],
            counts=[count for _, _, count in by_stage],
        ),
        "spread": charts.quartile_boxes(
            labels=[row["title"] for row in spread],
            q1=[row["q1"] for row in spread],
            median=[row["median"] for row in spread],
            q3=[row["q3"] for row in spread],
            name=_("Clients"),
        ),
    }
    frame = pd.DataFrame.from_records(
        [
            {
                "element": r["title"],
                "q1": r["q1"],
                "median": r["median"],
                "q3": r["q3"],
                "clients": r["clients"],
            }
            for r in spread
        ]
    )
    return PortfolioPage(int(board.by_stage.sum()), names, by_stage, spread, page_charts, frame)
