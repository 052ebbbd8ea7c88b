"""Plotly figures from plain data; pages embed them as JSON and static/js/charts.js draws them."""

import html
import json
from collections.abc import Sequence
from typing import Any

import plotly.graph_objects as go

# The same colours as static/css/app.css, wherever a stage is shown.
STAGE_COLOURS = {"crawl": "#e07a2f", "walk": "#2f7fc1", "run": "#2e9e6a"}
PHASE_COLOURS = ("#1f3b57", "#5b7fa3", "#a9c1d9")
FONT = {"family": "system-ui, -apple-system, 'Segoe UI', 'Noto Sans KR', sans-serif", "size": 13}


# Keys whose strings plotly.js draws as its own small HTML (links, bold, line breaks):
# client names, element titles and the like reach the page only escaped.
TEXT_KEYS = frozenset({"name", "text", "x", "y", "theta", "labels", "categoryarray", "ticktext"})


def escape_texts(node: Any, key: str | None = None) -> Any:
    """`node` with every string under a TEXT_KEYS key HTML-escaped; templates untouched."""
    if isinstance(node, dict):
        return {k: escape_texts(v, k) for k, v in node.items()}
    if isinstance(node, list):
        return [escape_texts(item, key) for item in node]
    if isinstance(node, str) and key in TEXT_KEYS:
        return html.escape(node, quote=False)
    return node


def figure_json(figure: go.Figure) -> dict[str, Any]:
    figure.update_layout(
        template="plotly_white", font=FONT, margin={"l": 40, "r": 40, "t": 30, "b": 30}
    )
    return escape_texts(json.loads(figure.to_json()))


def _closed(values: Sequence[Any]) -> list[Any]:
    """A radar trace ends where it starts, so that its outline closes."""
    return [*values, values[0]]


def _polar_json(figure: go.Figure, *, height: int) -> dict[str, Any]:
    """A 0-100 radar whose scale labels sit between the first two spokes, legend below."""
    figure.update_layout(
        polar={
            "radialaxis": {
                "range": [0, 100],
                "tickvals": [25, 50, 75, 100],
                "angle": 30,
                "tickangle": 30,
                "tickfont": {"size": 10, "color": "#6c757d"},
            }
        },
        legend={"orientation": "h", "y": -0.15, "x": 0.5, "xanchor": "center"},
        height=height,
    )
    return figure_json(figure)


def radar(
    *,
    labels: Sequence[str],
    scores: Sequence[float | None],
    targets: Sequence[float],
    target_texts: Sequence[str],
    score_name: str,
    target_name: str,
    peer: Sequence[float | None] | None = None,
    peer_name: str = "",
) -> dict[str, Any]:
    """Element scores (0-100) against the score each element's target stage stands for,
    and, when given, the median of the other clients."""
    closed = _closed(labels)
    figure = go.Figure()
    figure.add_trace(
        go.Scatterpolar(
            r=_closed(targets),
            theta=closed,
            name=target_name,
            mode="lines",
            line={"color": "#6c757d", "dash": "dash", "width": 2},
            text=_closed(target_texts),
            hovertemplate="%{theta}: %{text}<extra></extra>",
        )
    )
    values = [0 if score is None else score for score in scores]
    figure.add_trace(
        go.Scatterpolar(
            r=_closed(values),
            theta=closed,
            name=score_name,
            fill="toself",
            mode="lines+markers",
            line={"color": STAGE_COLOURS["walk"], "width": 3},
            fillcolor="rgba(47, 127, 193, 0.25)",
            hovertemplate="%{theta}: %{r:.1f}<extra></extra>",
        )
    )
    if peer is not None:
        values = [0 if p is None else p for p in peer]
        figure.add_trace(
            go.Scatterpolar(
                r=_closed(values),
                theta=closed,
                name=peer_name,
                mode="lines",
                line={"color": STAGE_COLOURS["crawl"], "dash": "dot", "width": 2},
                hovertemplate="%{theta}: %{r:.1f}<extra>%{fullData.name}</extra>",
            )
        )
    return _polar_json(figure, height=420)


