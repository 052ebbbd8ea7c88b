"""Reading an orders file (SPEC.md 3.1): CSV in any common encoding and separator, or XLSX.

The whole file is checked before anything is kept; every problem is reported with
the line numbers at fault. Pure pandas, no Django.

A CSV can also be read in chunks (`read_orders_chunked`): each chunk is checked as the whole
file would be, and what the analysis needs is kept compact (customers as integer codes), so
that ten million orders fit in a worker's memory.
"""

import codecs
import csv
import io
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import IO

import numpy as np
import pandas as pd
from numpy.dtypes import StringDType

REQUIRED = ("customer_id", "order_date", "amount")
OPTIONAL = ("order_id", "referred_by", "channel")
MAX_LINES_LISTED = 10
XLSX_MAGIC = b"PK\x03\x04"
# Columns read from an XLSX header row; the orders columns must be among them.
XLSX_MAX_COLUMNS = 1000
# How often (in rows read) a long read reports that it is still alive.
ROWS_PER_STEP = 50_000
# Orders per chunk when a CSV is read in chunks, and bytes per block when it is scanned.
CHUNK_ROWS = 250_000
SCAN_BYTES = 2**24

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


@dataclass
class Faults:
    """The lines at fault per problem, over one frame or many chunks: the first ones named,
    all of them counted."""

    shown: dict[str, list[int]] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)

    def add(self, message: str, mask: pd.Series, first_line: pd.Series) -> None:
        if not mask.any():
            return
        shown = self.shown.setdefault(message, [])
        shown.extend(first_line[mask].head(MAX_LINES_LISTED - len(shown)).tolist())
        self.counts[message] = self.counts.get(message, 0) + int(mask.sum())

    def problems(self) -> list[str]:
        """One sentence per problem, in the order of PROBLEMS."""
        found = []
        for message in PROBLEMS:
            if message in self.counts:
                shown = ", ".join(str(n) for n in self.shown[message])
                more = self.counts[message] - len(self.shown[message])
                found.append(message.format(lines=f"{shown} and {more} more" if more else shown))
        return found


PROBLEMS = (BLANK_CUSTOMER, BAD_DATE, BAD_AMOUNT, NEGATIVE_AMOUNT)


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
    import openpyxl  # only for a workbook: a CSV import never loads it

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
    odd = amounts.isna()
    if odd.any():  # blanks stay missing; only the rest goes through the clean-up below
        odd[odd] = raw[odd].astype(str).str.strip() != ""
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
    dates = pd.to_datetime(raw, format="ISO8601", errors="coerce")
    missing = dates.isna()
    if missing.any():  # only the dates plain parsing missed are stripped and tried again
        text = raw[missing].astype(str).str.strip()
        again = pd.to_datetime(text, format="ISO8601", errors="coerce")
        rest = again.isna() & (text != "")
        if rest.any():
            again = again.where(
                ~rest, pd.to_datetime(text.where(rest), format="%d.%m.%Y", errors="coerce")
            )
        dates = dates.where(~missing, again.reindex(dates.index))
    return dates.dt.tz_localize(None) if dates.dt.tz is not None else dates


def _missing_columns(columns: list[str]) -> None:
    missing = [column for column in REQUIRED if column not in columns]
    if missing:
        raise OrdersFileError(
            [MISSING_COLUMNS.format(missing=", ".join(missing), found=", ".join(columns))]
        )


def _checked(frame: pd.DataFrame, first_line: pd.Series, faults: Faults) -> pd.DataFrame:
    """The orders of a frame of text cells, parsed; what cannot be read is added to faults."""
    customer = frame["customer_id"].astype(str).str.strip()
    faults.add(BLANK_CUSTOMER, customer == "", first_line)
    dates = parse_dates(frame["order_date"])
    faults.add(BAD_DATE, dates.isna(), first_line)
    amounts = parse_amounts(frame["amount"])
    faults.add(BAD_AMOUNT, amounts.isna(), first_line)
    faults.add(NEGATIVE_AMOUNT, amounts < 0, first_line)
    orders = pd.DataFrame({"customer": customer, "order_date": dates, "amount": amounts})
    for column in OPTIONAL:
        if column in frame.columns:
            values = frame[column].astype(str).str.strip()
            orders[column] = values.where(values != "", None)
    return orders


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

    _missing_columns(list(frame.columns))
    if frame.empty:
        raise OrdersFileError([NO_ROWS])

    faults = Faults()
    orders = _checked(frame, first_line, faults)
    if problems := faults.problems():
        raise OrdersFileError(problems)
    return OrdersFile(orders=orders, encoding=encoding, sheet=sheet)


