"""Plotly figures of the lifecycle dashboard, from plain data (see core/charts.py)."""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import plotly.graph_objects as go
from plotly.subplots import make_subplots

from core.charts import STAGE_COLOURS, figure_json

BAR_COLOUR = "#5b7fa3"
DROP_OFF_COLOUR = "#c0392b"
BAND_COLOUR = "rgba(46, 158, 106, 0.15)"
BENCHMARK_COLOUR = "#2e9e6a"
NO_DATA_COLOUR = "#6c757d"


def rates_against_benchmarks(
    *,
    labels: Sequence[str],
    shares: Sequence[float | None],
    drop_off: int | None,
    no_data: str,
    benchmark_title: str,
) -> dict[str, Any]:
    """Each stage's latest rate as a percentage of its benchmark (100 = level with it); a
    stage without data gets no bar but the words "no data". Not a funnel: the stages'
    rates have different denominators."""
    values = [None if s is None else round(100 * s, 1) for s in shares]
    colours = [DROP_OFF_COLOUR if i == drop_off else BAR_COLOUR for i in range(len(labels))]
    figure = go.Figure(
        go.Bar(
            y=list(labels),
            x=[v or 0 for v in values],
            orientation="h",
            marker={"color": colours},
            text=["" if v is None else f"{v:.0f}%" for v in values],
            textposition="outside",
            cliponaxis=False,
            hovertemplate="%{y}: %{x:.0f}%<extra></extra>",
        )
    )
    for index, value in enumerate(values):
        if value is None:
            figure.add_annotation(
                x=0,
                y=labels[index],
                text=no_data,
                showarrow=False,
                xanchor="left",
                font={"color": NO_DATA_COLOUR},
            )
    top = max([100.0, *(v for v in values if v is not None)])
    figure.add_vline(x=100, line={"color": BENCHMARK_COLOUR, "dash": "dash", "width": 2})
    figure.add_annotation(
        x=100,
        y=1,
        yref="paper",
        yanchor="bottom",
        text=benchmark_title,
        showarrow=False,
        font={"color": BENCHMARK_COLOUR},
    )
    figure.update_xaxes(ticksuffix="%", range=[0, top * 1.2])
    figure.update_yaxes(autorange="reversed")
    figure = figure_json(figure)
    # no less than the .chart box (static/css/app.css), which would leave a gap under it
    figure["layout"]["height"] = max(320, 80 + 48 * len(labels))
    return figure


@dataclass(frozen=True)
class TrendSeries:
    title: str
    values: Sequence[float | None]
    benchmark: float | None  # drawn as a dashed line
    band: tuple[float, float] | None  # the range its source states, if any


def rate_trends(
    *, months: Sequence[str], series: Sequence[TrendSeries], no_data: str
) -> dict[str, Any]:
    """A small line chart per rate (in percent) with its benchmark as a dashed line and
    the source's range, where it states one, as a band; "no data" where a rate has none."""
    rows = (len(series) + 1) // 2
    figure = make_subplots(
        rows=rows, cols=2, subplot_titles=[s.title for s in series], vertical_spacing=0.3
    )
    for index, line in enumerate(series):
        row, col = index // 2 + 1, index % 2 + 1
        values = [None if v is None else round(100 * v, 2) for v in line.values]
        figure.add_trace(
            go.Scatter(
                x=list(months),
                y=values,
                mode="lines+markers",
                name=line.title,
                line={"color": STAGE_COLOURS["walk"]},
                connectgaps=False,
                hovertemplate="%{x}: %{y:.2f}%<extra>%{fullData.name}</extra>",
                showlegend=False,
            ),
            row=row,
            col=col,
        )
        if line.band is not None:
            figure.add_hrect(
                y0=100 * line.band[0],
                y1=100 * line.band[1],
                fillcolor=BAND_COLOUR,
                line_width=0,
                row=row,
                col=col,
            )
        if line.benchmark is not None:
            figure.add_hline(
                y=100 * line.benchmark,
                line={"color": BENCHMARK_COLOUR, "dash": "dash", "width": 1.5},
                row=row,
                col=col,
            )
        if all(v is None for v in values):
            axis = "" if index == 0 else str(index + 1)
            figure.add_annotation(
                text=no_data,
                xref=f"x{axis} domain",
                yref=f"y{axis} domain",
                x=0.5,
                y=0.5,
                showarrow=False,
                font={"color": NO_DATA_COLOUR, "size": 14},
            )
        figure.update_yaxes(ticksuffix="%", rangemode="tozero", row=row, col=col)
    figure.update_xaxes(tickangle=-45, nticks=8)
    figure.update_layout(height=320 * rows)
    return figure_json(figure)


def cohort_heatmap(
    *,
    cohorts: Sequence[str],
    offsets: Sequence[int],
    shares: Sequence[Sequence[float | None]],
    x_title: str,
) -> dict[str, Any]:
    z = [[None if s is None else round(100 * s, 1) for s in row] for row in shares]
    figure = go.Figure(
        go.Heatmap(
            z=z,
            x=[str(o) for o in offsets],
            y=list(cohorts),
            text=[["" if v is None else f"{v:.0f}%" for v in row] for row in z],
            texttemplate="%{text}",
            colorscale=[[0, "#f4f7fb"], [1, STAGE_COLOURS["walk"]]],
            zmin=0,
            zmax=100,
            colorbar={"ticksuffix": "%"},
            hovertemplate="%{y} +%{x}: %{z:.1f}%<extra></extra>",
            xgap=2,
            ygap=2,
        )
    )
    figure.update_layout(
        xaxis={"title": {"text": x_title}, "type": "category"},
        yaxis={"autorange": "reversed", "type": "category"},
        height=max(300, 28 * len(cohorts) + 120),
    )
    return figure_json(figure)


def segment_bars(
    *,
    names: Sequence[str],
    customers: Sequence[int],
    revenue: Sequence[float],
    customers_title: str,
    revenue_title: str,
) -> dict[str, Any]:
    figure = make_subplots(
        rows=1, cols=2, shared_yaxes=True, subplot_titles=[customers_title, revenue_title]
    )
    figure.add_trace(
        go.Bar(
            y=list(names),
            x=list(customers),
            orientation="h",
            marker={"color": BAR_COLOUR},
            showlegend=False,
            hovertemplate="%{y}: %{x}<extra></extra>",
        ),
        row=1,
        col=1,
    )
    figure.add_trace(
        go.Bar(
            y=list(names),
            x=list(revenue),
            orientation="h",
            marker={"color": STAGE_COLOURS["run"]},
            showlegend=False,
            hovertemplate="%{y}: %{x:,.0f}<extra></extra>",
        ),
        row=1,
        col=2,
    )
    figure.update_yaxes(autorange="reversed")
    figure.update_layout(height=120 + 32 * len(names))
    return figure_json(figure)


def category_bars(*, names: Sequence[str], counts: Sequence[int]) -> dict[str, Any]:
    figure = go.Figure(
        go.Bar(
            x=list(names),
            y=list(counts),
            marker={
                "color": [STAGE_COLOURS["crawl"], STAGE_COLOURS["walk"], STAGE_COLOURS["run"]][
                    : len(names)
                ]
            },
            hovertemplate="%{x}: %{y}<extra></extra>",
        )
    )
    figure.update_layout(height=300)
    return figure_json(figure)
