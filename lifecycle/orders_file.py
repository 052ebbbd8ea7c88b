"""Reading an orders file (SPEC.md 3.1): CSV in any common encoding and separator, or XLSX.

The whole file is checked before anything is kept; every problem is reported with
the line numbers at fault. Pure pandas, no Django.
"""

import codecs
import csv
import io
import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import IO

import openpyxl
import pandas as pd

REQUIRED = ("customer_id", "order_date", "amount")
OPTIONAL = ("order_id", "referred_by", "channel")
MAX_LINES_LISTED = 10
XLSX_MAGIC = b"PK\x03\x04"
# Columns read from an XLSX header row; the orders columns must be among them.
XLSX_MAX_COLUMNS = 1000
# How often (in rows read) a long read reports that it is still alive.
ROWS_PER_STEP = 50_000

# Messages the tests reuse.
EMPTY_FILE = "The file is empty."
NO_ROWS = "The file has a header but no orders."
TOO_LARGE = "The file is {size} MB; the limit is {limit} MB."
MISSING_COLUMNS = "Missing column(s): {missing}. The file has: {found}."
NO_SHEET = "No sheet has the columns customer_id, order_date and amount (sheets: {sheets})."
UNREADABLE = "The file cannot be read as CSV or XLSX: {reason}"
BLANK_CUSTOMER = "customer_id is empty on line(s) {lines}."
BAD_DATE = "order_date cannot be read as a date on line(s) {lines}."
BAD_AMOUNT = "amount is not a number on line(s) {lines}."
NEGATIVE_AMOUNT = "amount is negative on line(s) {lines}."
TOO_MANY_ROWS = "The file has more than {limit} orders; the limit is {limit}."


class OrdersFileError(ValueError):
    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__(" ".join(problems))


class TooManyRows(OrdersFileError):
    """More rows than the limit: reading stopped there, so the real count is only 'more'."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        super().__init__([TOO_MANY_ROWS.format(limit=limit)])


@dataclass(frozen=True)
class OrdersFile:
    orders: pd.DataFrame  # customer, order_date, amount[, order_id, referred_by, channel]
    encoding: str
    sheet: str | None = None


def _lines(mask: pd.Series, first_line: pd.Series) -> str:
    numbers = first_line[mask].tolist()
    shown = ", ".join(str(n) for n in numbers[:MAX_LINES_LISTED])
    more = len(numbers) - MAX_LINES_LISTED
    return f"{shown} and {more} more" if more > 0 else shown


def decode(data: bytes) -> tuple[str, str]:
    """The text of a CSV file and the encoding it was read with."""
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8) :].decode("utf-8"), "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16"), "utf-16"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("cp949")  # Korean Excel
        if re.search("[\uac00-\ud7a3]", text):
            return text, "cp949"
    except UnicodeDecodeError:
        pass
    return data.decode("cp1252", errors="replace"), "cp1252"


def count_rows(text: str) -> int:
    """Rows after the header, blank ones included: \\r\\n, \\n and a lone \\r each end a line."""
    breaks = text.count("\n") + text.count("\r") - text.count("\r\n")
    unterminated = 0 if text.endswith(("\n", "\r")) or not text else 1
    return max(breaks + unterminated - 1, 0)


def _separator(text: str) -> str:
    header = re.split(r"\r\n|\r|\n", text[: 2**16], maxsplit=1)[0]
    try:
        return csv.Sniffer().sniff(header, delimiters=",;\t|").delimiter
    except csv.Error:
        return ","


def _normalize_header(frame: pd.DataFrame) -> pd.DataFrame:
    frame.columns = [
        str(c).strip().lstrip("\ufeff").lower().replace(" ", "_") for c in frame.columns
    ]
    return frame


def _cell_text(value: object) -> str:
    """A cell as the text pandas would give it: integral numbers without '.0', blanks empty."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _header_name(value: object) -> str:
    return _cell_text(value).strip().lstrip("\ufeff").lower().replace(" ", "_")


def _read_xlsx(
    source: IO[bytes], max_rows: int | None, on_rows: Callable[[int], None] | None
) -> tuple[pd.DataFrame, str, pd.Series]:
    """The orders columns of the first sheet that has them, and each row's line number.

    Rows are counted as they are read, never taken from the sheet's <dimension>, which is
    whatever the writer claimed; reading stops past max_rows. Only the orders columns are kept.
    """
    book = openpyxl.load_workbook(source, read_only=True, data_only=True, keep_links=False)
    try:
        for sheet in book.worksheets:
            sheet.reset_dimensions()
            first = sheet.iter_rows(max_row=1, max_col=XLSX_MAX_COLUMNS, values_only=True)
            header = [_header_name(value) for value in next(first, ())]
            first.close()
            if not all(column in header for column in REQUIRED):
                continue
            wanted = {
                column: header.index(column)
                for column in (*REQUIRED, *OPTIONAL)
                if column in header
            }
            values: dict[str, list[str]] = {column: [] for column in wanted}
            lines: list[int] = []
            rows = sheet.iter_rows(min_row=2, max_col=max(wanted.values()) + 1, values_only=True)
            for read, row in enumerate(rows, start=1):
                if max_rows is not None and read > max_rows:
                    raise TooManyRows(max_rows)
                if on_rows is not None and read % ROWS_PER_STEP == 0:
                    on_rows(read)
                cells = [_cell_text(row[index]) for index in wanted.values()]
                if not any(cell.strip() for cell in cells):
                    continue  # a blank row, as in CSV
                for column, cell in zip(wanted, cells, strict=True):
                    values[column].append(cell)
                lines.append(read + 1)
            frame = pd.DataFrame(values)
            return frame, sheet.title, pd.Series(lines, index=frame.index, dtype=int)
        raise OrdersFileError(
            [NO_SHEET.format(sheets=", ".join(sheet.title for sheet in book.worksheets))]
        )
    finally:
        book.close()