@dataclass(frozen=True)
class CodedOrders:
    """Orders with each customer as an integer code, ids[code] being its id. Codes follow
    the ids' order, so grouping by code sorts customers as grouping by id would."""

    orders: pd.DataFrame  # customer (code), order_date, amount[, referred_by (code or <NA>)]
    ids: np.ndarray  # of str (StringDType: compact)
    encoding: str


def _line_breaks[Text: (bytes, str)](block: Text, previous: Text, cr: Text, lf: Text) -> int:
    """Line breaks in a block (\r\n, \n or a lone \r), one split across blocks counted once."""
    breaks = block.count(lf) + block.count(cr) - block.count(cr + lf)
    return breaks - 1 if previous.endswith(cr) and block.startswith(lf) else breaks


def scan(stream: IO[bytes]) -> tuple[str, int]:
    """The encoding a CSV is read with (as `decode` tells it for the whole text) and its rows
    (as `count_rows`), block by block; OrdersFileError when it is empty."""
    stream.seek(0)
    head = stream.read(len(codecs.BOM_UTF8))
    if head.startswith(codecs.BOM_UTF8):
        candidates = ["utf-8-sig"]
    elif head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        candidates = ["utf-16"]
    else:
        candidates = ["utf-8", "cp949"]
    for encoding in candidates:
        stream.seek(0)
        decoder = codecs.getincrementaldecoder(encoding)()
        breaks, hangul, blank = 0, False, True
        previous, last = b"", ""
        try:
            while block := stream.read(SCAN_BYTES):
                blank = blank and not block.strip()
                text = decoder.decode(block)
                if encoding == "cp949":
                    hangul = hangul or re.search("[\uac00-\ud7a3]", text) is not None
                if encoding == "utf-16":  # its bytes are no lines: count the text's
                    breaks += _line_breaks(text, last, "\r", "\n")
                else:  # in these encodings \r and \n bytes are never part of a character
                    breaks += _line_breaks(block, previous, b"\r", b"\n")
                    previous = block[-1:]
                last = text[-1:] or last
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            if encoding in ("utf-8", "cp949"):
                continue
            raise
        if blank:
            raise OrdersFileError([EMPTY_FILE])
        if encoding == "cp949" and not hangul:
            continue
        unterminated = 0 if last in ("\n", "\r") or (not last and not breaks) else 1
        return encoding, max(breaks + unterminated - 1, 0)
    return scan_fallback(stream)


def scan_fallback(stream: IO[bytes]) -> tuple[str, int]:
    """cp1252 reads any bytes (`decode`'s last resort)."""
    stream.seek(0)
    breaks, last = 0, b""
    while block := stream.read(SCAN_BYTES):
        breaks += _line_breaks(block, last, b"\r", b"\n")
        last = block[-1:]
    unterminated = 0 if last in (b"\n", b"\r") or not last else 1
    return "cp1252", max(breaks + unterminated - 1, 0)


class _Codes:
    """Integer codes for customer ids, the same id getting the same code in every chunk.

    Each chunk's distinct ids are kept as compact numpy strings, not as Python objects (a
    dict of millions of ids, each pinning the memory of the chunk it came from, held most of
    a 10-million-order import's memory): a chunk's codes are provisional until
    `in_id_order` sorts every id once and tells each provisional code its final one.
    """

    def __init__(self) -> None:
        self.parts: list[np.ndarray] = []
        self.count = 0

    def __call__(self, values: pd.Series) -> np.ndarray:
        """Each value's provisional code, -1 for a missing one."""
        codes, uniques = pd.factorize(values)
        self.parts.append(np.asarray(uniques.to_numpy(dtype=object), dtype=StringDType()))
        provisional = np.where(codes >= 0, codes + self.count, -1).astype(np.int32)
        self.count += len(uniques)
        return provisional

    def in_id_order(self) -> tuple[np.ndarray, np.ndarray]:
        """The distinct ids sorted (as Python sorts str: by code point), and each
        provisional code's final code, its id's place among them."""
        everything = np.concatenate(self.parts) if self.parts else np.array([], StringDType())
        self.parts = []
        ids, place = np.unique(everything, return_inverse=True)
        return ids, place.astype(np.int32)


