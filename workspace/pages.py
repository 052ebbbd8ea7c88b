"""The consultant's pages: clients, compare, progress over time, portfolio, and exports.

Each builder loads what its page needs in a fixed number of queries, whatever the number
of clients: lists are paginated, pickers read `.values()` rather than whole rows, and the
latest assessment per organization is picked in SQL. Plain entries go to
`assessments.comparison` (pandas), figures to `workspace.charts` (plain dicts). Exports
share the tables but never build a chart.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache
from typing import Any

from django.contrib.auth.models import User
from django.core.cache import cache
from django.core.paginator import Page, Paginator
from django.db.models import (
    Count,
    FloatField,
    IntegerField,
    Max,
    OuterRef,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.fields.json import KT, KeyTextTransform
from django.db.models.functions import Cast, Coalesce
from django.utils import timezone
from django.utils.formats import date_format, get_format
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from assessments import comparison
from assessments.models import Assessment
from assessments.peers import comparison_entry, peer_set_version
from maturity.models import Questionnaire
from maturity.services import content_key, latest_published_key
from maturity.translation import FALLBACK, active_language, texts
from organizations.models import Invitation, Membership, Organization, pending_invitation
from workspace import charts
from workspace.exports import Column, Export, Sheet

MAX_COMPARED = 50
PICKS_PER_PAGE = 20
CLIENTS_PER_PAGE = 25
MAX_IDS = 500  # ids read from a URL: more is no selection anyone made by hand
NAMED_PER_BAR = 12  # client names in a stage bar's hover text; the rest are counted

# The one order of an organization's submitted assessments, newest first.
NEWEST_FIRST = ("-submitted_at", "-pk")


@dataclass(frozen=True)
class Labels:
    elements: dict[str, str]  # key -> title in the active language
    stages: dict[str, str]

    @property
    def element_order(self) -> list[str]:
        return list(self.elements)


def labels() -> Labels:
    """Element and stage titles of the current published version: one small query, the
    titles themselves cached under the (frozen) version's key."""
    # Named by the latest published version, read in one plain statement; the version
    # itself is read only when its titles are not cached yet.
    key = latest_published_key("workspace-titles")
    if key is None:
        return Labels({}, {key: key.title() for key in comparison.STAGES})
    titles: dict[str, list[tuple[str, dict[str, str]]]] | None = cache.get(key)
    if titles is None:
        questionnaire = Questionnaire.objects.latest_published()
        if questionnaire is None:  # unpublished in between
            return Labels({}, {key: key.title() for key in comparison.STAGES})
        titles = {
            "elements": [
                (e.key, texts(e, "title")) for e in questionnaire.elements.order_by("order")
            ],
            "stages": [(s.key, texts(s, "title")) for s in questionnaire.stages.order_by("order")],
        }
        cache.set(content_key(questionnaire, "workspace-titles"), titles, timeout=None)
    language = active_language()

    def title(text: dict[str, str]) -> str:
        return text.get(language) or text[FALLBACK]

    return Labels(
        {k: title(text) for k, text in titles["elements"]},
        {k: title(text) for k, text in titles["stages"]},
    )


def overall_score() -> Cast:
    """The frozen result's overall score, read in SQL (a number on both databases)."""
    return Cast(KT("result__overall__score"), FloatField())


def overall_stage() -> KeyTextTransform:
    return KT("result__overall__stage")


def latest_submitted(organizations: "QuerySet[Any]") -> QuerySet[Assessment]:
    """Each of `organizations`' latest submitted assessment, picked in SQL (one query).

    A correlated subquery rather than DISTINCT ON, so that SQLite and PostgreSQL agree."""
    newest = (
        Assessment.objects.submitted()
        .filter(organization=OuterRef("organization"))
        .order_by(*NEWEST_FIRST)
        .values("pk")[:1]
    )
    return Assessment.objects.submitted().filter(
        organization__in=organizations, pk=Subquery(newest)
    )


