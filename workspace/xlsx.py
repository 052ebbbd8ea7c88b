"""A small XLSX writer for the exports: texts, numbers and dates in a few fixed styles.

openpyxl spends about 30 µs on every cell it writes (a compare export of 50 assessments
has 2,800), several times the page itself; this writes the same workbook as plain
SpreadsheetML strings. It knows only what the exports need: inline strings, numbers,
dates, a bold header, number formats, column widths and a frozen header. Files are read
back with openpyxl in the tests.
"""

import io
import re
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from html import escape
from typing import Any

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELATIONSHIPS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE = "http://schemas.openxmlformats.org/package/2006/relationships"
EXCEL_EPOCH = date(1899, 12, 30)

# Style ids (cellXfs below): a cell names its number format by one of these.
PLAIN, HEADER = 0, 1
STYLES = {"score": 2, "change": 3, "count": 4, "date": 5}
STYLESHEET = (
    f'<styleSheet xmlns="{MAIN}">'
    '<numFmts count="3"><numFmt numFmtId="164" formatCode="0.0"/>'
    '<numFmt numFmtId="165" formatCode="+0.0;-0.0;0.0"/>'
    '<numFmt numFmtId="166" formatCode="yyyy-mm-dd"/></numFmts>'
    '<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font>'
    '<font><b/><sz val="11"/><name val="Calibri"/></font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill>'
    '<fill><patternFill patternType="gray125"/></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="6">'
    '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>'
    '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="1" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="166" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    "</cellXfs>"
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    "</styleSheet>"
)
# Characters XML 1.0 does not allow, even escaped.
ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")


@dataclass(frozen=True)
class Table:
    """One sheet: a bold header row, then rows; `styles` names each column's number format
    (a key of STYLES, or None for plain)."""

    name: str
    header: Sequence[str]
    rows: Sequence[Sequence[Any]]
    styles: Sequence[str | None]
    widths: Sequence[float]
    freeze_first_column: bool = True


def column_letter(index: int) -> str:
    """1 -> A, 27 -> AA."""
    letters = ""
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def _text(value: str) -> str:
    return escape(ILLEGAL.sub("", value), quote=False)


def _cell(reference: str, value: Any, style: int) -> str:
    styled = f' s="{style}"' if style else ""
    if value is None:
        return f'<c r="{reference}"{styled}/>' if style == HEADER else ""
    if isinstance(value, bool):  # a bool is an int: said in words by the caller instead
        value = str(value)
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return f'<c r="{reference}"{styled}><v>{(value - EXCEL_EPOCH).days}</v></c>'
    if isinstance(value, int | float):
        return f'<c r="{reference}"{styled}><v>{value!r}</v></c>'
    return (
        f'<c r="{reference}"{styled} t="inlineStr"><is><t xml:space="preserve">'
        f"{_text(str(value))}</t></is></c>"
    )


def _sheet(table: Table) -> str:
    letters = [column_letter(i) for i in range(1, len(table.header) + 1)]
    styles = [STYLES.get(style or "", PLAIN) for style in table.styles]
    rows = [
        '<row r="1">'
        + "".join(
            _cell(f"{c}1", title, HEADER) for c, title in zip(letters, table.header, strict=True)
        )
        + "</row>"
    ]
    for number, row in enumerate(table.rows, start=2):
        cells = "".join(
            _cell(f"{c}{number}", value, style)
            for c, value, style in zip(letters, row, styles, strict=True)
        )
        rows.append(f'<row r="{number}">{cells}</row>')
    if table.freeze_first_column and len(letters) > 1:
        pane = (
            '<pane xSplit="1" ySplit="1" topLeftCell="B2" activePane="bottomRight" state="frozen"/>'
        )
        selection = '<selection pane="bottomRight" activeCell="B2" sqref="B2"/>'
    else:
        pane = '<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>'
        selection = '<selection pane="bottomLeft" activeCell="A2" sqref="A2"/>'
    columns = "".join(
        f'<col min="{i}" max="{i}" width="{width:.1f}" customWidth="1"/>'
        for i, width in enumerate(table.widths, start=1)
    )
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<worksheet xmlns="{MAIN}" xmlns:r="{RELATIONSHIPS}">'
        f'<sheetViews><sheetView workbookViewId="0">{pane}{selection}</sheetView></sheetViews>'
        f'<sheetFormatPr defaultRowHeight="15"/><cols>{columns}</cols>'
        f"<sheetData>{''.join(rows)}</sheetData></worksheet>"
    )


def workbook(tables: Sequence[Table]) -> bytes:
    """The tables as the sheets of one XLSX file."""
    count = len(tables)
    sheets = "".join(
        f'<sheet name="{escape(ILLEGAL.sub("", t.name))}" sheetId="{i}" r:id="rId{i}"/>'
        for i, t in enumerate(tables, start=1)
    )
    sheet_relations = "".join(
        f'<Relationship Id="rId{i}" Type="{RELATIONSHIPS}/worksheet" '
        f'Target="worksheets/sheet{i}.xml"/>'
        for i in range(1, count + 1)
    )
    overrides = "".join(
        f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        for i in range(1, count + 1)
    )
    header = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    parts = {
        "[Content_Types].xml": (
            f'{header}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" '
            'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/styles.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
            f"{overrides}</Types>"
        ),
        "_rels/.rels": (
            f'{header}<Relationships xmlns="{PACKAGE}">'
            f'<Relationship Id="rId1" Type="{RELATIONSHIPS}/officeDocument" '
            'Target="xl/workbook.xml"/></Relationships>'
        ),
        "xl/workbook.xml": (
            f'{header}<workbook xmlns="{MAIN}" xmlns:r="{RELATIONSHIPS}">'
            f"<sheets>{sheets}</sheets></workbook>"
        ),
        "xl/_rels/workbook.xml.rels": (
            f'{header}<Relationships xmlns="{PACKAGE}">{sheet_relations}'
            f'<Relationship Id="rId{count + 1}" Type="{RELATIONSHIPS}/styles" '
            'Target="styles.xml"/></Relationships>'
        ),
        "xl/styles.xml": header + STYLESHEET,
        **{f"xl/worksheets/sheet{i}.xml": _sheet(t) for i, t in enumerate(tables, start=1)},
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in parts.items():
            archive.writestr(name, content.encode("utf-8"))
    return buffer.getvalue()
