"""A chart's figures as a table: the text alternative every chart carries beside it.

Reads the figure JSON a page embeds (core.charts.figure_json: plain dicts, texts already
HTML-escaped) and lays its traces out as rows and columns: a radar's spokes, a bar chart's
categories, a line chart's dates and a heatmap's cells. A trace type it does not know is left
out; a figure with nothing to tabulate gives None.
"""

import html
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

BREAK = re.compile(r"<br\s*/?>", re.IGNORECASE)
TAG = re.compile(r"<[^>]+>")
NO_VALUE = "—"  # as the app shows a figure it has not got (core.templatetags.app_tags)


@dataclass
class ChartTable:
    title: str
    corner: str
    columns: list[str]
    rows: list[tuple[str, list[str]]] = field(default_factory=list)


def plain(value: Any) -> str:
    """A label as a person reads it: Plotly's line breaks as spaces, no tags, unescaped."""
    if value is None:
        return ""
    text = BREAK.sub(" ", str(value))
    return html.unescape(TAG.sub("", text)).strip()


def number(value: Any) -> str:
    if value is None or value == "":
        return NO_VALUE
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int | float):
        rounded = round(float(value), 1)
        return str(int(rounded)) if rounded.is_integer() else f"{rounded:.1f}"
    return plain(value)


def _title(layout: Mapping[str, Any]) -> str:
    title = layout.get("title")
    if isinstance(title, Mapping):
        return plain(title.get("text"))
    return plain(title)


def _series(traces: Sequence[Mapping[str, Any]], labels_key: str, values_key: str) -> ChartTable:
    """One row per label (in first-seen order), one column per trace."""
    labels: list[str] = []
    columns: list[str] = []
    cells: dict[tuple[str, int], str] = {}
    for index, trace in enumerate(traces):
        columns.append(plain(trace.get("name")) or str(index + 1))
        labels_and_values = zip(
            trace.get(labels_key) or [], trace.get(values_key) or [], strict=False
        )
        for label, value in labels_and_values:
            key = plain(label)
            if (key, index) in cells:  # a radar's closing point repeats its first spoke
                continue
            if key not in labels:
                labels.append(key)
            cells[key, index] = number(value)
    rows = [
        (label, [cells.get((label, i), NO_VALUE) for i in range(len(columns))]) for label in labels
    ]
    return ChartTable(title="", corner="", columns=columns, rows=rows)


def _heatmap(trace: Mapping[str, Any]) -> ChartTable:
    xs = [plain(x) for x in trace.get("x") or []]
    ys = [plain(y) for y in trace.get("y") or []]
    z = trace.get("z") or []
    width = max((len(row) for row in z if isinstance(row, list)), default=0)
    columns = xs or [str(i + 1) for i in range(width)]
    rows = []
    for index, row in enumerate(z):
        label = ys[index] if index < len(ys) else str(index + 1)
        values = row if isinstance(row, list) else [row]
        padding = [NO_VALUE] * (len(columns) - len(values))
        rows.append((label, [number(v) for v in values] + padding))
    return ChartTable(title=plain(trace.get("name")), corner="", columns=columns, rows=rows)


def figure_table(figure: Mapping[str, Any] | None) -> ChartTable | None:
    """The figure's data as one table, or None when it has none this module can lay out."""
    if not figure:
        return None
    data = [t for t in figure.get("data") or [] if isinstance(t, Mapping)]
    layout = figure.get("layout") or {}
    title = _title(layout)
    heatmaps = [t for t in data if t.get("type") == "heatmap"]
    if heatmaps:
        table = _heatmap(heatmaps[0])
    elif polar := [t for t in data if t.get("type") == "scatterpolar"]:
        table = _series(polar, "theta", "r")
    elif bars := [t for t in data if t.get("type") == "bar"]:
        horizontal = [t for t in bars if t.get("orientation") == "h"]
        table = _series(horizontal, "y", "x") if horizontal else _series(bars, "x", "y")
    elif lines := [t for t in data if t.get("type") in (None, "scatter", "scattergl")]:
        table = _series([t for t in lines if t.get("x") is not None], "x", "y")
    else:
        return None
    if not table.rows or not table.columns:
        return None
    table.title = title or table.title
    return table