def is_consultant(user: User) -> bool:
    return user.is_staff or Membership.objects.consulting(user).exists()


def local_day(moment: datetime) -> date:
    """The calendar day of `moment` in the site's time zone, as the pages show it."""
    return timezone.localtime(moment).date()


def short_date(value: datetime | date | None) -> str:
    """A day in the active language's short format, in the site's time zone."""
    if value is None:
        return ""
    day = local_day(value) if isinstance(value, datetime) else value
    return _short_day(day, get_language())


@lru_cache(maxsize=4096)
def _short_day(day: date, language: str | None) -> str:
    # Pages list the same few days many times (50 columns, 70 picks): formatted once each.
    return date_format(day, "SHORT_DATE_FORMAT")


# -- consultant home -------------------------------------------------------------------


@dataclass(frozen=True)
class ClientRow:
    slug: str
    name: str
    stage: str | None  # of the latest submitted assessment
    score: float | None
    previous_score: float | None
    drafts: int
    last_date: datetime | None
    pending_invitations: int = 0

    @property
    def change(self) -> float | None:
        if self.score is None or self.previous_score is None:
            return None
        return round(self.score - self.previous_score, 1)


@dataclass
class ClientsPage:
    rows: list[ClientRow]
    page: Page[Any]
    search: str
    total: int  # clients of the consultant, whatever the search


def _nth_submitted(value: Any, index: int) -> Subquery:
    """A value of an organization's `index`-th newest submitted assessment (0: latest)."""
    return Subquery(
        Assessment.objects.submitted()
        .filter(organization=OuterRef("pk"))
        .order_by(*NEWEST_FIRST)
        .annotate(value=value)
        .values("value")[index : index + 1]
    )


def _count_of(queryset: "QuerySet[Any]") -> Coalesce:
    """How many rows of `queryset` (filtered on OuterRef("pk")) there are, as a subquery."""
    counted = queryset.order_by().values("organization").annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def consultant_clients(user: User, *, search: str = "", page: int | str = 1) -> ClientsPage:
    """One page of the organizations the user consults for, with their latest and
    previous scores (three queries: count, the page's ids, the page's figures)."""
    consulted = Organization.objects.filter(
        memberships__user=user, memberships__role=Membership.Role.CONSULTANT
    )
    total_query = consulted
    if search:
        consulted = consulted.filter(name__icontains=search)
    # The page's ids first, then its figures: the subqueries run for 25 rows, not for
    # every client (SQLite computes a sorted query's columns before its LIMIT).
    paginator = Paginator(
        consulted.order_by("name", "pk").values_list("pk", flat=True), CLIENTS_PER_PAGE
    )
    current = paginator.get_page(page)
    ids = list(current.object_list)
    organizations = (
        Organization.objects.filter(pk__in=ids)
        .annotate(
            latest_stage=_nth_submitted(overall_stage(), 0),
            latest_score=_nth_submitted(overall_score(), 0),
            previous_score=_nth_submitted(overall_score(), 1),
            draft_count=_count_of(Assessment.objects.drafts().filter(organization=OuterRef("pk"))),
            last_date=Subquery(
                Assessment.objects.filter(organization=OuterRef("pk"))
                .order_by()
                .values("organization")
                .annotate(last=Max("updated_at"))
                .values("last")
            ),
            pending=_count_of(
                Invitation.objects.filter(pending_invitation(), organization=OuterRef("pk"))
            ),
        )
        .order_by("name", "pk")
        .values(
            "slug",
            "name",
            "latest_stage",
            "latest_score",
            "previous_score",
            "draft_count",
            "last_date",
            "pending",
        )
    )
    rows = [
        ClientRow(
            slug=o["slug"],
            name=o["name"],
            stage=o["latest_stage"],
            score=o["latest_score"],
            previous_score=o["previous_score"],
            drafts=o["draft_count"],
            last_date=o["last_date"],
            pending_invitations=o["pending"],
        )
        for o in organizations
    ]
    # Count only when searching: otherwise the page's own count is the total.
    total = total_query.count() if search else paginator.count
    return ClientsPage(rows=rows, page=current, search=search, total=total)


