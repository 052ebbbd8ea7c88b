"""A file is taken as CSV or XLSX by its content, never by its name: a binary renamed
.csv or .xlsx is refused with a clear message, a CSV named .txt or an XLSX named .bin is read."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from lifecycle import uploads
from lifecycle.models import OrdersImport
from lifecycle.orders_file import OrdersFileError
from lifecycle.services import orders_import_start
from organizations.models import Organization
from tests.lifecycle.files import EXE, ORDERS, PDF, PNG, upload, xlsx

URL = "/organizations/acme/lifecycle/imports/"
WORKBOOK = xlsx(("Orders", [["customer_id", "order_date", "amount"], ["c1", "2026-01-05", 9.5]]))


def a_zip(*names: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in names:
            archive.writestr(name, "x")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("data", "name"),
    [
        (PNG, "orders.csv"),
        (PDF, "orders.csv"),
        (EXE, "orders.xlsx"),
        (bytes(300), "o.csv"),
        (ORDERS.replace("search", "sea\x00rch").encode(), "orders.csv"),
        (bytes(range(1, 128)) * 20, "orders.csv"),  # valid UTF-8, no NUL, but no text
    ],
    ids=["png", "pdf", "exe", "zeros", "text with a nul", "control bytes"],
)
def test_a_renamed_binary_is_refused_by_its_content(
    alice_client: Client, acme: Organization, data: bytes, name: str
) -> None:
    response = alice_client.post(URL, {"file": SimpleUploadedFile(name, data)})

    assert response.context["form"].errors["file"] == [str(uploads.NOT_ORDERS_FILE)]
    assert not OrdersImport.objects.exists()


def test_a_zip_that_is_no_workbook_is_refused(acme: Organization) -> None:
    with pytest.raises(OrdersFileError) as error:
        orders_import_start(
            organization=acme, user=None, upload=upload(a_zip("word/document.xml"), "o.xlsx")
        )

    assert error.value.problems == [str(uploads.NOT_XLSX)]
    assert not OrdersImport.objects.exists()


def test_a_zip_with_thousands_of_parts_is_refused_before_its_directory_is_read() -> None:
    names = ["xl/workbook.xml", *(f"part{n}" for n in range(uploads.MAX_ZIP_ENTRIES))]

    with pytest.raises(OrdersFileError) as error:
        uploads.inspect(io.BytesIO(a_zip(*names)), max_bytes=2**30, max_unpacked=2**30)

    assert error.value.problems == [str(uploads.NOT_XLSX)]


@pytest.mark.parametrize(
    ("data", "name"), [(ORDERS.encode(), "orders.txt"), (WORKBOOK, "export.bin")]
)
def test_a_csv_or_xlsx_under_any_name_is_read_by_its_content(
    alice_client: Client, acme: Organization, data: bytes, name: str
) -> None:
    alice_client.post(URL, {"file": SimpleUploadedFile(name, data)})

    assert OrdersImport.objects.get().status == OrdersImport.Status.DONE


@pytest.mark.parametrize(
    "text",
    [
        ORDERS.encode("utf-8"),
        ("\ufeff" + ORDERS).encode("utf-8"),
        ORDERS.encode("utf-16"),
        "customer_id,order_date,amount\n김민지,2026-01-05,15000\n".encode("cp949"),
        "customer_id;order_date;amount\nJosé;31.01.2026;12,50 €\n".encode("cp1252"),
    ],
    ids=["utf-8", "utf-8 bom", "utf-16", "cp949", "cp1252"],
)
def test_every_encoding_the_reader_takes_passes_as_text(text: bytes) -> None:
    assert uploads.looks_like_text(text)
