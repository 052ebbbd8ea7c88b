"""What every chart of the app shares: colours, and figure JSON safe to embed.

Pages embed figures as JSON (`json_script`) and static/js/charts.js draws them. A figure
carries only its own data and layout: the shared look (Plotly's "plotly_white" template
cut to the trace types the app draws, the font, the margins) ships once, in charts.js,
which merges it into every figure. Building a figure with a template cost about 8 ms and
put 7 KB of template JSON into every figure on the page.
"""

import html
import json
from collections.abc import Mapping, Sequence
from typing import Any

import plotly.graph_objects as go
import plotly.io as pio

# No template is applied on the server: a new go.Figure() would otherwise copy Plotly's
# default template into itself (4 ms, 7 KB). The look is static/js/charts.js's.
pio.templates.default = None

# The same colours as static/css/app.css, wherever a stage is shown.
STAGE_COLOURS = {"crawl": "#e07a2f", "walk": "#2f7fc1", "run": "#2e9e6a"}
# The font and margins charts.js gives every figure (kept here for a figure that must name
# them itself); a figure need not carry them.
FONT = {"family": "system-ui, -apple-system, 'Segoe UI', 'Noto Sans KR', sans-serif", "size": 13}
MARGIN = {"l": 40, "r": 40, "t": 30, "b": 30}


# Keys whose strings plotly.js draws as its own small HTML (links, bold, line breaks):
# client names, element titles and the like reach the page only escaped.
TEXT_KEYS = frozenset({"name", "text", "x", "y", "theta", "labels", "categoryarray", "ticktext"})

type JSON = dict[str, JSON] | list[JSON] | str | int | float | bool | None


def escape_texts(node: JSON, key: str | None = None) -> JSON:
    """`node` with every string under a TEXT_KEYS key HTML-escaped; templates untouched."""
    if isinstance(node, dict):
        return {k: escape_texts(v, k) for k, v in node.items()}
    if isinstance(node, list):
        return [escape_texts(item, key) for item in node]
    if isinstance(node, str) and key in TEXT_KEYS:
        return html.escape(node, quote=False)
    return node


def figure_json(figure: go.Figure | Mapping[str, Any]) -> dict[str, Any]:
    """A figure as a page embeds it: {"data": [...], "layout": {...}}, no template, every
    text plotly.js draws as HTML escaped. Takes a go.Figure or a plain dict of that shape
    (cheaper: no validation); charts.js adds the shared look."""
    if isinstance(figure, go.Figure):
        # JSON on the way, so numpy arrays and dates become what the page can read.
        loaded: dict[str, JSON] = json.loads(figure.to_json())
    else:
        loaded = {"data": list(figure.get("data", [])), "layout": dict(figure.get("layout", {}))}
    layout = loaded.get("layout")
    if isinstance(layout, dict):
        layout.pop("template", None)
    return {k: escape_texts(v, k) for k, v in loaded.items()}


def plain_figure(data: Sequence[Mapping[str, Any]], **layout: Any) -> dict[str, Any]:
    """A figure from plain trace dicts ({"type": "bar", ...}) and layout keywords, as
    `figure_json` hands it to a page; for charts cheap enough to need no go.Figure."""
    return figure_json({"data": [dict(trace) for trace in data], "layout": layout})


def closed(values: Sequence[Any]) -> list[Any]:
    """A radar trace ends where it starts, so that its outline closes."""
    return [*values, values[0]]


def radar_layout(*, height: int) -> dict[str, Any]:
    """A 0-100 radar's layout: its scale labels between the first two spokes, legend below."""
    return {
        "polar": {
            "radialaxis": {
                "range": [0, 100],
                "tickvals": [25, 50, 75, 100],
                "angle": 30,
                "tickangle": 30,
                "tickfont": {"size": 10, "color": "#6c757d"},
            }
        },
        "legend": {"orientation": "h", "y": -0.15, "x": 0.5, "xanchor": "center"},
        "height": height,
    }


def polar_json(figure: go.Figure, *, height: int) -> dict[str, Any]:
    """`figure` as a 0-100 radar (radar_layout)."""
    figure.update_layout(**radar_layout(height=height))
    return figure_json(figure)