# -- compare -----------------------------------------------------------------------------


@dataclass(frozen=True)
class CompareFilters:
    """What narrows the picker: a name, a client, a period, an overall stage."""

    search: str = ""
    client: str = ""  # an organization's slug
    since: date | None = None
    until: date | None = None
    stage: str = ""

    @property
    def active(self) -> bool:
        return bool(self.search or self.client or self.since or self.until or self.stage)


@dataclass(frozen=True)
class Pick:
    """A submitted assessment in the picker, read from `.values()`."""

    pk: int
    organization: str
    submitted: datetime
    stage: str | None
    score: float | None
    checked: bool

    @property
    def submitted_text(self) -> str:
        return short_date(self.submitted)

    @property
    def score_text(self) -> str:
        return one_decimal(self.score)


PICK_FIELDS = {"stage": overall_stage(), "score": overall_score()}


def _pick(row: Mapping[str, Any], *, checked: bool) -> Pick:
    return Pick(
        pk=row["pk"],
        organization=row["organization__name"],
        submitted=row["submitted_at"],
        stage=row["stage"],
        score=row["score"],
        checked=checked,
    )


@dataclass(frozen=True)
class Compared:
    """A chosen assessment, read from `.values()` (no model rows for 50 results)."""

    pk: int
    organization: str
    submitted: datetime
    result: dict[str, Any]
    slug: str = ""  # the organization's

    @classmethod
    def of(cls, row: Mapping[str, Any]) -> "Compared":
        return cls(
            pk=row["pk"],
            organization=row["organization__name"],
            submitted=row["submitted_at"],
            result=row["result"] or {},
            slug=row.get("organization__slug", ""),
        )

    @property
    def entry(self) -> comparison.Entry:
        return comparison.Entry(
            id=self.pk,
            organization=self.organization,
            submitted=local_day(self.submitted),
            result=self.result,
        )

    @property
    def label(self) -> str:
        return f"{self.organization} · {short_date(self.submitted)}"


@dataclass
class CompareTable:
    """The chosen assessments side by side, as the page and its exports show them."""

    chosen: list[Compared]
    labels: Labels
    columns: list[str] = field(default_factory=list)
    rows: list[dict[str, Any]] = field(default_factory=list)
    overall: list[dict[str, Any]] = field(default_factory=list)
    selected: int = 0  # visible ids asked for, before the cut at MAX_COMPARED

    @property
    def cut(self) -> bool:
        return self.selected > MAX_COMPARED


@dataclass
class ComparePage:
    table: CompareTable
    selected: list[Pick]  # every chosen one, checked (also those past the cut)
    picks: Page[Any]  # one page of the others matching the filters
    filters: CompareFilters
    clients: list[tuple[str, str]]  # slug, name: the client filter's choices
    charts: dict[str, Any] = field(default_factory=dict)
    max_compared: int = MAX_COMPARED

    # The template reads the table's parts directly.
    @property
    def rows(self) -> list[dict[str, Any]]:
        return self.table.rows

    @property
    def chosen(self) -> list[Compared]:
        return self.table.chosen


def submitted_at(assessment: Assessment) -> datetime:
    """When a submitted assessment was submitted (every page here shows submitted ones)."""
    assert assessment.submitted_at is not None, "a submitted assessment has its date"
    return assessment.submitted_at


def one_decimal(value: float | None, separator: str | None = None) -> str:
    """A score as the active language writes it ("61.3", "61,3"); "—" for none.

    As number_format(value, 1) writes a score (below 1,000: no grouping), at a fraction of
    its cost for a table of 400 cells: pass the language's `separator` when formatting many."""
    if value is None:
        return "—"
    text = f"{value:.1f}"
    separator = separator or get_format("DECIMAL_SEPARATOR")
    return text if separator == "." else text.replace(".", separator)


