"""Plotly figures of the lifecycle dashboard, from plain data, as plain dicts.

A figure is {"data": [...], "layout": {...}} as plotly.js takes it: no go.Figure, no
make_subplots, no template (the shared look ships once, in static/js/charts.js). Building
the dashboard's five figures through go.Figure and make_subplots was three quarters of the
page's time. Every text plotly.js draws as HTML is escaped (core.charts.escape_texts).
"""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from core.charts import STAGE_COLOURS, escape_texts

BAR_COLOUR = "#5b7fa3"
DROP_OFF_COLOUR = "#c0392b"
BAND_COLOUR = "rgba(46, 158, 106, 0.15)"
BENCHMARK_COLOUR = "#2e9e6a"
NO_DATA_COLOUR = "#6c757d"
GRID_COLOUR = "#ebf0f8"
MARGIN = {"l": 40, "r": 40, "t": 30, "b": 30}

Figure = dict[str, Any]


def _figure(data: list[dict[str, Any]], layout: dict[str, Any]) -> Figure:
    """A figure as a page embeds it, texts escaped."""
    figure: Figure = {"data": escape_texts(data), "layout": escape_texts(layout)}  # type: ignore[arg-type]
    return figure


def _no_data(text: str, size: int | None = None, **where: Any) -> dict[str, Any]:
    font = {"color": NO_DATA_COLOUR, **({"size": size} if size else {})}
    return {"text": text, "showarrow": False, "font": font, **where}


def rates_against_benchmarks(
    *,
    labels: Sequence[str],
    shares: Sequence[float | None],
    drop_off: int | None,
    no_data: str,
    benchmark_title: str,
) -> Figure:
    """Each stage's latest rate as a percentage of its benchmark (100 = level with it); a
    stage without data gets no bar but the words "no data". Not a funnel: the stages'
    rates have different denominators."""
    values = [None if s is None else round(100 * s, 1) for s in shares]
    colours = [DROP_OFF_COLOUR if i == drop_off else BAR_COLOUR for i in range(len(labels))]
    top = max([100.0, *(v for v in values if v is not None)])
    annotations = [
        _no_data(no_data, x=0, y=labels[index], xanchor="left")
        for index, value in enumerate(values)
        if value is None
    ]
    annotations.append(
        {
            "x": 100,
            "y": 1,
            "yref": "paper",
            "yanchor": "bottom",
            "text": benchmark_title,
            "showarrow": False,
            "font": {"color": BENCHMARK_COLOUR},
        }
    )
    return _figure(
        [
            {
                "type": "bar",
                "orientation": "h",
                "y": list(labels),
                "x": [v or 0 for v in values],
                "marker": {"color": colours},
                "text": ["" if v is None else f"{v:.0f}%" for v in values],
                "textposition": "outside",
                "cliponaxis": False,
                "hovertemplate": "%{y}: %{x:.0f}%<extra></extra>",
            }
        ],
        {
            "xaxis": {"ticksuffix": "%", "range": [0, top * 1.2]},
            "yaxis": {"autorange": "reversed", "automargin": True},
            "shapes": [
                {
                    "type": "line",
                    "x0": 100,
                    "x1": 100,
                    "y0": 0,
                    "y1": 1,
                    "yref": "paper",
                    "line": {"color": BENCHMARK_COLOUR, "dash": "dash", "width": 2},
                }
            ],
            "annotations": annotations,
            "margin": MARGIN,
            "showlegend": False,
            # no less than the .chart box (static/css/app.css), which would leave a gap under it
            "height": max(320, 80 + 48 * len(labels)),
        },
    )


@dataclass(frozen=True)
class TrendSeries:
    key: str
    title: str
    values: Sequence[float | None]
    benchmark: float | None  # drawn as a dashed line
    band: tuple[float, float] | None  # the range its source states, if any


