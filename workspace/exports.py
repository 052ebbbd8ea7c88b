"""Tables as CSV or XLSX downloads for clients: translated headers, rounded numbers, yes/no
in words, and safe against formula injection.

No chart is built for an export: the pages hand over an `Export` of plain rows.
"""

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Literal

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from assessments.comparison import neutralize_text
from workspace import xlsx

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMATS = ("csv", "xlsx")

# score: one decimal (SPEC 2.1); change: signed, one decimal; count: whole number;
# date: a calendar day; yesno: a bool said in words; text: anything else.
type Kind = Literal["text", "score", "change", "count", "date", "yesno"]
WIDEST = 48  # characters: a longer text wraps in the cell rather than widen the sheet


@dataclass(frozen=True)
class Column:
    title: str  # translated, as the reader sees it
    kind: Kind = "text"


@dataclass
class Sheet:
    name: str
    columns: list[Column]
    rows: list[list[Any]] = field(default_factory=list)


@dataclass
class Export:
    filename: str  # without extension
    title: str  # what the file holds, named on its source sheet
    sheets: list[Sheet]  # the CSV holds the first one
    notes: list[tuple[str, str]] = field(default_factory=list)  # more lines for the source


def _rounded(value: Any, kind: Kind) -> Any:
    if value is None:
        return None
    if kind in ("score", "change"):
        return round(float(value), 1)
    if kind == "count":
        return int(value)
    return value


def yes_no() -> tuple[str, str]:
    """The words of a yes/no cell in the active language (looked up once per table)."""
    return pgettext("export cell", "yes"), pgettext("export cell", "no")


def csv_cell(value: Any, kind: Kind, words: tuple[str, str] | None = None) -> str:
    """One cell as the CSV writes it: numbers rounded, dates ISO, yes/no in `words`."""
    value = _rounded(value, kind)
    if value is None:
        return ""
    if kind == "yesno":
        yes, no = words or yes_no()
        return yes if value else no
    if kind == "change":
        return f"{value:+.1f}" if value else "0.0"
    if kind == "score":
        return f"{value:.1f}"
    if isinstance(value, datetime | date):
        return value.isoformat()
    return neutralize_text(str(value))


def xlsx_cell(value: Any, kind: Kind, words: tuple[str, str] | None = None) -> Any:
    """One cell as the XLSX holds it: numbers stay numbers, texts never run as formulas."""
    value = _rounded(value, kind)
    if value is None:
        return None
    if kind == "yesno":
        yes, no = words or yes_no()
        return yes if value else no
    if isinstance(value, int | float | date):
        return value
    return neutralize_text(str(value))


def _csv(export: Export) -> bytes:
    sheet = export.sheets[0]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([neutralize_text(column.title) for column in sheet.columns])
    kinds = [column.kind for column in sheet.columns]
    words = yes_no()
    writer.writerows(
        [csv_cell(value, kind, words) for value, kind in zip(row, kinds, strict=True)]
        for row in sheet.rows
    )
    # A BOM, so that Excel opens UTF-8 (German and Korean names) as UTF-8.
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _width(values: Sequence[Any]) -> int:
    longest = max((len(str(v)) for v in values if v is not None), default=0)
    return min(max(longest + 2, 8), WIDEST)


def _table(sheet: Sheet) -> xlsx.Table:
    kinds = [column.kind for column in sheet.columns]
    words = yes_no()
    rows = [
        [xlsx_cell(value, kind, words) for value, kind in zip(row, kinds, strict=True)]
        for row in sheet.rows
    ]
    widths = []
    for index, column in enumerate(sheet.columns):
        shown = [f"{v:.1f}" if isinstance(v, float) else v for v in (r[index] for r in rows)]
        widths.append(_width([column.title, *shown]))
    return xlsx.Table(
        name=safe_sheet_name(sheet.name),
        header=[neutralize_text(column.title) for column in sheet.columns],
        rows=rows,
        styles=[kind if kind in xlsx.STYLES else None for kind in kinds],
        widths=widths,
    )


def safe_sheet_name(name: str) -> str:
    """A sheet name Excel accepts: at most 31 characters, none of []:*?/\\."""
    cleaned = "".join(" " if c in "[]:*?/\\" else c for c in name).strip("' ")
    return (cleaned or "Sheet")[:31]


def _xlsx(export: Export, *, now: datetime) -> bytes:
    lines = [
        (pgettext("export source", "Export"), export.title),
        (pgettext("export source", "Source"), _("Commerce maturity")),
        (
            pgettext("export source", "Created"),
            timezone.localtime(now).strftime("%Y-%m-%d %H:%M %Z"),
        ),
        *export.notes,
    ]
    source = Sheet(
        pgettext("export source", "Source"),
        [Column(pgettext("export source", "About")), Column("")],
        [list(line) for line in lines],
    )
    tables = [_table(sheet) for sheet in [*export.sheets, source]]
    return xlsx.workbook(tables)


def export_response(export: Export, *, fmt: str) -> HttpResponse:
    """The export as `filename`.csv or `filename`.xlsx."""
    if fmt == "xlsx":
        response = HttpResponse(_xlsx(export, now=timezone.now()), content_type=XLSX)
    else:
        response = HttpResponse(_csv(export), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{export.filename}.{fmt}"'
    return response