def _cell(
    cell: comparison.Cell, first: bool, stages: dict[str, str], separator: str
) -> dict[str, Any]:
    # The first column is the baseline: its change (0.0) and crossing (never) are not shown.
    change = None if first else cell.change
    # Formatted here once: 50 columns of template filters cost more than the page.
    sign = "+" if change is not None and change > 0 else ""
    return {
        "score": cell.score,
        "stage": cell.stage,
        "change": change,
        "crossed": cell.crossed,
        "score_text": one_decimal(cell.score, separator),
        "stage_title": stages.get(cell.stage, cell.stage) if cell.stage else "",
        "change_text": "" if change is None else sign + one_decimal(change, separator),
        "change_css": (
            ""
            if change is None or change == 0
            else ("text-success" if change > 0 else "text-danger")
        ),
    }


def _visible(user: User) -> QuerySet[Assessment]:
    return Assessment.objects.for_user(user).submitted()


def compare_table(
    user: User, ids: Sequence[int], *, names: Labels | None = None
) -> tuple[CompareTable, list[Pick]]:
    """The chosen submitted assessments side by side (the first MAX_COMPARED of them), and
    every chosen one for the picker; ids the user may not see are dropped (two queries)."""
    wanted = list(dict.fromkeys(ids))[:MAX_IDS]
    found = {
        row["pk"]: row
        for row in _visible(user)
        .filter(pk__in=wanted)
        .values("pk", "organization__name", "submitted_at", **PICK_FIELDS)
    }
    order = [pk for pk in wanted if pk in found]
    selected = [_pick(found[pk], checked=True) for pk in order]
    table = CompareTable(chosen=[], labels=names or labels(), selected=len(order))
    compared_ids = order[:MAX_COMPARED]
    if not compared_ids:
        return table, selected
    by_id = {
        row["pk"]: Compared.of(row)
        for row in _visible(user)
        .filter(pk__in=compared_ids)
        .values("pk", "organization__name", "submitted_at", "result")
    }
    table.chosen = [by_id[pk] for pk in compared_ids if pk in by_id]
    if not table.chosen:
        return table, selected
    compared = comparison.table([c.entry for c in table.chosen], table.labels.element_order)
    table.columns = [c.label for c in table.chosen]
    stages = table.labels.stages
    separator = str(get_format("DECIMAL_SEPARATOR"))
    table.rows = [
        {
            "key": key,
            "title": table.labels.elements.get(key, key),
            "cells": [_cell(cell, i == 0, stages, separator) for i, cell in enumerate(cells)],
        }
        for key, cells in compared.elements
    ]
    table.overall = [
        _cell(cell, i == 0, stages, separator) for i, cell in enumerate(compared.overall)
    ]
    return table, selected


def _filtered(user: User, filters: CompareFilters) -> QuerySet[Assessment]:
    found = _visible(user)
    if filters.search:
        found = found.filter(organization__name__icontains=filters.search)
    if filters.client:
        found = found.filter(organization__slug=filters.client)
    if filters.since:
        found = found.filter(submitted_at__date__gte=filters.since)
    if filters.until:
        found = found.filter(submitted_at__date__lte=filters.until)
    if filters.stage:
        found = found.filter(result__overall__stage=filters.stage)
    return found


def compare_clients(user: User) -> list[tuple[str, str]]:
    """The client filter's choices: the organizations the user belongs to (one query)."""
    return list(Organization.objects.for_user(user).order_by("name").values_list("slug", "name"))