def attainment_heatmap(
    *,
    element_labels: Sequence[str],
    stage_labels: Sequence[str],
    attainment: Sequence[Sequence[float | None]],
    skipped_text: str,
    colorbar_title: str,
) -> dict[str, Any]:
    """Element x stage attainment in percent; an undefined (skipped) cell stays blank."""
    z = [[None if a is None else round(100 * a, 1) for a in row] for row in attainment]
    text = [[skipped_text if a is None else f"{a:.0f}%" for a in row] for row in z]
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
    counts: Sequence[Sequence[int]],
    items_text: str,
    months_title: str,
) -> dict[str, Any]:
    """A bar per element and phase over the months the phase spans, labelled with its item count.

    `counts[p][e]` is the number of items of element `e` in phase `p`; `items_text`
    is a format string with `{n}`.
    """
    figure = go.Figure()
    for phase, (name, (start, end), row) in enumerate(zip(phase_names, spans, counts, strict=True)):
        shown = [(label, n) for label, n in zip(element_labels, row, strict=True) if n]
        figure.add_trace(
            go.Bar(
                name=f"{name} ({start}\u2013{end})",
                y=[label for label, _ in shown],
                x=[end - start] * len(shown),
                base=[start] * len(shown),
                orientation="h",
                marker={"color": PHASE_COLOURS[phase]},
                text=[items_text.format(n=n) for _, n in shown],
                textposition="inside",
                insidetextanchor="middle",
                hovertemplate="%{y}: %{text}<extra>%{fullData.name}</extra>",
            )
        )
    figure.update_layout(
        barmode="overlay",
        xaxis={"title": {"text": months_title}, "range": [0, spans[-1][1]], "dtick": 3},
        yaxis={"categoryorder": "array", "categoryarray": list(element_labels)[::-1]},
        legend={"orientation": "h", "y": -0.25, "x": 0.5, "xanchor": "center"},
        height=120 + 45 * len(element_labels),
    )
    return figure_json(figure)


def overlaid_radar(
    *, labels: Sequence[str], series: Sequence[tuple[str, Sequence[float | None]]]
) -> dict[str, Any]:
    """Several assessments' element scores on one radar, a colour each."""
    palette = ["#2f7fc1", "#e07a2f", "#2e9e6a", "#8e44ad", "#c0392b", "#16a085", "#7f8c8d"]
    closed = _closed(labels)
    figure = go.Figure()
    for index, (name, scores) in enumerate(series):
        values = [0 if s is None else s for s in scores]
        figure.add_trace(
            go.Scatterpolar(
                r=_closed(values),
                theta=closed,
                name=name,
                mode="lines+markers",
                line={"color": palette[index % len(palette)], "width": 2},
                hovertemplate="%{theta}: %{r:.1f}<extra>%{fullData.name}</extra>",
            )
        )
    return _polar_json(figure, height=460)


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


STAGE_BANDS = (("crawl", 0, 100 / 3), ("walk", 100 / 3, 200 / 3), ("run", 200 / 3, 100))


def progress_lines(
    *,
    dates: Sequence[str],
    series: Sequence[tuple[str, Sequence[float | None]]],
    band_names: dict[str, str],
) -> dict[str, Any]:
    """A line per element across a client's assessments over crawl / walk / run bands."""
    figure = go.Figure()
    for key, start, end in STAGE_BANDS:
        figure.add_hrect(
            y0=start,
            y1=end,
            fillcolor=STAGE_COLOURS[key],
            opacity=0.08,
            line_width=0,
            annotation_text=band_names.get(key, key),
            annotation_position="top left",
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
        yaxis={"range": [0, 100], "title": {"text": "score"}},
        xaxis={"type": "category"},
        height=420,
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
