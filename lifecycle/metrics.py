"""An organization's lifecycle figures and rates month by month, their latest values and
the drop-off stage: what the dashboard shows and what other parts of the product ask.

    latest_metrics(organization=org)["retention"]   # 0.31, or None: no data
    latest_metrics(organization=org)["segment:champions"]   # customers in the segment
    dropoff_stage(organization=org)                 # "retention", or None
    lifecycle_snapshot(organization=org)            # both, and each value's month, at once

Metric names: the rates of `analysis.RATES` (conversion, nurture, retention, referral,
cac, ltv, ltv_cac) and `segment:<key>` for each RFM segment's size in the latest import.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from django.db.models import Count
from django.utils.translation import gettext as _

from lifecycle import analysis
from lifecycle.models import (
    FIGURE_FIELDS,
    MONEY_FIGURES,
    TYPED_ONLY_FIGURES,
    Benchmark,
    Customer,
    ImportedMonth,
    LifecycleStage,
    OrdersImport,
    PeriodFigures,
    RfmSegment,
)
from organizations.models import Organization

SEGMENT_PREFIX = "segment:"

Figures = dict[str, float | int | None]


@dataclass(frozen=True)
class Month:
    month: date
    figures: Figures
    rates: dict[str, float | None]
    from_orders: bool  # the orders figures come from the latest import


@dataclass(frozen=True)
class Measures:
    latest_import: OrdersImport | None
    months: list[Month]
    # per rate: its latest defined value and that value's month
    latest: dict[str, tuple[date, float] | None]


@dataclass(frozen=True)
class DropOff:
    stage: LifecycleStage
    rate: str
    value: float
    month: date
    benchmark: Benchmark
    shortfall: float  # relative to the benchmark: 0.25 is a quarter below it


def latest_done_import(organization: Organization) -> OrdersImport | None:
    return (
        organization.orders_imports.filter(status=OrdersImport.Status.DONE)
        .order_by("-created_at")
        .first()
    )


def merged_months(typed: Iterable[PeriodFigures], imported: Iterable[ImportedMonth]) -> list[Month]:
    """Per month, the figures an orders import derives where it covers the month, and the
    typed ones otherwise; sessions, impressions and spend are always the typed ones.

    A month's orders figures come from one source only, so that no rate divides a figure
    from the orders file by one typed in.
    """
    months: dict[date, Figures] = {}
    from_orders: set[date] = set()
    for imported_row in imported:
        from_orders.add(imported_row.month)
        months[imported_row.month] = {
            name: getattr(imported_row, name) for name in analysis.ORDER_FIGURES
        }
    for row in typed:
        figures = months.setdefault(row.month, {})
        for name in FIGURE_FIELDS:
            if row.month in from_orders and name not in TYPED_ONLY_FIGURES:
                continue
            value = getattr(row, name)
            figures[name] = float(value) if name in MONEY_FIGURES and value is not None else value
    return [
        Month(month, figures, analysis.period_rates(figures), month in from_orders)
        for month, figures in sorted(months.items())
    ]


def lifecycle_measures(
    *, organization: Organization, latest_import: OrdersImport | None
) -> Measures:
    """The months and latest rates, given the latest import (2 queries)."""
    imported = (
        list(ImportedMonth.objects.filter(orders_import=latest_import)) if latest_import else []
    )
    months = merged_months(organization.period_figures.all(), imported)
    latest = analysis.latest_rates((m.month, m.rates) for m in months)
    return Measures(latest_import, months, latest)


def stage_drop_off(
    stages: Iterable[LifecycleStage],
    benchmarks: Mapping[str, Benchmark],
    latest: Mapping[str, tuple[date, float] | None],
) -> DropOff | None:
    """The stage whose latest rate falls furthest below its benchmark, among the stages
    whose rate and benchmark are both defined; None when there is no such stage or none
    falls below."""
    by_rate = {stage.rate: stage for stage in stages if stage.rate}
    rates = {key: point[1] if (point := latest.get(key)) else None for key in by_rate}
    values = {key: benchmarks[key].value if key in benchmarks else None for key in by_rate}
    found = analysis.drop_off(rates, values)
    if found is None:
        return None
    key, shortfall = found
    latest_point = latest[key]
    assert latest_point is not None  # drop_off only picks a rate that has a value
    month, value = latest_point
    return DropOff(by_rate[key], key, value, month, benchmarks[key], shortfall)


def segment_sizes(
    latest_import: OrdersImport | None, segments: list[RfmSegment] | None = None
) -> dict[str, int | None]:
    """Customers per RFM segment in the latest import (2 queries, 1 given the segments);
    None without an import."""
    if segments is None:
        segments = list(RfmSegment.objects.all())
    if latest_import is None:
        return {segment.key: None for segment in segments}
    counts = dict(
        Customer.objects.filter(orders_import=latest_import)
        .values_list("segment")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {segment.key: counts.get(segment.pk, 0) for segment in segments}


def latest_metrics(*, organization: Organization) -> dict[str, float | None]:
    """The latest defined value of every lifecycle metric, None where there is no data."""
    measures = lifecycle_measures(
        organization=organization, latest_import=latest_done_import(organization)
    )
    metrics: dict[str, float | None] = {
        key: found[1] if found else None for key, found in measures.latest.items()
    }
    for key, size in segment_sizes(measures.latest_import).items():
        metrics[f"{SEGMENT_PREFIX}{key}"] = size
    return metrics


@dataclass(frozen=True)
class Snapshot:
    """The latest value of every metric, the month each is from, and the drop-off stage."""

    metrics: dict[str, float | None]
    # the month of a rate's latest value; a segment's size is as of the import's as-of date
    dates: dict[str, date | None]
    drop_off: str | None
    segments: list[RfmSegment]
    stages: list[LifecycleStage]

    @property
    def drop_off_stage(self) -> LifecycleStage | None:
        return next((stage for stage in self.stages if stage.key == self.drop_off), None)


def lifecycle_snapshot(*, organization: Organization, segments: bool = True) -> Snapshot:
    """latest_metrics() and dropoff_stage() in one go: five queries without an orders
    import (latest import, typed months, stages, benchmarks, segments), seven with one
    (its months and its segment counts too); without `segments`, four and five."""
    latest_import = latest_done_import(organization)
    measures = lifecycle_measures(organization=organization, latest_import=latest_import)
    stages = list(LifecycleStage.objects.all())
    found = stage_drop_off(
        stages,
        {benchmark.key: benchmark for benchmark in Benchmark.objects.all()},
        measures.latest,
    )
    metrics: dict[str, float | None] = {}
    dates: dict[str, date | None] = {}
    for key, point in measures.latest.items():
        metrics[key] = point[1] if point else None
        dates[key] = point[0] if point else None
    rfm = list(RfmSegment.objects.all()) if segments else []
    if rfm:
        for key, size in segment_sizes(latest_import, rfm).items():
            metrics[f"{SEGMENT_PREFIX}{key}"] = size
            dates[f"{SEGMENT_PREFIX}{key}"] = latest_import.as_of if latest_import else None
    return Snapshot(metrics, dates, found.stage.key if found else None, rfm, stages)


# What a goal can measure (SPEC.md 2.2 and issue 12): the rates as goals state them (a share
# in percent, as people write "2.5 %"), and each segment's size.
GOAL_RATES = (
    analysis.CONVERSION,
    analysis.NURTURE,
    analysis.RETENTION,
    analysis.REFERRAL,
    analysis.CAC,
    analysis.LTV_CAC,
)
PERCENT_RATES = (analysis.CONVERSION, analysis.NURTURE, analysis.RETENTION, analysis.REFERRAL)
# Where less is better: a cost, and the segments of customers slipping away.
LOWER_IS_BETTER = frozenset(
    {
        analysis.CAC,
        *(
            f"{SEGMENT_PREFIX}{key}"
            for key in ("about-to-sleep", "at-risk", "cant-lose-them", "hibernating", "lost")
        ),
    }
)


def goal_unit(key: str) -> str:
    """The unit a goal on metric `key` is written in."""
    if key in PERCENT_RATES:
        return "%"
    if key == analysis.LTV_CAC:
        return ":1"
    return ""


def metric_title(key: str) -> str:
    """A metric's name without a query: the rate's title, or the segment's key in words
    (the page that lists segments names them from the database)."""
    from lifecycle.dashboard import RATE_SPECS  # the dashboard reads this module

    titles = {spec.key: str(spec.title) for spec in RATE_SPECS}
    if key in titles:
        return titles[key]
    if key.startswith(SEGMENT_PREFIX):
        segment = key.removeprefix(SEGMENT_PREFIX).replace("-", " ")
        return str(_("Customers in the segment “%(segment)s”") % {"segment": segment})
    return key


def goal_value(key: str, value: float | None) -> float | None:
    """A metric's value as a goal states it: a rate in percent (0.025 -> 2.5)."""
    if value is None:
        return None
    return round(100 * value, 4) if key in PERCENT_RATES else value


def dropoff_stage(*, organization: Organization) -> str | None:
    """The key of the current drop-off stage (e.g. "retention"), or None when there is none."""
    measures = lifecycle_measures(
        organization=organization, latest_import=latest_done_import(organization)
    )
    found = stage_drop_off(
        LifecycleStage.objects.all(),
        {benchmark.key: benchmark for benchmark in Benchmark.objects.all()},
        measures.latest,
    )
    return found.stage.key if found else None
