"""What the lifecycle dashboard shows, in a fixed number of queries whatever the data size.

What comes from the latest import (segments, categories, dormancy bands, cohorts) and every
figure are computed once and cached, under a key naming what they show: the import, the
months' figures, the reference data's version (lifecycle.caching) and the language. A new
import, a typed figure or an admin edit makes a new key; nothing is searched and deleted.
"""

import hashlib
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.core.cache import cache
from django.db.models import Count, Prefetch, Q, Sum
from django.utils.formats import date_format
from django.utils.functional import Promise
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from lifecycle import analysis, charts
from lifecycle.caching import reference_version
from lifecycle.metrics import (
    DropOff,
    Measures,
    Month,
    latest_done_import,
    merged_months,
    stage_drop_off,
)
from lifecycle.models import (
    Benchmark,
    Channel,
    CohortShare,
    Customer,
    DormancyThreshold,
    FrequencyBin,
    ImportedMonth,
    LifecycleStage,
    OrdersImport,
    RfmSegment,
)
from organizations.models import Organization

PERCENT, MONEY, RATIO = "percent", "money", "ratio"
# Part of every cache key: bump when what is cached changes shape.
CACHE_FORMAT = 1
# Entries outlive no change (their key names what they show); this only frees the space.
CACHE_SECONDS = 7 * 24 * 3600


@dataclass(frozen=True)
class RateSpec:
    key: str
    title: Promise
    # how this app measures it, so it can be read against the benchmark's definition
    definition: Promise
    # what is needed when there is no data
    needs: Promise
    unit: str = PERCENT


RATE_SPECS = (
    RateSpec(
        analysis.CONVERSION,
        gettext_lazy("Conversion rate"),
        gettext_lazy("Orders ÷ sessions (visitors) of the month."),
        gettext_lazy("Needs the month's sessions, typed in, and its orders."),
    ),
    RateSpec(
        analysis.NURTURE,
        gettext_lazy("Nurture rate"),
        gettext_lazy(
            "Share of the month's new customers who ordered again within 90 days of their "
            "first order."
        ),
        gettext_lazy("Defined once 90 days have passed since the month's end."),
    ),
    RateSpec(
        analysis.RETENTION,
        gettext_lazy("Repeat customer rate (12 months)"),
        gettext_lazy(
            "Customers with two or more orders ÷ customers with at least one, over the 12 "
            "months up to the month's end."
        ),
        gettext_lazy("Needs 12 months of orders."),
    ),
    RateSpec(
        analysis.REFERRAL,
        gettext_lazy("Referral rate"),
        gettext_lazy(
            "Orders that came through a referral (the order names a referrer) ÷ all orders "
            "of the month."
        ),
        gettext_lazy("Needs a referred_by column in the orders file, or referred orders typed in."),
    ),
    RateSpec(
        analysis.CAC,
        gettext_lazy("Customer acquisition cost"),
        gettext_lazy("Acquisition spend ÷ new customers of the month."),
        gettext_lazy("Needs the month's acquisition spend, typed in, and its new customers."),
        MONEY,
    ),
    RateSpec(
        analysis.LTV_CAC,
        gettext_lazy("LTV : CAC"),
        gettext_lazy(
            "Revenue per customer over the 12 months up to the month's end (revenue, not "
            "margin) ÷ customer acquisition cost."
        ),
        gettext_lazy("Needs the customer acquisition cost and 12 months of orders."),
        RATIO,
    ),
)
# the rates drawn month by month
TREND_RATES = (analysis.CONVERSION, analysis.NURTURE, analysis.RETENTION, analysis.REFERRAL)


@dataclass
class RateRow:
    spec: RateSpec
    stage: LifecycleStage | None
    value: float | None
    month: date | None
    benchmark: Benchmark | None
    is_drop_off: bool

    @property
    def against_benchmark(self) -> float | None:
        """The rate as a share of its benchmark (1.0: level with it)."""
        if self.value is None or self.benchmark is None or not self.benchmark.value:
            return None
        return self.value / self.benchmark.value


