"""What the lifecycle dashboard shows, in a fixed number of queries whatever the data size."""

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Count, Prefetch, Q, Sum
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lifecycle import analysis, charts
from lifecycle.models import (
    FIGURE_FIELDS,
    Benchmark,
    Channel,
    CohortShare,
    Customer,
    DormancyThreshold,
    ImportedMonth,
    LifecycleStage,
    OrdersImport,
    PeriodFigures,
    RfmSegment,
)
from organizations.models import Organization

# lifecycle stage -> the figure its funnel bar shows
FUNNEL_FIGURES = {
    "reach": "visitors",
    "acquisition": "new_customers",
    "nurture": "nurtured_customers",
    "retention": "repeat_customers",
    "advocacy": "advocates",
}
RATE_TITLES = {
    "conversion": gettext_lazy("Conversion rate"),
    "nurture": gettext_lazy("Nurture rate"),
    "retention": gettext_lazy("Repeat purchase rate"),
    "referral": gettext_lazy("Referral rate"),
}


@dataclass
class StageCard:
    stage: LifecycleStage
    rate: float | None
    benchmark: Benchmark | None
    is_drop_off: bool


@dataclass
class Dashboard:
    organization: Organization
    latest_import: OrdersImport | None
    months: list[tuple[date, dict[str, Any], dict[str, float | None]]]
    latest: tuple[date, dict[str, Any], dict[str, float | None]] | None
    cards: list[StageCard]
    segments: list[tuple[RfmSegment, int, float]]
    categories: list[tuple[str, int]]
    dormancy: list[tuple[DormancyThreshold, int]]
    drop_off: tuple[str, float] | None
    charts: dict[str, dict[str, Any]] = field(default_factory=dict)


def merged_months(
    typed: list[PeriodFigures], imported: list[ImportedMonth]
) -> dict[date, dict[str, Any]]:
    """Per month, typed-in figures where given, else those derived from the latest import."""
    months: dict[date, dict[str, Any]] = {}
    for row in imported:
        months[row.month] = {
            "new_customers": row.new_customers,
            "active_customers": row.active_customers,
            "repeat_customers": row.repeat_customers,
            "advocates": row.advocates,
        }
    for row in typed:
        figures = months.setdefault(row.month, {})
        for name in FIGURE_FIELDS:
            value = getattr(row, name)
            if value is not None:
                figures[name] = float(value) if name == "acquisition_spend" else value
    return dict(sorted(months.items()))


def dashboard(*, organization: Organization) -> Dashboard:
    latest_import = (
        organization.orders_imports.filter(status=OrdersImport.Status.DONE)
        .order_by("-created_at")
        .first()
    )
    imported = (
        list(ImportedMonth.objects.filter(orders_import=latest_import)) if latest_import else []
    )
    typed = list(organization.period_figures.all())
    months = [
        (month, figures, analysis.period_rates(figures))
        for month, figures in merged_months(typed, imported).items()
    ]
    latest = months[-1] if months else None
    benchmarks = {b.key: b for b in Benchmark.objects.all()}
    stages = list(
        LifecycleStage.objects.prefetch_related(
            Prefetch("channels", queryset=Channel.objects.order_by("order"))
        )
    )
    rates = latest[2] if latest else {}
    drop = analysis.drop_off(
        {stage.rate: rates.get(stage.rate) for stage in stages if stage.rate},
        {key: b.value for key, b in benchmarks.items()},
    )
    cards = [
        StageCard(
            stage=stage,
            rate=rates.get(stage.rate) if stage.rate else None,
            benchmark=benchmarks.get(stage.rate),
            is_drop_off=drop is not None and drop[0] == stage.rate,
        )
        for stage in stages
    ]
    segments: list[tuple[RfmSegment, int, float]] = []
    categories: list[tuple[str, int]] = []
    cohorts: list[CohortShare] = []
    dormancy: list[tuple[DormancyThreshold, int]] = []
    if latest_import is not None:
        totals = {
            row["segment"]: (row["n"], row["revenue"] or 0.0)
            for row in Customer.objects.filter(orders_import=latest_import)
            .values("segment")
            .annotate(n=Count("pk"), revenue=Sum("revenue"))
            .order_by()
        }
        segments = [
            (segment, *totals[segment.pk])
            for segment in RfmSegment.objects.all()
            if segment.pk in totals
        ]
        by_category = dict(
            Customer.objects.filter(orders_import=latest_import)
            .values_list("category")
            .annotate(n=Count("pk"))
            .order_by()
        )
        categories = [
            (name, by_category.get(key, 0))
            for key, name in (
                (analysis.CUSTOMER, _("Customers (one order)")),
                (analysis.RETAINED, _("Retained (two or more)")),
                (analysis.ADVOCATE, _("Advocates (referred someone)")),
            )
        ]
        cohorts = list(CohortShare.objects.filter(orders_import=latest_import))
        thresholds = list(DormancyThreshold.objects.all())
        counts = Customer.objects.filter(orders_import=latest_import).aggregate(
            **{
                f"over_{t.days}": Count("pk", filter=Q(recency_days__gte=t.days))
                for t in thresholds
            }
        )
        dormancy = [(t, counts[f"over_{t.days}"]) for t in thresholds]
    board = Dashboard(
        organization, latest_import, months, latest, cards, segments, categories, dormancy, drop
    )
    _add_charts(board, stages, benchmarks, cohorts)
    return board


def _month_label(month: date) -> str:
    return date_format(month, "M Y")


def _add_charts(
    board: Dashboard,
    stages: list[LifecycleStage],
    benchmarks: dict[str, Benchmark],
    cohorts: list[CohortShare],
) -> None:
    if board.latest is not None:
        _month, figures, _rates = board.latest
        drop_index = next((i for i, card in enumerate(board.cards) if card.is_drop_off), None)
        note = ""
        if board.drop_off is not None:
            card = board.cards[drop_index]
            note = _("Drop-off: %(stage)s, %(short)s%% below the benchmark of %(benchmark)s") % {
                "stage": card.stage.title,
                "short": round(100 * board.drop_off[1]),
                "benchmark": f"{100 * card.benchmark.value:.1f}%",
            }
        board.charts["funnel"] = charts.funnel(
            labels=[stage.title for stage in stages],
            values=[figures.get(FUNNEL_FIGURES.get(stage.key, "")) for stage in stages],
            drop_off=drop_index,
            note=note,
        )
        series = []
        for key, title in RATE_TITLES.items():
            benchmark = benchmarks.get(key)
            band = (
                (benchmark.low, benchmark.high)
                if benchmark and benchmark.low is not None and benchmark.high is not None
                else None
            )
            series.append((str(title), [rates.get(key) for _m, _f, rates in board.months], band))
        board.charts["trends"] = charts.rate_trends(
            months=[_month_label(m) for m, _f, _r in board.months], series=series
        )
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