def compare_page(
    user: User,
    ids: Sequence[int],
    *,
    filters: CompareFilters | None = None,
    clients: list[tuple[str, str]] | None = None,
    names: Labels | None = None,
    page: int | str = 1,
) -> ComparePage:
    """The compare page: the chosen assessments side by side with their charts, and a
    picker of the others, filtered and paginated."""
    filters = filters or CompareFilters()
    table, selected = compare_table(user, ids, names=names)
    candidates = (
        _filtered(user, filters)
        .exclude(pk__in=[pick.pk for pick in selected])
        # Oldest first within a client: ticked in this order, the first is the reference.
        .order_by("organization__name", "organization__pk", "submitted_at", "pk")
        .values("pk", "organization__name", "submitted_at", **PICK_FIELDS)
    )
    paginator: Paginator[Any] = Paginator(candidates, PICKS_PER_PAGE)
    picks = paginator.get_page(page)
    picks.object_list = [_pick(row, checked=False) for row in picks.object_list]
    result = ComparePage(
        table=table,
        selected=selected,
        picks=picks,
        filters=filters,
        clients=clients if clients is not None else compare_clients(user),
    )
    if table.rows:
        titles = [row["title"] for row in table.rows]
        result.charts["radar"] = charts.overlaid_radar(
            labels=titles,
            series=[
                (label, [row["cells"][i]["score"] for row in table.rows])
                for i, label in enumerate(table.columns)
            ],
            title=_("Element scores, overlaid"),
        )
        result.charts["heatmap"] = charts.score_heatmap(
            element_labels=titles,
            columns=table.columns,
            scores=[[cell["score"] for cell in row["cells"]] for row in table.rows],
            title=_("Element scores per assessment"),
        )
    return result


def compare_export(user: User, ids: Sequence[int]) -> Export | None:
    """The comparison as a table for clients: one row per assessment and element, then its
    overall figures. None when nothing the user may see was chosen."""
    table, _selected = compare_table(user, ids)
    if not table.rows:
        return None
    stages = table.labels.stages
    rows: list[list[Any]] = []
    entries = [(row["title"], row["cells"]) for row in table.rows]
    entries.append((_("Overall"), table.overall))
    days = [local_day(chosen.submitted) for chosen in table.chosen]
    for title, cells in entries:
        for chosen, day, cell in zip(table.chosen, days, cells, strict=True):
            rows.append(
                [
                    title,
                    chosen.organization,
                    day,
                    cell["score"],
                    stages.get(cell["stage"], cell["stage"]),
                    cell["change"],
                    cell["crossed"],
                ]
            )
    columns = [
        Column(_("Element")),
        Column(_("Client")),
        Column(_("Submitted"), "date"),
        Column(_("Score"), "score"),
        Column(_("Stage")),
        Column(_("Change against the first"), "change"),
        Column(_("Stage differs from the first"), "yesno"),
    ]
    notes = [(_("Compared"), " | ".join(table.columns))]
    if table.cut:
        notes.append(
            (
                _("Left out"),
                _("%(count)s selected; the first %(max)s are compared.")
                % {"count": table.selected, "max": MAX_COMPARED},
            )
        )
    return Export(
        filename="comparison",
        title=_("Comparison of assessments"),
        sheets=[Sheet(_("Comparison"), columns, rows)],
        notes=notes,
    )


# -- progress over time ------------------------------------------------------------------

# Plotly (d3) date formats, by language: plotly.js names months in English only, so the
# other languages get numbers in their own order.
PLOTLY_DATES = {"de": "%d.%m.%Y", "ko": "%Y. %m. %d."}
PLOTLY_DATE_DEFAULT = "%b %-d, %Y"


def plotly_date_format() -> str:
    return PLOTLY_DATES.get((get_language() or "en").split("-")[0], PLOTLY_DATE_DEFAULT)


@dataclass
class ProgressPage:
    organization: Organization
    assessments: list[Assessment]
    labels: Labels
    chart: dict[str, Any] | None
    series: list[tuple[str, list[float | None]]] = field(default_factory=list)


def _progress(organization: Organization) -> ProgressPage:
    assessments = list(
        organization.assessments.submitted()
        .select_related("organization")
        .order_by("submitted_at", "pk")
    )
    names = labels()
    if not assessments:
        return ProgressPage(organization, [], names, None)
    rows = comparison.progress_rows([comparison_entry(a) for a in assessments], names.element_order)
    series = [(names.elements.get(element, element), scores) for element, scores in rows]
    return ProgressPage(organization, assessments, names, None, series)