@dataclass
class DormancyBand:
    threshold: DormancyThreshold
    until: int | None  # the last day of the band; None for the highest threshold
    customers: int


@dataclass
class Dashboard:
    organization: Organization
    latest_import: OrdersImport | None
    months: list[Month]
    rates: list[RateRow]
    stages: list[LifecycleStage]
    drop_off: DropOff | None
    # stages that have a rate: has any of them both a value and a benchmark?
    any_comparable: bool
    # the latest import predates the figures derived now (re-import to get them)
    import_outdated: bool
    reference_benchmarks: list[Benchmark]
    segments: list[tuple[RfmSegment, int, float]]
    categories: list[tuple[str, int]]
    dormancy: list[DormancyBand]
    frequency_bins: list[tuple[int, int | None, int]]
    # the reach stage's figures: title and (month, value) of the latest month recording it
    reach: list[tuple[str, tuple[date, float] | None]] = field(default_factory=list)
    charts: dict[str, Any] = field(default_factory=dict)
    # names what the page shows of the board, but the roadmap items (see _cache_key)
    cache_key: str = ""
    cache_seconds: int = CACHE_SECONDS

    @property
    def stage_cards(self) -> list[tuple[LifecycleStage, str, str]]:
        """Each stage with its advice cut short, and the rest shown on demand ("more")."""
        return [(stage, *short_text(stage.advice)) for stage in self.stages]

    @property
    def latest(self) -> Month | None:
        return self.months[-1] if self.months else None


def _reference() -> tuple[dict[str, Benchmark], list[LifecycleStage]]:
    """The benchmarks, and the stages with their channels: 3 queries, cached under the
    reference data's version."""
    key = f"lifecycle:reference:{CACHE_FORMAT}:{reference_version()}"
    found: tuple[dict[str, Benchmark], list[LifecycleStage]] | None = cache.get(key)
    if found is None:
        found = (
            {b.key: b for b in Benchmark.objects.all()},
            list(
                LifecycleStage.objects.prefetch_related(
                    Prefetch("channels", queryset=Channel.objects.order_by("order"))
                )
            ),
        )
        cache.set(key, found, CACHE_SECONDS)
    return found


def _measures(organization: Organization, latest_import: OrdersImport | None) -> Measures:
    """lifecycle_measures, with the import's months (frozen with it) cached: the typed
    months are the one query."""
    imported: list[ImportedMonth] = []
    if latest_import is not None:
        key = f"lifecycle:import-months:{CACHE_FORMAT}:{_import_version(latest_import)}"
        cached: list[ImportedMonth] | None = cache.get(key)
        if cached is None:
            cached = list(ImportedMonth.objects.filter(orders_import=latest_import))
            cache.set(key, cached, CACHE_SECONDS)
        imported = cached
    months = merged_months(organization.period_figures.all(), imported)
    return Measures(
        latest_import, months, analysis.latest_rates((m.month, m.rates) for m in months)
    )


def _import_version(orders_import: OrdersImport) -> str:
    """An import is frozen once done; its id and finish time name it (ids may be reused
    after a database is rebuilt, finish times not)."""
    finished = orders_import.finished_at.isoformat() if orders_import.finished_at else ""
    return f"{orders_import.pk}:{finished}"