def read_orders_chunked(
    source: bytes | IO[bytes],
    *,
    max_bytes: int,
    max_rows: int | None = None,
    on_rows: Callable[[int], None] | None = None,
    chunk_rows: int | None = None,
) -> CodedOrders:
    """`read_orders` for a CSV, read chunk by chunk: the same checks, problems and orders,
    with customers coded (CodedOrders), so that the whole file is never held as text."""
    stream = io.BytesIO(source) if isinstance(source, bytes) else source
    size = stream.seek(0, os.SEEK_END)
    if size > max_bytes:
        raise OrdersFileError(
            [TOO_LARGE.format(size=round(size / 2**20, 1), limit=round(max_bytes / 2**20))]
        )
    if size == 0:
        raise OrdersFileError([EMPTY_FILE])
    encoding, rows = scan(stream)
    if max_rows is not None and rows > max_rows:
        raise TooManyRows(max_rows)
    stream.seek(0)
    head = codecs.getincrementaldecoder(encoding)(errors="replace").decode(stream.read(2**16))
    stream.seek(0)
    codes = _Codes()
    faults = Faults()
    parts: dict[str, list[np.ndarray]] = {"customer": [], "order_date": [], "amount": []}
    referred: list[np.ndarray] | None = None
    read = 0
    try:
        reader = pd.read_csv(
            stream,
            sep=_separator(head),
            dtype=str,
            keep_default_na=False,
            skip_blank_lines=True,
            engine="c",
            encoding=encoding,
            encoding_errors="replace" if encoding == "cp1252" else "strict",
            chunksize=chunk_rows or CHUNK_ROWS,
        )
        with reader:
            for chunk in reader:
                frame = _normalize_header(chunk)
                if not read:  # the header, as read_orders checks it
                    _missing_columns(list(frame.columns))
                first_line = pd.Series(range(read + 2, read + 2 + len(frame)), index=frame.index)
                read += len(frame)
                orders = _checked(frame, first_line, faults)
                del frame, chunk
                if faults.counts:
                    continue  # refused whatever follows: only the lines at fault are gathered
                parts["customer"].append(codes(orders["customer"]))
                parts["order_date"].append(orders["order_date"].to_numpy())
                parts["amount"].append(orders["amount"].to_numpy(dtype="float64"))
                if "referred_by" in orders:
                    referred = referred if referred is not None else []
                    referred.append(codes(orders["referred_by"]))
                if on_rows is not None:
                    on_rows(read)
    except OrdersFileError:
        raise
    except Exception as exc:  # a stray quote, a broken encoding: tell, never crash
        reason = (str(exc).splitlines() or [type(exc).__name__])[0]
        raise OrdersFileError([UNREADABLE.format(reason=reason)]) from exc
    if not read:  # the reader gave one empty chunk, whose columns are checked above
        raise OrdersFileError([NO_ROWS])
    if problems := faults.problems():
        raise OrdersFileError(problems)
    ids, place = codes.in_id_order()
    frame = pd.DataFrame(
        {
            "customer": place[np.concatenate(parts.pop("customer"))],
            "order_date": np.concatenate(parts.pop("order_date")),
            "amount": np.concatenate(parts.pop("amount")),
        }
    )
    if referred is not None:
        referrer = np.concatenate(referred)
        none = referrer < 0
        frame["referred_by"] = pd.arrays.IntegerArray(
            np.where(none, 0, place[referrer]).astype(np.int32), none
        )
    return CodedOrders(orders=frame, ids=ids, encoding=encoding)