def progress_page(organization: Organization) -> ProgressPage:
    page = _progress(organization)
    if not page.assessments:
        return page
    names = page.labels
    overall = [a.result["overall"] if a.result else {} for a in page.assessments]
    page.chart = charts.progress_lines(
        dates=[local_day(submitted_at(a)).isoformat() for a in page.assessments],
        series=page.series,
        stages=[names.stages.get(o.get("stage", ""), o.get("stage", "")) for o in overall],
        stage_order=[names.stages.get(key, key) for key in comparison.STAGES],
        stage_name=_("Overall stage"),
        overall_scores=[o.get("score") for o in overall],
        overall_name=_("Overall score"),
        score_title=_("score: share of capabilities in place"),
        date_format=plotly_date_format(),
        title=_("Element scores over time"),
    )
    return page


def progress_export(organization: Organization) -> Export:
    """Element scores (rows) per submission (columns), then the overall score and stage."""
    page = _progress(organization)
    dates = [local_day(submitted_at(a)) for a in page.assessments]
    rows: list[list[Any]] = [[title, *scores] for title, scores in page.series]
    overall = [a.result["overall"] if a.result else {} for a in page.assessments]
    if page.assessments:
        rows.append([_("Overall score"), *[o.get("score") for o in overall]])
    columns = [Column(_("Element")), *[Column(short_date(day), "score") for day in dates]]
    stages = [page.labels.stages.get(o.get("stage", ""), "") for o in overall]
    notes = [(_("Client"), organization.name)]
    if page.assessments:
        # The stage is a word, not a score: said beside the table, one per submission.
        notes.append(
            (
                _("Overall stage"),
                ", ".join(f"{short_date(d)}: {s}" for d, s in zip(dates, stages, strict=True)),
            )
        )
    return Export(
        filename=f"progress-{organization.slug}",
        title=_("Progress of %(name)s") % {"name": organization.name},
        sheets=[Sheet(_("Progress"), columns, rows)],
        notes=notes,
    )


# -- portfolio ---------------------------------------------------------------------------


@dataclass(frozen=True)
class SpreadRow:
    """One element across the clients' latest results."""

    key: str
    title: str
    q1: float
    median: float
    q3: float
    clients: int


@dataclass(frozen=True)
class PortfolioClient:
    slug: str
    name: str
    submitted: datetime
    stage: str
    score: float | None
    scores: list[float | None]  # per element, in the page's element order


@dataclass
class PortfolioPage:
    clients: int
    labels: Labels
    by_stage: list[tuple[str, str, int]]
    spread: list[SpreadRow]  # empty below comparison.QUARTILE_MINIMUM clients
    charts: dict[str, Any]
    latest: list[PortfolioClient] = field(default_factory=list)
    quartile_minimum: int = comparison.QUARTILE_MINIMUM

    @property
    def quartiles_shown(self) -> bool:
        return self.clients >= comparison.QUARTILE_MINIMUM


def _portfolio(user: User) -> PortfolioPage:
    """Each client's latest result (one query), clients per stage, the quartiles."""
    consulted = Membership.objects.consulting(user).values("organization")
    assessments = [
        Compared.of(row)
        for row in latest_submitted(consulted)
        .order_by("organization__name", "organization__pk")
        .values("pk", "organization__name", "submitted_at", "result", "organization__slug")
    ]
    names = labels()
    if not assessments:
        return PortfolioPage(0, names, [], [], {})
    entries = [a.entry for a in assessments]
    counts, quartiles = comparison.portfolio_summary(entries, names.element_order, latest=True)
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
    latest = [
        PortfolioClient(
            slug=a.slug,
            name=a.organization,
            submitted=a.submitted,
            stage=a.result["overall"]["stage"] if a.result else "",
            score=a.result["overall"]["score"] if a.result else None,
            scores=[
                a.result.get("elements", {}).get(key, {}).get("score")
                for key in names.element_order
            ],
        )
        for a in assessments
    ]
    clients = len(assessments)
    if clients < comparison.QUARTILE_MINIMUM:
        spread = []
    return PortfolioPage(clients, names, by_stage, spread, {}, latest)


