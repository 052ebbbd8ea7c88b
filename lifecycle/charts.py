"""Plotly figures of the lifecycle dashboard, from plain data (see assessments/charts.py)."""

from collections.abc import Sequence
from typing import Any

import plotly.graph_objects as go
from plotly.subplots import make_subplots

from assessments.charts import STAGE_COLOURS, figure_json

FUNNEL_COLOUR = "#5b7fa3"
DROP_OFF_COLOUR = "#c0392b"
BAND_COLOUR = "rgba(46, 158, 106, 0.15)"


def funnel(
    *, labels: Sequence[str], values: Sequence[int | None], drop_off: int | None, note: str
) -> dict[str, Any]:
    """The latest month's funnel; the drop-off stage (an index into labels) in red."""
    colours = [DROP_OFF_COLOUR if i == drop_off else FUNNEL_COLOUR for i in range(len(labels))]
    figure = go.Figure(
        go.Funnel(
            y=list(labels),
            x=[v or 0 for v in values],
            marker={"color": colours},
            textinfo="value",
            hovertemplate="%{y}: %{x}<extra></extra>",
        )
    )
    if note:
        figure.add_annotation(
            text=note,
            xref="paper",
            yref="paper",
            x=1,
            y=-0.12,
            showarrow=False,
            align="right",
            font={"color": DROP_OFF_COLOUR},
        )
    figure = figure_json(figure)
    figure["layout"]["height"] = 380
    figure["layout"]["margin"]["b"] = 60
    return figure


def rate_trends(
    *,
    months: Sequence[str],
    series: Sequence[tuple[str, Sequence[float | None], tuple[float, float] | None]],
) -> dict[str, Any]:
    """A small line chart per rate (in percent) with its benchmark range as a band."""
    rows = (len(series) + 1) // 2
    figure = make_subplots(
        rows=rows, cols=2, subplot_titles=[title for title, *_ in series], vertical_spacing=0.3
    )
    for index, (title, values, band) in enumerate(series):
        row, col = index // 2 + 1, index % 2 + 1
        figure.add_trace(
            go.Scatter(
                x=list(months),
                y=[None if v is None else round(100 * v, 2) for v in values],
                mode="lines+markers",
                name=title,
                line={"color": STAGE_COLOURS["walk"]},
                connectgaps=False,
                hovertemplate="%{x}: %{y:.2f}%<extra>%{fullData.name}</extra>",
                showlegend=False,
            ),
            row=row,
            col=col,
        )
        if band is not None:
            figure.add_hrect(
                y0=100 * band[0],
                y1=100 * band[1],
                fillcolor=BAND_COLOUR,
                line_width=0,
                row=row,
                col=col,
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
            marker={"color": FUNNEL_COLOUR},
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
