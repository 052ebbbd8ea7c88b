"""The consultant's pages: clients, compare, progress over time, portfolio.

Each builder loads what its page needs in a fixed number of queries, hands plain
entries to `assessments.comparison` (pandas) and Plotly to `workspace.charts`.
"""

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

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
        if self.latest.result is None or self.previous.result is None:
            return None
        latest: float = self.latest.result["overall"]["score"]
        previous: float = self.previous.result["overall"]["score"]
        return round(latest - previous, 1)


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
                # Annotated by the query above.
                pending_invitations=membership.pending_invitations,  # type: ignore[attr-defined]
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
    records: list[dict[str, Any]] | None = None


def submitted_at(assessment: Assessment) -> datetime:
    """When a submitted assessment was submitted (every page here shows submitted ones)."""
    assert assessment.submitted_at is not None, "a submitted assessment has its date"
    return assessment.submitted_at


def column_label(assessment: Assessment) -> str:
    submitted = date_format(submitted_at(assessment), "SHORT_DATE_FORMAT")
    return f"{assessment.organization.name} · {submitted}"


def compare_page(user: User, ids: list[int]) -> ComparePage:
    """The chosen submitted assessments side by side; ids the user may not see are dropped."""
    choices = list(submitted_for(user))
    by_id = {a.pk: a for a in choices}
    chosen = [by_id[i] for i in dict.fromkeys(ids) if i in by_id][:MAX_COMPARED]
    page = ComparePage(choices=choices, chosen=chosen, labels=labels())
    if not chosen:
        return page
    compared = comparison.table([comparison_entry(a) for a in chosen], page.labels.element_order)
    page.columns = [column_label(a) for a in chosen]
    # The first column is the baseline: its change (0.0) and crossing (never) are not shown.
    for key, cells in compared.elements:
        page.rows.append(
            {
                "key": key,
                "title": page.labels.elements.get(key, key),
                "cells": [
                    {
                        "score": cell.score,
                        "stage": cell.stage,
                        "change": None if i == 0 else cell.change,
                        "crossed": cell.crossed,
                    }
                    for i, cell in enumerate(cells)
                ],
            }
        )
    page.overall = [
        {
            "score": cell.score,
            "stage": cell.stage,
            "change": None if i == 0 else cell.change,
            "crossed": cell.crossed,
        }
        for i, cell in enumerate(compared.overall)
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
    page.records = compare_records(page)
    return page


def compare_records(page: ComparePage) -> list[dict[str, Any]]:
    """The compare table as it is exported: one row per element and assessment."""
    records = []
    for row in page.rows:
        for label, assessment, cell in zip(page.columns, page.chosen, row["cells"], strict=True):
            records.append(
                {
                    "element": row["title"],
                    "assessment": label,
                    "organization": assessment.organization.name,
                    "submitted": submitted_at(assessment).date().isoformat(),
                    "score": cell["score"],
                    "stage": page.labels.stages.get(cell["stage"], cell["stage"]),
                    "change": cell["change"],
                    "stage_crossed": cell["crossed"],
                }
            )
    return records


# -- progress over time ------------------------------------------------------------------


@dataclass
class ProgressPage:
    organization: Organization
    assessments: list[Assessment]
    labels: Labels
    chart: dict[str, Any] | None
    records: list[dict[str, Any]]


def progress_page(organization: Organization) -> ProgressPage:
    assessments = list(
        organization.assessments.submitted()
        .select_related("organization")
        .order_by("submitted_at", "pk")
    )
    names = labels()
    if not assessments:
        return ProgressPage(organization, [], names, None, [])
    rows = comparison.progress_rows([comparison_entry(a) for a in assessments], names.element_order)
    dates = [date_format(submitted_at(a), "SHORT_DATE_FORMAT") for a in assessments]
    series = [(names.elements.get(element, element), scores) for element, scores in rows]
    overall = [a.result["overall"] if a.result else {} for a in assessments]
    chart = charts.progress_lines(
        dates=dates,
        series=series,
        stages=[names.stages.get(o.get("stage", ""), o.get("stage", "")) for o in overall],
        stage_order=[names.stages.get(key, key) for key in comparison.STAGES],
        stage_name=_("Overall stage"),
        overall_scores=[o.get("score") for o in overall],
        overall_name=_("Overall score"),
        score_title=_("score: share of capabilities in place"),
    )
    days = [submitted_at(a).date().isoformat() for a in assessments]
    records = [
        {"element": title, **dict(zip(days, scores, strict=True))} for title, scores in series
    ]
    return ProgressPage(organization, assessments, names, chart, records)


# -- portfolio and peers -----------------------------------------------------------------


@dataclass(frozen=True)
class SpreadRow:
    """One element across the clients' latest results."""

    key: str
    title: str
    q1: float
    median: float
    q3: float
    clients: int


@dataclass
class PortfolioPage:
    clients: int
    labels: Labels
    by_stage: list[tuple[str, str, int]]
    spread: list[SpreadRow]
    charts: dict[str, Any]
    records: list[dict[str, Any]]


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
        return PortfolioPage(0, names, [], [], {}, [])
    counts, quartiles = comparison.portfolio_summary(
        [comparison_entry(a) for a in assessments], names.element_order
    )
    by_stage = [(key, names.stages.get(key, key), counts[key]) for key in comparison.STAGES]
    spread = [
        SpreadRow(
            key=str(row["key"]),
            title=names.elements.get(str(row["key"]), str(row["key"])),
            q1=float(row["q1"]),
            median=float(row["median"]),
            q3=float(row["q3"]),
            clients=int(row["clients"]),
        )
        for row in quartiles
    ]
    page_charts = {
        "stages": charts.stage_counts(
            stage_labels=[title for _, title, _ in by_stage],
            stage_keys=[key for key, _, _ in by_stage],
            counts=[count for _, _, count in by_stage],
        ),
        "spread": charts.quartile_boxes(
            labels=[row.title for row in spread],
            q1=[row.q1 for row in spread],
            median=[row.median for row in spread],
            q3=[row.q3 for row in spread],
            name=_("Clients"),
        ),
    }
    records = [
        {
            "element": r.title,
            "q1": r.q1,
            "median": r.median,
            "q3": r.q3,
            "clients": r.clients,
        }
        for r in spread
    ]
    return PortfolioPage(sum(counts.values()), names, by_stage, spread, page_charts, records)