def rate_trend(*, months: Sequence[str], series: TrendSeries, no_data: str) -> Figure:
    """One rate month by month (in percent) with its benchmark as a dashed line and the
    source's range, where it states one, as a band; "no data" where the rate has none."""
    values = [None if v is None else round(100 * v, 2) for v in series.values]
    shapes: list[dict[str, Any]] = []
    if series.band is not None:
        shapes.append(
            {
                "type": "rect",
                "xref": "paper",
                "x0": 0,
                "x1": 1,
                "y0": 100 * series.band[0],
                "y1": 100 * series.band[1],
                "fillcolor": BAND_COLOUR,
                "line": {"width": 0},
                "layer": "below",
            }
        )
    if series.benchmark is not None:
        shapes.append(
            {
                "type": "line",
                "xref": "paper",
                "x0": 0,
                "x1": 1,
                "y0": 100 * series.benchmark,
                "y1": 100 * series.benchmark,
                "line": {"color": BENCHMARK_COLOUR, "dash": "dash", "width": 1.5},
            }
        )
    annotations = []
    if all(v is None for v in values):
        annotations.append(_no_data(no_data, 14, xref="paper", yref="paper", x=0.5, y=0.5))
    return _figure(
        [
            {
                "type": "scatter",
                "x": list(months),
                "y": values,
                "mode": "lines+markers",
                "name": series.title,
                "line": {"color": STAGE_COLOURS["walk"]},
                "connectgaps": False,
                "hovertemplate": "%{x}: %{y:.2f}%<extra></extra>",
                "showlegend": False,
            }
        ],
        {
            "title": {"text": series.title, "font": {"size": 14}},
            "xaxis": {"type": "category", "tickangle": -45, "nticks": 8},
            "yaxis": {"ticksuffix": "%", "rangemode": "tozero"},
            "shapes": shapes,
            "annotations": annotations,
            "margin": {**MARGIN, "t": 40},
            "height": 320,  # the .chart box (static/css/app.css)
        },
    )


def cohort_heatmap(
    *,
    cohorts: Sequence[str],
    offsets: Sequence[int],
    shares: Sequence[Sequence[float | None]],
    x_title: str,
) -> Figure:
    """Each cohort's share buying in each month since its first; cells big enough to read."""
    z = [[None if s is None else round(100 * s, 1) for s in row] for row in shares]
    return _figure(
        [
            {
                "type": "heatmap",
                "z": z,
                "x": [str(o) for o in offsets],
                "y": list(cohorts),
                "text": [["" if v is None else f"{v:.0f}" for v in row] for row in z],
                "texttemplate": "%{text}",
                "textfont": {"size": 13},
                "colorscale": [[0, "#f4f7fb"], [1, STAGE_COLOURS["walk"]]],
                "zmin": 0,
                "zmax": 100,
                "colorbar": {"ticksuffix": "%", "thickness": 12},
                "hovertemplate": "%{y} +%{x}: %{z:.1f}%<extra></extra>",
                "xgap": 2,
                "ygap": 2,
            }
        ],
        {
            "xaxis": {"title": {"text": x_title}, "type": "category", "side": "top"},
            "yaxis": {"autorange": "reversed", "type": "category", "automargin": True},
            "margin": {**MARGIN, "t": 60},
            "height": max(320, 34 * len(cohorts) + 120),
        },
    )


def segment_bars(
    *,
    names: Sequence[str],
    customers: Sequence[int],
    revenue: Sequence[float],
    customers_title: str,
    revenue_title: str,
) -> Figure:
    """Customers and revenue per segment, side by side on one shared list of segments."""
    trace = {"type": "bar", "orientation": "h", "y": list(names), "showlegend": False}
    return _figure(
        [
            {
                **trace,
                "x": list(customers),
                "marker": {"color": BAR_COLOUR},
                "hovertemplate": "%{y}: %{x}<extra></extra>",
            },
            {
                **trace,
                "x": list(revenue),
                "xaxis": "x2",
                "marker": {"color": STAGE_COLOURS["run"]},
                "hovertemplate": "%{y}: %{x:,.0f}<extra></extra>",
            },
        ],
        {
            "xaxis": {"domain": [0, 0.47], "anchor": "y"},
            "xaxis2": {"domain": [0.53, 1], "anchor": "y"},
            "yaxis": {"autorange": "reversed", "automargin": True},
            "annotations": [
                {
                    "text": title,
                    "x": x,
                    "y": 1,
                    "xref": "paper",
                    "yref": "paper",
                    "xanchor": "center",
                    "yanchor": "bottom",
                    "showarrow": False,
                    "font": {"size": 14},
                }
                for title, x in ((customers_title, 0.235), (revenue_title, 0.765))
            ],
            "margin": MARGIN,
            "height": 120 + 32 * len(names),
        },
    )


def category_bars(*, names: Sequence[str], counts: Sequence[int]) -> Figure:
    """Customers per category as horizontal bars: the names read level, never rotated."""
    colours = [STAGE_COLOURS["crawl"], STAGE_COLOURS["walk"], STAGE_COLOURS["run"]]
    return _figure(
        [
            {
                "type": "bar",
                "orientation": "h",
                "y": list(names),
                "x": list(counts),
                "text": [f"{n:,}" for n in counts],
                "textposition": "outside",
                "cliponaxis": False,
                "marker": {"color": colours[: len(names)]},
                "hovertemplate": "%{y}: %{x}<extra></extra>",
            }
        ],
        {
            "xaxis": {"rangemode": "tozero", "gridcolor": GRID_COLOUR},
            "yaxis": {"autorange": "reversed", "automargin": True},
            "margin": {**MARGIN, "r": 60},
            "showlegend": False,
            "height": max(320, 80 + 56 * len(names)),
        },
    )