def dashboard(*, organization: Organization) -> Dashboard:
    latest_import = latest_done_import(organization)
    measures = _measures(organization, latest_import)
    benchmarks, stages = _reference()
    drop = stage_drop_off(stages, benchmarks, measures.latest)
    stage_of = {stage.rate: stage for stage in stages if stage.rate}
    rates = []
    for spec in RATE_SPECS:
        found = measures.latest.get(spec.key)
        rates.append(
            RateRow(
                spec=spec,
                stage=stage_of.get(spec.key),
                value=found[1] if found else None,
                month=found[0] if found else None,
                benchmark=benchmarks.get(spec.key),
                is_drop_off=drop is not None and drop.rate == spec.key,
            )
        )
    any_comparable = any(
        row.value is not None and row.benchmark is not None for row in rates if row.stage
    )
    compared = {spec.key for spec in RATE_SPECS}
    board = Dashboard(
        organization=organization,
        latest_import=latest_import,
        months=measures.months,
        rates=rates,
        stages=stages,
        drop_off=drop,
        any_comparable=any_comparable,
        import_outdated=any(
            m.from_orders and m.figures.get("orders") is None for m in measures.months
        ),
        reference_benchmarks=[b for key, b in benchmarks.items() if key not in compared],
        segments=[],
        categories=[],
        dormancy=[],
        frequency_bins=[],
    )
    board.reach = [
        (str(title), _latest_figure(measures.months, name))
        for name, title in (
            ("visitors", gettext_lazy("Sessions")),
            ("impressions", gettext_lazy("Impressions")),
        )
    ]
    _add_frozen(board)
    return board


@dataclass(frozen=True)
class Frozen:
    """What the dashboard caches: the latest import's customers part and every figure."""

    segments: list[tuple[RfmSegment, int, float]]
    categories: list[tuple[str, int]]
    dormancy: list[DormancyBand]
    frequency_bins: list[tuple[int, int | None, int]]
    charts: dict[str, Any]


def _cache_key(board: Dashboard) -> str:
    """Names everything the cached part shows: the import, each month's figures and rates
    (typed or imported), the reference data's version and the language."""
    latest = board.latest_import
    months = repr([(m.month, sorted(m.figures.items())) for m in board.months])
    drop_off = board.drop_off.rate if board.drop_off else None
    named = repr(
        (
            board.organization.pk,
            board.organization.slug,
            _import_version(latest) if latest else None,
            drop_off,
            reference_version(),
            get_language(),
            months,
        )
    )
    digest = hashlib.sha256(named.encode()).hexdigest()
    return f"lifecycle:dashboard:{CACHE_FORMAT}:{board.organization.pk}:{digest}"


def _add_frozen(board: Dashboard) -> None:
    """The cached part, computed on a miss (6 queries with an import, none without)."""
    key = board.cache_key = _cache_key(board)
    frozen = cache.get(key)
    if frozen is None:
        cohorts: list[CohortShare] = []
        if board.latest_import is not None:
            cohorts = _add_customers(board, board.latest_import)
        _add_charts(board, cohorts)
        frozen = Frozen(
            board.segments, board.categories, board.dormancy, board.frequency_bins, board.charts
        )
        cache.set(key, frozen, CACHE_SECONDS)
    board.segments = frozen.segments
    board.categories = frozen.categories
    board.dormancy = frozen.dormancy
    board.frequency_bins = frozen.frequency_bins
    board.charts = frozen.charts


def _add_customers(board: Dashboard, latest_import: OrdersImport) -> list[CohortShare]:
    customers = Customer.objects.filter(orders_import=latest_import)
    totals = {
        row["segment"]: (row["n"], row["revenue"] or 0.0)
        for row in customers.values("segment")
        .annotate(n=Count("pk"), revenue=Sum("revenue"))
        .order_by()
    }
    board.segments = [
        (segment, *totals[segment.pk])
        for segment in RfmSegment.objects.all()
        if segment.pk in totals
    ]
    thresholds = list(DormancyThreshold.objects.all())
    days = [t.days for t in thresholds]
    ends = [*(d - 1 for d in days[1:]), None]
    # categories and dormancy bands in one query; the bands follow dormancy_bands' rule
    counts = customers.aggregate(
        **{
            f"category_{key}": Count("pk", filter=Q(category=key))
            for key in (analysis.CUSTOMER, analysis.RETAINED, analysis.ADVOCATE)
        },
        **{
            f"band_{start}": Count(
                "pk",
                filter=Q(recency_days__gte=start)
                & (Q(recency_days__lte=end) if end is not None else Q()),
            )
            for start, end in zip(days, ends, strict=True)
        },
    )
    board.categories = [
        (str(name), counts[f"category_{key}"])
        for key, name in (
            (analysis.CUSTOMER, gettext_lazy("Customers (one order)")),
            (analysis.RETAINED, gettext_lazy("Retained (two or more)")),
            (analysis.ADVOCATE, gettext_lazy("Advocates (referred someone)")),
        )
    ]
    board.dormancy = [
        DormancyBand(threshold, end, counts[f"band_{threshold.days}"])
        for threshold, end in zip(thresholds, ends, strict=True)
    ]
    bins = list(FrequencyBin.objects.values_list("min_orders", "score"))
    if analysis.check_frequency_bins(dict(bins)):
        bins = sorted(analysis.SPEC_FREQUENCY_BINS.items())
    board.frequency_bins = [
        (start, following[0] - 1 if following else None, score)
        for (start, score), following in zip(bins, [*bins[1:], None], strict=True)
    ]
    return list(CohortShare.objects.filter(orders_import=latest_import))


