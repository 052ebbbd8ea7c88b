"""Orders files for the tests: uploads, XLSX workbooks, and the files an attacker sends."""

import io
import re
import zipfile
from collections.abc import Callable

import openpyxl
from django.core.files.base import ContentFile

ORDERS = (
    "customer_id,order_date,amount,referred_by,channel\n"
    "anna@example.com,2026-01-05,10.50,,email\n"
    "ben@example.com,2026-01-20,20,anna@example.com,social\n"
    "anna@example.com,2026-02-06,5,,email\n"
    "carl@example.com,2026-03-01,99,,search\n"
)
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<<>>\n%%EOF\n"
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + bytes(range(256)) * 4


def upload(data: bytes | str, name: str = "orders.csv") -> ContentFile:
    """A file as the service takes it from a form."""
    return ContentFile(data.encode() if isinstance(data, str) else data, name=name)


def xlsx(*sheets: tuple[str, list[list[object]]]) -> bytes:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows in sheets:
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _replace_part(data: bytes, name: str, change: Callable[[bytes], bytes]) -> bytes:
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for part in source.infolist():
            content = source.read(part.filename)
            target.writestr(part, change(content) if part.filename == name else content)
    return out.getvalue()


def lying_xlsx(rows: int) -> bytes:
    """A workbook made by openpyxl whose <dimension> claims only the header row while the
    sheet holds `rows` orders after it (the attacker's file)."""
    data = xlsx(("Orders", [["customer_id", "order_date", "amount"], ["c", "2026-01-01", 1]]))
    body = "".join(
        f'<row r="{n}"><c r="A{n}" t="inlineStr"><is><t>c{n % 997}</t></is></c>'
        f'<c r="B{n}" t="inlineStr"><is><t>2026-01-{1 + n % 28:02d}</t></is></c>'
        f'<c r="C{n}"><v>{n % 50}.5</v></c></row>'
        for n in range(2, rows + 2)
    )

    def lie(sheet: bytes) -> bytes:
        text = re.sub(r'<dimension ref="[^"]*"\s*/>', '<dimension ref="A1:C1"/>', sheet.decode())
        header_end = text.index("</row>") + len("</row>")
        return (text[:header_end] + body + text[text.index("</sheetData>") :]).encode()

    return _replace_part(data, "xl/worksheets/sheet1.xml", lie)


def zip_bomb(unpacked: int) -> bytes:
    """A workbook with a part of `unpacked` zero bytes: a thousand times smaller packed."""
    data = xlsx(("Orders", [["customer_id", "order_date", "amount"], ["c", "2026-01-01", 1]]))
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
            for part in source.infolist():
                target.writestr(part, source.read(part.filename))
            with target.open("xl/media/padding.bin", "w", force_zip64=False) as padding:
                for _ in range(unpacked // 2**20):
                    padding.write(bytes(2**20))
    return out.getvalue()
