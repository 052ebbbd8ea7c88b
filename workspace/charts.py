"""Figures of the consultant's pages (compare, progress, portfolio), as plain dicts.

No `go.Figure` is built: Plotly's validation costs more than the page itself, and the
shared look ships once, in static/js/charts.js. Every text a user typed (client names,
element titles) is escaped by `core.charts.plain_figure`.
"""

from collections.abc import Sequence
from typing import Any

from core.charts import STAGE_COLOURS, closed, plain_figure, radar_layout

PALETTE = ["#2f7fc1", "#e07a2f", "#2e9e6a", "#8e44ad", "#c0392b", "#16a085", "#7f8c8d"]
# Room above the plot for its title (charts.js merges this into the shared margins).
TITLED = {"t": 50}


def figure(data: list[dict[str, Any]], layout: dict[str, Any]) -> dict[str, Any]:
    """A figure as charts.js draws it (with the shared look), its user texts escaped."""
    if "title" in layout:
        layout = {"margin": TITLED, **layout}
    return plain_figure(data, **layout)


def _title(text: str) -> dict[str, Any]:
    return {"text": text, "x": 0, "xanchor": "left", "font": {"size": 15}}


def overlaid_radar(
    *,
    labels: Sequence[str],
    series: Sequence[tuple[str, Sequence[float | None]]],
    title: str = "",
) -> dict[str, Any]:
    """Several assessments' element scores on one radar, a colour each."""
    spokes = closed(list(labels))
    data = [
        {
            "type": "scatterpolar",
            "r": closed([0 if s is None else s for s in scores]),
            "theta": spokes,
            "name": name,
            "mode": "lines+markers",
            "line": {"color": PALETTE[index % len(PALETTE)], "width": 2},
            "hovertemplate": "%{theta}: %{r:.1f}<extra>%{fullData.name}</extra>",
        }
        for index, (name, scores) in enumerate(series)
    ]
    layout = {
        "title": _title(title),
        **radar_layout(height=460 + 18 * max(0, len(series) - 4)),
    }
    return figure(data, layout)


def score_heatmap(
    *,
    element_labels: Sequence[str],
    columns: Sequence[str],
    scores: Sequence[Sequence[float | None]],
    title: str = "",
) -> dict[str, Any]:
    """Elements x assessments, coloured by score."""
    text = [["—" if s is None else f"{s:.1f}" for s in row] for row in scores]
    data = [
        {
            "type": "heatmap",
            "z": [list(row) for row in scores],
            "x": list(columns),
            "y": list(element_labels),
            "text": text,
            "texttemplate": "%{text}",
            "zmin": 0,
            "zmax": 100,
            "colorscale": [[0, "#f8d7c4"], [0.5, "#f3f0d7"], [1, STAGE_COLOURS["run"]]],
            "hovertemplate": "%{y} · %{x}: %{text}<extra></extra>",
            "xgap": 3,
            "ygap": 3,
        }
    ]
    layout = {
        "title": _title(title),
        "yaxis": {"autorange": "reversed"},
        "xaxis": {"type": "category"},
        "height": 140 + 45 * len(element_labels),
    }
    return figure(data, layout)


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
    date_format: str,
    title: str = "",
) -> dict[str, Any]:
    """A client's assessments over time: the overall stage as steps above, the scores as
    lines below (the overall one bold), on axes of their own.

    `dates` are ISO days on a date axis, so that five months look longer than one.
    A score is the share of capabilities in place over all stages, so it is drawn with no
    stage bands: 70 does not mean any stage.
    """
    x = list(dates)
    hover = "%{x|" + date_format + "}: %{y:.1f}<extra>%{fullData.name}</extra>"
    data: list[dict[str, Any]] = [
        {
            "type": "scatter",
            "x": x,
            "y": list(stages),
            "mode": "lines+markers",
            "line": {"shape": "hv", "color": "#1f3b57", "width": 3},
            "name": stage_name,
            "yaxis": "y2",
            "hovertemplate": "%{x|" + date_format + "}: %{y}<extra>%{fullData.name}</extra>",
        },
        {
            "type": "scatter",
            "x": x,
            "y": list(overall_scores),
            "mode": "lines+markers",
            "line": {"color": "#1f3b57", "width": 4, "dash": "dot"},
            "name": overall_name,
            "hovertemplate": hover,
        },
    ]
    data += [
        {
            "type": "scatter",
            "x": x,
            "y": list(scores),
            "mode": "lines+markers",
            "name": name,
            "line": {"color": PALETTE[index % len(PALETTE)]},
            "hovertemplate": hover,
        }
        for index, (name, scores) in enumerate(series)
    ]
    layout = {
        "title": _title(title),
        "yaxis": {"range": [0, 100], "title": {"text": score_title}, "domain": [0, 0.66]},
        "yaxis2": {
            "type": "category",
            "categoryorder": "array",
            "categoryarray": list(stage_order),
            "range": [-0.5, len(stage_order) - 0.5],
            "domain": [0.76, 1],
        },
        "xaxis": {"type": "date", "tickformat": date_format, "anchor": "y"},
        "height": 500,
        "legend": {"orientation": "h", "y": -0.2, "x": 0.5, "xanchor": "center"},
    }
    return figure(data, layout)


def quartile_boxes(
    *,
    labels: Sequence[str],
    q1: Sequence[float],
    median: Sequence[float],
    q3: Sequence[float],
    name: str,
    title: str = "",
) -> dict[str, Any]:
    """Per element the middle half of the clients (box) and their median (line)."""
    data = [
        {
            "type": "box",
            "x": list(labels),
            "q1": list(q1),
            "median": list(median),
            "q3": list(q3),
            "lowerfence": list(q1),
            "upperfence": list(q3),
            "name": name,
            "marker": {"color": STAGE_COLOURS["walk"]},
            "fillcolor": "rgba(47, 127, 193, 0.25)",
        }
    ]
    layout = {
        "title": _title(title),
        "yaxis": {"range": [0, 100]},
        "height": 380,
        "showlegend": False,
    }
    return figure(data, layout)


def stage_counts(
    *,
    stage_labels: Sequence[str],
    stage_keys: Sequence[str],
    counts: Sequence[int],
    clients: Sequence[str] = (),
    title: str = "",
) -> dict[str, Any]:
    """Clients per stage; `clients` names them per bar, shown on hover."""
    bar: dict[str, Any] = {
        "type": "bar",
        "x": list(stage_labels),
        "y": list(counts),
        "marker": {"color": [STAGE_COLOURS[k] for k in stage_keys]},
        "hovertemplate": "%{x}: %{y}<extra></extra>",
    }
    if clients:
        bar["text"] = list(clients)
        bar["textposition"] = "none"
        bar["hovertemplate"] = "%{x}: %{y}<br>%{text}<extra></extra>"
    layout = {"title": _title(title), "height": 300, "yaxis": {"dtick": 1}}
    return figure([bar], layout)
