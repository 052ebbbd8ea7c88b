"""Plotly figures from plain data; pages embed them as JSON and static/js/charts.js draws them."""

from collections.abc import Sequence
from typing import Any

import plotly.graph_objects as go

from core.charts import STAGE_COLOURS, closed, figure_json, plain_figure, polar_json

PHASE_COLOURS = ("#1f3b57", "#5b7fa3", "#a9c1d9")
SCORE_COLOUR = "#1f3b57"


def radar(
    *,
    labels: Sequence[str],
    scores: Sequence[float | None],
    score_name: str,
    peer: Sequence[float | None] | None = None,
    peer_name: str = "",
) -> dict[str, Any]:
    """Element scores (0-100: the share of capabilities in place, all stages) and, when
    given, the median of the other clients. No stage is drawn: a score never implies one."""
    spokes = closed(labels)
    figure = go.Figure()
    values = [0 if score is None else score for score in scores]
    figure.add_trace(
        go.Scatterpolar(
            r=closed(values),
            theta=spokes,
            name=score_name,
            fill="toself",
            mode="lines+markers",
            # not a stage's colour: a score is no stage
            line={"color": SCORE_COLOUR, "width": 3},
            fillcolor="rgba(31, 59, 87, 0.18)",
            hovertemplate="%{theta}: %{r:.1f}<extra></extra>",
        )
    )
    if peer is not None:
        values = [0 if p is None else p for p in peer]
        figure.add_trace(
            go.Scatterpolar(
                r=closed(values),
                theta=spokes,
                name=peer_name,
                mode="lines",
                line={"color": "#6c757d", "dash": "dot", "width": 2},
                hovertemplate="%{theta}: %{r:.1f}<extra>%{fullData.name}</extra>",
            )
        )
    return polar_json(figure, height=420)


def attainment_heatmap(
    *,
    element_labels: Sequence[str],
    stage_labels: Sequence[str],
    attainment: Sequence[Sequence[float | None]],
    skipped_text: str,
    colorbar_title: str,
    blocked: Sequence[Sequence[bool]] | None = None,
    blocked_text: str = "",
) -> dict[str, Any]:
    """Element x stage attainment in percent; an undefined (skipped) cell stays blank, and
    a cell whose stage a failed gate blocks says so beside its percentage."""
    z = [[None if a is None else round(100 * a, 1) for a in row] for row in attainment]
    flags = blocked or [[False] * len(row) for row in z]
    text = [
        [
            skipped_text if a is None else f"{a:.0f}% · {blocked_text}" if flag else f"{a:.0f}%"
            for a, flag in zip(row, flag_row, strict=True)
        ]
        for row, flag_row in zip(z, flags, strict=True)
    ]
    figure = go.Figure(
        go.Heatmap(
            z=z,
            x=list(stage_labels),
            y=list(element_labels),
            text=text,
            texttemplate="%{text}",
            zmin=0,
            zmax=100,
            colorscale=[
                [0, "#f8d7c4"],
                [0.5, "#f3f0d7"],
                [0.7, "#cfe6d8"],
                [1, STAGE_COLOURS["run"]],
            ],
            colorbar={"title": {"text": colorbar_title}, "ticksuffix": "%"},
            hovertemplate="%{y} · %{x}: %{text}<extra></extra>",
            xgap=3,
            ygap=3,
        )
    )
    figure.update_layout(yaxis={"autorange": "reversed"}, height=380)
    return figure_json(figure)


def roadmap_timeline(
    *,
    element_labels: Sequence[str],
    phase_names: Sequence[str],
    spans: Sequence[tuple[int, int]],
    effort_months: Sequence[Sequence[float]],
    texts: Sequence[Sequence[str]],
    months_title: str,
) -> dict[str, Any]:
    """Per phase, a band over the months it spans, and a bar per element from the phase's
    start as long as that element's summed effort in it: the effort shows, and where a bar
    runs past its band, the phase is too short for the work.

    `effort_months[p][e]` is element `e`'s effort in phase `p` in months (0: no item),
    `texts[p][e]` its label ("2 items · 7 weeks").
    """
    # Plain dicts: the same figure as go.Figure with add_vrect built, at a tenth of the cost
    # (validating every shape and trace took a quarter of the roadmap page's time).
    ends = [
        start + months
        for (start, _stop), row in zip(spans, effort_months, strict=True)
        for months in row
    ]
    end = max([spans[-1][1], *ends])
    shapes: list[dict[str, Any]] = []
    data: list[dict[str, Any]] = []
    for phase, (name, (start, stop), row, labels) in enumerate(
        zip(phase_names, spans, effort_months, texts, strict=True)
    ):
        shown = [
            (label, months, text)
            for label, months, text in zip(element_labels, row, labels, strict=True)
            if months
        ]
        if stop > start:
            shapes.append(
                {
                    "type": "rect",
                    "xref": "x",
                    "yref": "y domain",
                    "x0": start,
                    "x1": stop,
                    "y0": 0,
                    "y1": 1,
                    "fillcolor": PHASE_COLOURS[phase],
                    "opacity": 0.08,
                    "line": {"width": 0},
                    "layer": "below",
                }
            )
        data.append(
            {
                "type": "bar",
                "name": f"{name} ({start}\u2013{stop})",
                "y": [label for label, _m, _t in shown],
                "x": [round(months, 2) for _l, months, _t in shown],
                "base": [start] * len(shown),
                "orientation": "h",
                "marker": {"color": PHASE_COLOURS[phase]},
                "text": [text for _l, _m, text in shown],
                # a bar too short for its label has it beside the bar
                "textposition": "auto",
                "insidetextanchor": "middle",
                "hovertemplate": "%{y}: %{text}<extra>%{fullData.name}</extra>",
            }
        )
    return plain_figure(
        data,
        shapes=shapes,
        barmode="overlay",
        # a month a tick over a short plan, a quarter over a long one
        xaxis={
            "title": {"text": months_title},
            # room after the last bar for a label set beside it
            "range": [0, max(end, 1) * 1.2],
            "dtick": 1 if end <= 12 else 3,
        },
        yaxis={"categoryorder": "array", "categoryarray": list(element_labels)[::-1]},
        legend={"orientation": "h", "y": -0.25, "x": 0.5, "xanchor": "center"},
        height=120 + 45 * len(element_labels),
    )