def parse_amounts(raw: pd.Series) -> pd.Series:
    """Numbers as people type them: 1234.5, 1,234.50, 1.234,50, 12,5, "€ 9.99"."""
    amounts = pd.to_numeric(raw, errors="coerce")
    odd = amounts.isna() & (raw.astype(str).str.strip() != "")
    if not odd.any():
        return amounts
    # Only the values plain parsing missed go through the slower clean-up.
    text = raw[odd].astype(str).str.strip().str.replace(r"[^\d,.\-]", "", regex=True)
    last_comma = text.str.rfind(",")
    last_dot = text.str.rfind(".")
    comma_decimal = (last_comma > last_dot) & text.str.match(r"^-?[\d.]*,\d{1,2}$")
    normalized = text.where(
        ~comma_decimal, text.str.replace(".", "", regex=False).str.replace(",", ".", regex=False)
    )
    normalized = normalized.where(comma_decimal, normalized.str.replace(",", "", regex=False))
    amounts[odd] = pd.to_numeric(normalized.where(normalized != "", None), errors="coerce")
    return amounts


def parse_dates(raw: pd.Series) -> pd.Series:
    """ISO dates (with or without a time), else day-first dates such as 31.12.2026."""
    text = raw.astype(str).str.strip()
    dates = pd.to_datetime(text, format="ISO8601", errors="coerce")
    missing = dates.isna() & (text != "")
    if missing.any():
        dates = dates.where(
            ~missing, pd.to_datetime(text.where(missing), format="%d.%m.%Y", errors="coerce")
        )
    return dates.dt.tz_localize(None) if dates.dt.tz is not None else dates


def read_orders(
    source: bytes | IO[bytes],
    *,
    max_bytes: int,
    max_rows: int | None = None,
    on_rows: Callable[[int], None] | None = None,
) -> OrdersFile:
    """Check and parse a whole orders file; raise OrdersFileError naming every problem.

    XLSX or CSV is told by the content, not the name. A file (seekable, binary) is read
    whole only as CSV; an XLSX is read row by row. More than max_rows orders raise TooManyRows.
    """
    stream = io.BytesIO(source) if isinstance(source, bytes) else source
    size = stream.seek(0, os.SEEK_END)
    stream.seek(0)
    if size > max_bytes:
        raise OrdersFileError(
            [TOO_LARGE.format(size=round(size / 2**20, 1), limit=round(max_bytes / 2**20))]
        )
    is_xlsx = stream.read(len(XLSX_MAGIC)) == XLSX_MAGIC
    stream.seek(0)
    sheet = None
    try:
        if is_xlsx:
            frame, sheet, first_line = _read_xlsx(stream, max_rows, on_rows)
            encoding = "xlsx"
        else:
            data = stream.read()
            if not data.strip():
                raise OrdersFileError([EMPTY_FILE])
            text, encoding = decode(data)
            del data
            if max_rows is not None and count_rows(text) > max_rows:
                raise TooManyRows(max_rows)
            frame = pd.read_csv(
                io.StringIO(text),
                sep=_separator(text),
                dtype=str,
                keep_default_na=False,
                skip_blank_lines=True,
                engine="c",
            )
            frame = _normalize_header(frame)
            first_line = pd.Series(range(2, len(frame) + 2), index=frame.index)
    except OrdersFileError:
        raise
    except Exception as exc:  # a broken XLSX, a stray quote: tell, never crash
        reason = (str(exc).splitlines() or [type(exc).__name__])[0]
        raise OrdersFileError([UNREADABLE.format(reason=reason)]) from exc

    missing = [column for column in REQUIRED if column not in frame.columns]
    if missing:
        raise OrdersFileError(
            [MISSING_COLUMNS.format(missing=", ".join(missing), found=", ".join(frame.columns))]
        )
    if frame.empty:
        raise OrdersFileError([NO_ROWS])

    problems = []
    customer = frame["customer_id"].astype(str).str.strip()
    if (blank := customer == "").any():
        problems.append(BLANK_CUSTOMER.format(lines=_lines(blank, first_line)))
    dates = parse_dates(frame["order_date"])
    if (bad := dates.isna()).any():
        problems.append(BAD_DATE.format(lines=_lines(bad, first_line)))
    amounts = parse_amounts(frame["amount"])
    if (bad := amounts.isna()).any():
        problems.append(BAD_AMOUNT.format(lines=_lines(bad, first_line)))
    if (negative := amounts < 0).any():
        problems.append(NEGATIVE_AMOUNT.format(lines=_lines(negative, first_line)))
    if problems:
        raise OrdersFileError(problems)

    orders = pd.DataFrame({"customer": customer, "order_date": dates, "amount": amounts})
    for column in OPTIONAL:
        if column in frame.columns:
            values = frame[column].astype(str).str.strip()
            orders[column] = values.where(values != "", None)
    return OrdersFile(orders=orders, encoding=encoding, sheet=sheet)
