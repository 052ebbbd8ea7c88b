"""Plotly figures of the consultant's pages (compare, progress, portfolio), from plain data."""

from collections.abc import Sequence
from typing import Any

import plotly.graph_objects as go

from core.charts import STAGE_COLOURS, closed, figure_json, polar_json


def overlaid_radar(
    *, labels: Sequence[str], series: Sequence[tuple[str, Sequence[float | None]]]
) -> dict[str, Any]:
    """Several assessments' element scores on one radar, a colour each."""
    palette = ["#2f7fc1", "#e07a2f", "#2e9e6a", "#8e44ad", "#c0392b", "#16a085", "#7f8c8d"]
    spokes = closed(labels)
    figure = go.Figure()
    for index, (name, scores) in enumerate(series):
        values = [0 if s is None else s for s in scores]
        figure.add_trace(
            go.Scatterpolar(
                r=closed(values),
                theta=spokes,
                name=name,
                mode="lines+markers",
                line={"color": palette[index % len(palette)], "width": 2},
                hovertemplate="%{theta}: %{r:.1f}<extra>%{fullData.name}</extra>",
            )
        )
    return polar_json(figure, height=460)


def score_heatmap(
    *,
    element_labels: Sequence[str],
    columns: Sequence[str],
    scores: Sequence[Sequence[float | None]],
) -> dict[str, Any]:
    """Elements x assessments, coloured by score."""
    text = [["—" if s is None else f"{s:.1f}" for s in row] for row in scores]
    figure = go.Figure(
        go.Heatmap(
            z=[list(row) for row in scores],
            x=list(columns),
            y=list(element_labels),
            text=text,
            texttemplate="%{text}",
            zmin=0,
            zmax=100,
            colorscale=[[0, "#f8d7c4"], [0.5, "#f3f0d7"], [1, STAGE_COLOURS["run"]]],
            hovertemplate="%{y} · %{x}: %{text}<extra></extra>",
            xgap=3,
            ygap=3,
        )
    )
    figure.update_layout(
        yaxis={"autorange": "reversed"},
        xaxis={"type": "category"},
        height=120 + 45 * len(element_labels),
    )
    return figure_json(figure)


def progress_lines(
    *,
    dates: Sequence[str],
    series: Sequence[tuple[str, Sequence[float | None]]],
    stages: Sequence[str],
    stage_order: Sequence[str],
    stage_name: str,
    overall_scores: Sequence[float | None],
    overall_name: str,
    score_title: str,
) -> dict[str, Any]:
    """A client's assessments over time: the overall stage as steps above, the scores as
    lines below (the overall one bold), on axes of their own.

    A score is the share of capabilities in place over all stages, so it is drawn with no
    stage bands: 70 does not mean any stage.
    """
    figure = go.Figure()
    figure.add_trace(
        go.Scatter(
            x=list(dates),
            y=list(stages),
            mode="lines+markers",
            line={"shape": "hv", "color": "#1f3b57", "width": 3},
            name=stage_name,
            yaxis="y2",
            hovertemplate="%{x}: %{y}<extra>%{fullData.name}</extra>",
        )
    )
    figure.add_trace(
        go.Scatter(
            x=list(dates),
            y=list(overall_scores),
            mode="lines+markers",
            line={"color": "#1f3b57", "width": 4, "dash": "dot"},
            name=overall_name,
            hovertemplate="%{x}: %{y:.1f}<extra>%{fullData.name}</extra>",
        )
    )
    for name, scores in series:
        figure.add_trace(
            go.Scatter(
                x=list(dates),
                y=list(scores),
                mode="lines+markers",
                name=name,
                hovertemplate="%{x}: %{y:.1f}<extra>%{fullData.name}</extra>",
            )
        )
    figure.update_layout(
        yaxis={"range": [0, 100], "title": {"text": score_title}, "domain": [0, 0.66]},
        yaxis2={
            "type": "category",
            "categoryorder": "array",
            "categoryarray": list(stage_order),
            "range": [-0.5, len(stage_order) - 0.5],
            "domain": [0.76, 1],
        },
        xaxis={"type": "category"},
        height=480,
        legend={"orientation": "h", "y": -0.2, "x": 0.5, "xanchor": "center"},
    )
    return figure_json(figure)


def quartile_boxes(
    *,
    labels: Sequence[str],
    q1: Sequence[float],
    median: Sequence[float],
    q3: Sequence[float],
    name: str,
) -> dict[str, Any]:
    """Per element the middle half of the clients (box) and their median (line)."""
    figure = go.Figure(
        go.Box(
            x=list(labels),
            q1=list(q1),
            median=list(median),
            q3=list(q3),
            lowerfence=list(q1),
            upperfence=list(q3),
            name=name,
            marker={"color": STAGE_COLOURS["walk"]},
            fillcolor="rgba(47, 127, 193, 0.25)",
        )
    )
    figure.update_layout(yaxis={"range": [0, 100]}, height=380, showlegend=False)
    return figure_json(figure)


def stage_counts(
    *, stage_labels: Sequence[str], stage_keys: Sequence[str], counts: Sequence[int]
) -> dict[str, Any]:
    figure = go.Figure(
        go.Bar(
            x=list(stage_labels),
            y=list(counts),
            marker={"color": [STAGE_COLOURS[k] for k in stage_keys]},
            hovertemplate="%{x}: %{y}<extra></extra>",
        )
    )
    figure.update_layout(height=300, yaxis={"dtick": 1})
    return figure_json(figure)
