"""What an uploaded orders file is, from cheap, honest facts: its first bytes and, for an
XLSX, its zip directory; never its name, never a <dimension> it claims, and never by reading
it whole. And the upload handler that stops a file over the size limit while it streams."""

import codecs
import os
import struct
import zipfile
from dataclasses import dataclass
from typing import IO, Any

from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from lifecycle.orders_file import XLSX_MAGIC, OrdersFileError

CSV = "csv"
XLSX = "xlsx"
HEAD_BYTES = 2**16
# An orders workbook has a few dozen parts; a directory far larger is not one.
MAX_ZIP_ENTRIES = 1000
MAX_ZIP_DIRECTORY_BYTES = 2**20
END_OF_DIRECTORY = b"PK\x05\x06"
END_OF_DIRECTORY_BYTES = 22
# Formats that can pass for text in their first bytes, or that people rename by mistake.
BINARY_MAGIC = (
    b"%PDF",
    b"%!PS",
    b"\x89PNG",
    b"GIF8",
    b"\xff\xd8\xff",
    b"MZ",
    b"\x7fELF",
    b"\xd0\xcf\x11\xe0",  # old .xls and .doc
    b"\x1f\x8b",
    b"BZh",
    b"7z\xbc\xaf",
    b"Rar!",
    b"PK",
)
TEXT_CONTROLS = b"\t\n\r\x0c\x1a\x1b"
CONTROLS = bytes(b for b in range(32) if b not in TEXT_CONTROLS)

# Messages the tests reuse.
TOO_LARGE = _("The file is larger than %(limit)s MB, the most an orders file may be.")
NOT_ORDERS_FILE = _(
    "The file is neither CSV text nor an XLSX workbook (judged by its content, whatever its "
    "name). Save the orders as CSV or XLSX and upload that."
)
NOT_XLSX = _("The file is a zip archive but not an XLSX workbook.")
BROKEN_XLSX = _("The file looks like an XLSX workbook but its zip directory cannot be read.")
XLSX_TOO_LARGE = _(
    "The workbook unpacks to %(size)s MB; the limit is %(limit)s MB. Save the orders as CSV, "
    "or split them."
)


@dataclass(frozen=True)
class FileFacts:
    kind: str  # CSV or XLSX
    size: int  # bytes as uploaded
    work: int  # bytes to parse: the CSV itself, or everything the XLSX unpacks to


def megabytes(size: int) -> str:
    return f"{size / 2**20:.0f}" if size >= 2**20 else f"{size / 2**20:.1f}"


def looks_like_text(head: bytes) -> bool:
    """Whether a file's first bytes read as text in an encoding orders_file.decode takes."""
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            codecs.getincrementaldecoder("utf-16")().decode(head, final=False)
        except UnicodeDecodeError:
            return False
        return True
    if b"\x00" in head or head.startswith(BINARY_MAGIC):
        return False
    # Text has hardly any control characters; compressed or machine data has one in ~10.
    if (len(head) - len(head.translate(None, CONTROLS))) * 100 > len(head):
        return False
    for encoding in ("utf-8", "cp949", "cp1252"):
        try:
            codecs.getincrementaldecoder(encoding)().decode(head, final=False)
        except UnicodeDecodeError:
            continue
        return True
    return False


def _xlsx_unpacked_size(file: IO[bytes], size: int, max_unpacked: int) -> int:
    """Everything the workbook unpacks to, from its zip directory alone (nothing is inflated).

    zipfile never inflates an entry past the size the directory gives it, so that size is
    an honest bound for what openpyxl will read later.
    """
    tail_size = min(size, END_OF_DIRECTORY_BYTES + 2**16)
    file.seek(size - tail_size)
    tail = file.read(tail_size)
    end = tail.rfind(END_OF_DIRECTORY)
    if end < 0 or len(tail) - end < END_OF_DIRECTORY_BYTES:
        raise OrdersFileError([str(BROKEN_XLSX)])
    # Checked before zipfile builds an object per entry: a directory of millions is refused.
    entries, directory_size = struct.unpack_from("<HL", tail, end + 10)
    if entries > MAX_ZIP_ENTRIES or directory_size > MAX_ZIP_DIRECTORY_BYTES:
        raise OrdersFileError([str(NOT_XLSX)])
    try:
        with zipfile.ZipFile(file) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as exc:
        raise OrdersFileError([str(BROKEN_XLSX)]) from exc
    if "xl/workbook.xml" not in {part.filename for part in parts}:
        raise OrdersFileError([str(NOT_XLSX)])
    unpacked = sum(part.file_size for part in parts)
    if unpacked > max_unpacked:
        raise OrdersFileError(
            [str(XLSX_TOO_LARGE % {"size": megabytes(unpacked), "limit": megabytes(max_unpacked)})]
        )
    return unpacked


def inspect(file: IO[bytes], *, max_bytes: int, max_unpacked: int) -> FileFacts:
    """What the file is and how much there is to parse; OrdersFileError if it is no orders file.

    Reads the first 64 KB and, for an XLSX, its zip directory; leaves the file at its start.
    """
    try:
        size = file.seek(0, os.SEEK_END)
        if size > max_bytes:
            raise OrdersFileError([str(TOO_LARGE % {"limit": megabytes(max_bytes)})])
        file.seek(0)
        head = file.read(HEAD_BYTES)
        if head.startswith(XLSX_MAGIC):
            return FileFacts(XLSX, size, _xlsx_unpacked_size(file, size, max_unpacked))
        if not looks_like_text(head):
            raise OrdersFileError([str(NOT_ORDERS_FILE)])
        return FileFacts(CSV, size, size)
    finally:
        file.seek(0)


class OrdersUploadLimit(FileUploadHandler):
    """Stops an uploaded file over `limit` bytes while it streams, before the rest is read
    or kept; placed first in request.upload_handlers. `refused` tells the view it happened."""

    def __init__(self, request: HttpRequest | None = None, *, limit: int) -> None:
        super().__init__(request)
        self.limit = limit
        self.refused = False
        self.body_length = 0
        self.received = 0

    def handle_raw_input(
        self,
        input_data: IO[bytes],
        META: dict[str, Any],
        content_length: int | None,
        # django-stubs say str, but MultiPartParser passes the boundary encoded, as bytes
        boundary: bytes,  # type: ignore[override]
        encoding: str | None = None,
    ) -> None:
        self.body_length = content_length or 0

    def new_file(self, *args: Any, **kwargs: Any) -> None:
        super().new_file(*args, **kwargs)
        self.received = 0

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes:
        self.received += len(raw_data)
        # The form's other fields are a few hundred bytes, so a body this much larger than
        # the limit holds a file over it: stop at its first chunk.
        if self.received > self.limit or self.body_length > self.limit + HEAD_BYTES:
            self.refused = True
            # Reading the rest only to answer with a message is fine for a file a little
            # over the limit; a far larger body is cut off.
            raise StopUpload(connection_reset=self.body_length > 2 * self.limit)
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None
