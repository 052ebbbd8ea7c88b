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
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from assessments.comparison import neutralize_text

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMATS = ("csv", "xlsx")

# score: one decimal (SPEC 2.1); change: signed, one decimal; count: whole number;
# date: a calendar day; yesno: a bool said in words; text: anything else.
type Kind = Literal["text", "score", "change", "count", "date", "yesno"]
NUMBER_FORMATS: dict[str, str] = {
    "score": "0.0",
    "change": "+0.0;-0.0;0.0",
    "count": "0",
    "date": "yyyy-mm-dd",
}
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


def csv_cell(value: Any, kind: Kind) -> str:
    """One cell as the CSV writes it: numbers rounded, dates ISO, yes/no in words."""
    value = _rounded(value, kind)
    if value is None:
        return ""
    if kind == "yesno":
        return pgettext("export cell", "yes") if value else pgettext("export cell", "no")
    if kind == "change":
        return f"{value:+.1f}" if value else "0.0"
    if kind == "score":
        return f"{value:.1f}"
    if isinstance(value, datetime | date):
        return value.isoformat()
    return neutralize_text(str(value))


def xlsx_cell(value: Any, kind: Kind) -> Any:
    """One cell as the XLSX holds it: numbers stay numbers, texts never run as formulas."""
    value = _rounded(value, kind)
    if value is None:
        return None
    if kind == "yesno":
        return pgettext("export cell", "yes") if value else pgettext("export cell", "no")
    if isinstance(value, int | float | date):
        return value
    return neutralize_text(str(value))


def _csv(export: Export) -> bytes:
    sheet = export.sheets[0]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([neutralize_text(column.title) for column in sheet.columns])
    kinds = [column.kind for column in sheet.columns]
    writer.writerows(
        [csv_cell(value, kind) for value, kind in zip(row, kinds, strict=True)]
        for row in sheet.rows
    )
    # A BOM, so that Excel opens UTF-8 (German and Korean names) as UTF-8.
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _width(values: Sequence[Any]) -> int:
    longest = max((len(str(v)) for v in values if v is not None), default=0)
    return min(max(longest + 2, 8), WIDEST)


def _write_sheet(workbook: Workbook, sheet: Sheet) -> None:
    # Write-only: rows stream into the file, several times faster than openpyxl's cells.
    target = workbook.create_sheet(safe_sheet_name(sheet.name))
    kinds = [column.kind for column in sheet.columns]
    # Widths and the frozen header are set before the first row, as write-only requires.
    for index, column in enumerate(sheet.columns):
        shown = [row[index] for row in sheet.rows]
        texts = [f"{v:.1f}" if isinstance(v, float) else v for v in shown]
        letter = get_column_letter(index + 1)
        target.column_dimensions[letter].width = _width([column.title, *texts])
    target.freeze_panes = "B2" if len(sheet.columns) > 1 else "A2"
    bold = Font(bold=True)
    header = []
    for column in sheet.columns:
        cell = WriteOnlyCell(target, neutralize_text(column.title))
        cell.font = bold
        header.append(cell)
    target.append(header)
    formats = [NUMBER_FORMATS.get(kind) for kind in kinds]
    for row in sheet.rows:
        cells: list[Any] = []
        for value, kind, number_format in zip(row, kinds, formats, strict=True):
            written = xlsx_cell(value, kind)
            if number_format and written is not None:
                cell = WriteOnlyCell(target, written)
                cell.number_format = number_format
                cells.append(cell)
            else:
                cells.append(written)
        target.append(cells)


def safe_sheet_name(name: str) -> str:
    """A sheet name Excel accepts: at most 31 characters, none of []:*?/\\."""
    cleaned = "".join(" " if c in "[]:*?/\\" else c for c in name).strip("' ")
    return (cleaned or "Sheet")[:31]


def _xlsx(export: Export, *, now: datetime) -> bytes:
    workbook = Workbook(write_only=True)
    for sheet in export.sheets:
        _write_sheet(workbook, sheet)
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
    _write_sheet(workbook, source)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def export_response(export: Export, *, fmt: str) -> HttpResponse:
    """The export as `filename`.csv or `filename`.xlsx."""
    if fmt == "xlsx":
        response = HttpResponse(_xlsx(export, now=timezone.now()), content_type=XLSX)
    else:
        response = HttpResponse(_csv(export), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{export.filename}.{fmt}"'
    return response
