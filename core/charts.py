"""What every chart of the app shares: colours, font, and figure JSON safe to embed.

Pages embed figures as JSON (`json_script`) and static/js/charts.js draws them.
"""

import html
import json
from collections.abc import Sequence
from typing import Any

import plotly.graph_objects as go

# The same colours as static/css/app.css, wherever a stage is shown.
STAGE_COLOURS = {"crawl": "#e07a2f", "walk": "#2f7fc1", "run": "#2e9e6a"}
FONT = {"family": "system-ui, -apple-system, 'Segoe UI', 'Noto Sans KR', sans-serif", "size": 13}


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


def figure_json(figure: go.Figure) -> dict[str, Any]:
    figure.update_layout(
        template="plotly_white", font=FONT, margin={"l": 40, "r": 40, "t": 30, "b": 30}
    )
    # A figure's JSON is always an object ({"data": [...], "layout": {...}}).
    loaded: dict[str, JSON] = json.loads(figure.to_json())
    return {k: escape_texts(v, k) for k, v in loaded.items()}


def closed(values: Sequence[Any]) -> list[Any]:
    """A radar trace ends where it starts, so that its outline closes."""
    return [*values, values[0]]


def polar_json(figure: go.Figure, *, height: int) -> dict[str, Any]:
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