def _named(names: list[str]) -> str:
    shown = ", ".join(names[:NAMED_PER_BAR])
    more = len(names) - NAMED_PER_BAR
    if more > 0:
        shown += " " + ngettext("and %(n)s more", "and %(n)s more", more) % {"n": more}
    return shown


def portfolio_page(user: User) -> PortfolioPage:
    page = _portfolio(user)
    if not page.clients:
        return page
    per_stage: dict[str, list[str]] = {key: [] for key in comparison.STAGES}
    for client in page.latest:
        per_stage.setdefault(client.stage, []).append(client.name)
    page.charts["stages"] = charts.stage_counts(
        stage_labels=[title for _key, title, _count in page.by_stage],
        stage_keys=[key for key, _title, _count in page.by_stage],
        counts=[count for _key, _title, count in page.by_stage],
        clients=[_named(per_stage[key]) for key, _title, _count in page.by_stage],
        title=_("Clients by stage"),
    )
    if page.spread:
        page.charts["spread"] = charts.quartile_boxes(
            labels=[row.title for row in page.spread],
            q1=[row.q1 for row in page.spread],
            median=[row.median for row in page.spread],
            q3=[row.q3 for row in page.spread],
            name=_("Clients"),
            title=_("Per element: median and middle half of the clients"),
        )
    return page


def portfolio_parts(user: User) -> tuple[Any, ...]:
    """Names all the portfolio shows: each client's latest submitted assessment (its result
    and date are frozen at submission) with the client's name and slug, and the peer-set
    version, which names the latest bank publication whose titles the page uses (two small
    queries, where the page itself reads every result)."""
    consulted = Membership.objects.consulting(user).values("organization")
    latest = (
        latest_submitted(consulted)
        .order_by("organization__name", "organization__pk")
        .values_list("pk", "organization__name", "organization__slug")
    )
    return (peer_set_version(), list(latest))


def portfolio_export(user: User) -> Export | None:
    """Each client's latest result by name, then (from five clients) the quartiles."""
    page = _portfolio(user)
    if not page.clients:
        return None
    element_titles = [page.labels.elements[key] for key in page.labels.element_order]
    columns = [
        Column(_("Client")),
        Column(_("Submitted"), "date"),
        Column(_("Stage")),
        Column(_("Score"), "score"),
        *[Column(title, "score") for title in element_titles],
    ]
    rows = [
        [
            c.name,
            local_day(c.submitted),
            page.labels.stages.get(c.stage, c.stage),
            c.score,
            *c.scores,
        ]
        for c in page.latest
    ]
    sheets = [Sheet(_("Clients"), columns, rows)]
    notes = []
    if page.spread:
        sheets.append(
            Sheet(
                _("Quartiles"),
                [
                    Column(_("Element")),
                    Column(_("Lower quartile"), "score"),
                    Column(_("Median"), "score"),
                    Column(_("Upper quartile"), "score"),
                    Column(_("Clients"), "count"),
                ],
                [[r.title, r.q1, r.median, r.q3, r.clients] for r in page.spread],
            )
        )
    else:
        notes.append((_("Quartiles"), quartiles_missing(page.clients)))
    return Export(
        filename="portfolio",
        title=_("Portfolio: each client's latest result"),
        sheets=sheets,
        notes=notes,
    )


def quartiles_missing(clients: int) -> str:
    return ngettext(
        "Quartiles are shown from %(minimum)s clients on; %(count)s client has a result.",
        "Quartiles are shown from %(minimum)s clients on; %(count)s clients have a result.",
        clients,
    ) % {"minimum": comparison.QUARTILE_MINIMUM, "count": clients}