def short_text(text: str, words: int = 25) -> tuple[str, str]:
    """A text's first sentence, and the rest ("" when the text is short anyway)."""
    text = str(text).strip()
    if len(text.split()) <= words:
        return text, ""
    end = text.find(". ")
    if end < 0 or end + 2 >= len(text):
        return text, ""
    return text[: end + 1], text[end + 2 :].strip()


def _latest_figure(months: list[Month], name: str) -> tuple[date, float] | None:
    """The latest month recording a figure, and its value."""
    for month in reversed(months):
        if (value := month.figures.get(name)) is not None:
            return month.month, value
    return None


def _month_label(month: date) -> str:
    return date_format(month, "M Y")


def _add_charts(board: Dashboard, cohorts: list[CohortShare]) -> None:
    comparable = [row for row in board.rates if row.stage is not None and row.benchmark is not None]
    if any(row.value is not None for row in comparable):
        board.charts["against"] = charts.rates_against_benchmarks(
            labels=[str(row.stage.title) for row in comparable],  # type: ignore[union-attr]
            shares=[row.against_benchmark for row in comparable],
            drop_off=next((i for i, row in enumerate(comparable) if row.is_drop_off), None),
            no_data=_("no data"),
            benchmark_title=_("benchmark = 100%"),
        )
    if board.months:
        by_key = {row.spec.key: row for row in board.rates}
        months = [_month_label(m.month) for m in board.months]
        trends = []
        for key in TREND_RATES:
            row = by_key[key]
            benchmark = row.benchmark
            series = charts.TrendSeries(
                key=key,
                title=str(row.spec.title),
                values=[month.rates.get(key) for month in board.months],
                benchmark=benchmark.value if benchmark else None,
                band=(benchmark.low, benchmark.high)
                if benchmark and benchmark.low is not None and benchmark.high is not None
                else None,
            )
            figure = charts.rate_trend(months=months, series=series, no_data=_("no data"))
            trends.append((key, series.title, figure))
        board.charts["trends"] = trends
    if cohorts:
        labels = sorted({c.cohort for c in cohorts})
        offsets = sorted({c.offset for c in cohorts})
        grid = {(c.cohort, c.offset): c.share for c in cohorts}
        board.charts["cohorts"] = charts.cohort_heatmap(
            cohorts=[_month_label(m) for m in labels],
            offsets=offsets,
            shares=[[grid.get((m, o)) for o in offsets] for m in labels],
            x_title=_("months after the first order"),
        )
    if board.segments:
        board.charts["segments"] = charts.segment_bars(
            names=[segment.name for segment, _n, _r in board.segments],
            customers=[n for _s, n, _r in board.segments],
            revenue=[revenue for _s, _n, revenue in board.segments],
            customers_title=_("Customers"),
            revenue_title=_("Revenue"),
        )
    if board.categories:
        board.charts["categories"] = charts.category_bars(
            names=[name for name, _n in board.categories],
            counts=[n for _name, n in board.categories],
        )
