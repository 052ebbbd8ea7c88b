"""Reading an orders file (SPEC.md 3.1): CSV in any common encoding and separator, or XLSX.

The whole file is checked before anything is kept; every problem is reported with
the line numbers at fault. Pure pandas, no Django.
"""

import codecs
import csv
import io
import re
from dataclasses import dataclass

import pandas as pd

REQUIRED = ("customer_id", "order_date", "amount")
OPTIONAL = ("order_id", "referred_by", "channel")
MAX_LINES_LISTED = 10
XLSX_MAGIC = b"PK\x03\x04"

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


class OrdersFileError(ValueError):
    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__(" ".join(problems))


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


def _separator(text: str) -> str:
    header = text.split("\n", 1)[0]
    try:
        return csv.Sniffer().sniff(header, delimiters=",;\t|").delimiter
    except csv.Error:
        return ","


def _normalize_header(frame: pd.DataFrame) -> pd.DataFrame:
    frame.columns = [
        str(c).strip().lstrip("\ufeff").lower().replace(" ", "_") for c in frame.columns
    ]
    return frame


def _read_xlsx(data: bytes) -> tuple[pd.DataFrame, str]:
    sheets = pd.read_excel(io.BytesIO(data), sheet_name=None, dtype=str, engine="openpyxl")
    for name, frame in sheets.items():
        frame = _normalize_header(frame)
        if all(column in frame.columns for column in REQUIRED):
            return frame.fillna(""), str(name)
    raise OrdersFileError([NO_SHEET.format(sheets=", ".join(map(str, sheets)))])


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


def read_orders(data: bytes, filename: str = "", *, max_bytes: int) -> OrdersFile:
    """Check and parse a whole orders file; raise OrdersFileError naming every problem."""
    if len(data) > max_bytes:
        raise OrdersFileError(
            [TOO_LARGE.format(size=round(len(data) / 2**20, 1), limit=round(max_bytes / 2**20))]
        )
    if not data.strip():
        raise OrdersFileError([EMPTY_FILE])
    sheet = None
    try:
        if data.startswith(XLSX_MAGIC) or filename.lower().endswith((".xlsx", ".xlsm")):
            frame, sheet = _read_xlsx(data)
            encoding = "xlsx"
            first_line = pd.Series(range(2, len(frame) + 2), index=frame.index)
        else:
            text, encoding = decode(data)
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
        raise OrdersFileError([UNREADABLE.format(reason=str(exc).splitlines()[0])]) from exc

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
