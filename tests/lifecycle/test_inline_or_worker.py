"""Only a file that is small by honest measures (the CSV's bytes, what the XLSX unpacks to)
is imported inside the request; the worker counts the real rows against the limits, and a
zip bomb is refused without being inflated."""

import io
import zipfile
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import translation

from lifecycle import orders_file, uploads
from lifecycle.models import Customer, OrdersImport
from lifecycle.orders_file import TooManyRows, count_rows, read_orders
from lifecycle.services import TOO_MANY_ROWS, orders_import_process, orders_import_start
from organizations.models import Organization
from tests.lifecycle.files import ORDERS, lying_xlsx, upload, zip_bomb

pytestmark = pytest.mark.django_db


@pytest.fixture
def worker(settings, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}


def queued(acme: Organization, data: bytes, name: str, capture: Callable) -> tuple:
    with capture() as callbacks:
        started = orders_import_start(organization=acme, user=None, upload=upload(data, name))
    return started, callbacks


def test_an_xlsx_whose_dimension_lies_is_queued_and_the_worker_counts_its_real_rows(
    acme: Organization, settings, worker: None, django_capture_on_commit_callbacks
) -> None:
    data = lying_xlsx(60_000)  # its <dimension> claims the header row only

    started, callbacks = queued(acme, data, "orders.xlsx", django_capture_on_commit_callbacks)

    assert len(data) < settings.ORDERS_INLINE_MAX_BYTES  # small packed, large unpacked
    assert started.status == OrdersImport.Status.PENDING  # not parsed in the request
    assert started.upload and len(callbacks) == 1
    settings.ORDERS_MAX_ROWS = 1_000
    callbacks[0]()
    started.refresh_from_db()
    assert started.status == OrdersImport.Status.FAILED
    assert started.error == str(TOO_MANY_ROWS % {"limit": "1,000"})
    assert not Customer.objects.exists()
    assert not started.upload


def test_every_row_of_an_xlsx_is_read_whatever_its_dimension_claims() -> None:
    data = lying_xlsx(300)
    book = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
    assert book.active.max_row == 1  # what the file claims

    assert len(read_orders(data, max_bytes=2**30).orders) == 300
    with pytest.raises(TooManyRows):
        read_orders(data, max_bytes=2**30, max_rows=299)


def test_a_csv_with_carriage_returns_only_goes_to_the_worker_and_its_rows_are_counted(
    acme: Organization, settings, worker: None, django_capture_on_commit_callbacks
) -> None:
    rows = [f"c{n},2026-01-{1 + n % 28:02d},{n}.5" for n in range(300)]
    data = "\r".join(["customer_id,order_date,amount", *rows]).encode()
    settings.ORDERS_INLINE_MAX_BYTES = 1_000

    started, callbacks = queued(acme, data, "orders.csv", django_capture_on_commit_callbacks)

    assert started.status == OrdersImport.Status.PENDING
    callbacks[0]()
    started.refresh_from_db()
    assert (started.status, started.rows, started.customer_count) == ("done", 300, 300)


def test_the_worker_refuses_a_csv_over_the_row_limit_by_its_line_ends(
    acme: Organization, settings
) -> None:
    rows = "".join(f"c{n},2026-01-01,1\r" for n in range(300))
    orders_import = OrdersImport.objects.create(organization=acme, filename="o.csv")
    settings.ORDERS_MAX_ROWS = 299

    done = orders_import_process(
        orders_import=orders_import, source=f"customer_id,order_date,amount\r{rows}".encode()
    )

    assert done.error == str(TOO_MANY_ROWS % {"limit": "299"})


@pytest.mark.parametrize(
    ("text", "rows"),
    [("h\r1\r2\r", 2), ("h\n1\n2", 2), ("h\r\n1\r\n2\r\n", 2), ("h\r1\n2\r\n3", 3), ("h", 0)],
)
def test_rows_are_counted_whatever_the_line_ends(text: str, rows: int) -> None:
    assert count_rows(text) == rows


@pytest.fixture(scope="module")
def bomb() -> bytes:
    """50 MB of zeros in a workbook of some 50 KB (module scope: built before any spy)."""
    return zip_bomb(50 * 2**20)


@pytest.fixture
def inflated(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Parts of any zip that were opened to be inflated."""
    opened: list[str] = []
    original = zipfile.ZipFile.open

    def spy(self: zipfile.ZipFile, name: object, *args: object, **kwargs: object) -> object:
        opened.append(getattr(name, "filename", name))
        return original(self, name, *args, **kwargs)

    monkeypatch.setattr(zipfile.ZipFile, "open", spy)
    return opened


def test_a_zip_bomb_is_refused_in_the_request_without_being_inflated(
    acme: Organization, settings, bomb: bytes, inflated: list[str]
) -> None:
    settings.ORDERS_XLSX_MAX_UNCOMPRESSED_BYTES = 10 * 2**20
    assert len(bomb) < 2**20

    with pytest.raises(orders_file.OrdersFileError) as error:
        orders_import_start(organization=acme, user=None, upload=upload(bomb, "orders.xlsx"))

    assert error.value.problems == [str(uploads.XLSX_TOO_LARGE % {"size": "50", "limit": "10"})]
    assert not inflated
    assert not OrdersImport.objects.exists()


def test_the_worker_refuses_a_zip_bomb_before_openpyxl_opens_it(
    acme: Organization, settings, bomb: bytes, inflated: list[str]
) -> None:
    settings.ORDERS_XLSX_MAX_UNCOMPRESSED_BYTES = 10 * 2**20
    orders_import = OrdersImport.objects.create(organization=acme, filename="o.xlsx")

    done = orders_import_process(orders_import=orders_import, source=bomb)

    assert done.status == OrdersImport.Status.FAILED
    assert done.error == str(uploads.XLSX_TOO_LARGE % {"size": "50", "limit": "10"})
    assert not inflated


def test_a_small_file_is_still_imported_in_the_request(acme: Organization) -> None:
    started = orders_import_start(organization=acme, user=None, upload=upload(ORDERS))

    assert started.status == OrdersImport.Status.DONE


def test_the_upload_page_hands_the_worker_the_file_on_disk_not_in_memory(
    alice_client: Client,
    acme: Organization,
    settings,
    worker: None,
    django_capture_on_commit_callbacks,
) -> None:
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 0  # every upload streams to a temporary file
    settings.ORDERS_INLINE_MAX_BYTES = 100

    with django_capture_on_commit_callbacks() as callbacks:
        alice_client.post(
            "/organizations/acme/lifecycle/imports/",
            {"file": SimpleUploadedFile("orders.csv", ORDERS.encode())},
        )

    queued = OrdersImport.objects.get()
    assert queued.status == OrdersImport.Status.PENDING
    assert Path(queued.upload.path).read_bytes() == ORDERS.encode()
    callbacks[0]()
    queued.refresh_from_db()
    assert (queued.status, queued.customer_count, queued.upload.name) == ("done", 3, "")


def test_the_worker_gives_its_reasons_in_the_uploaders_language(
    acme: Organization, settings, worker: None, django_capture_on_commit_callbacks
) -> None:
    settings.ORDERS_INLINE_MAX_BYTES = 100
    settings.ORDERS_MAX_ROWS = 2

    with translation.override("de"):
        _, callbacks = queued(acme, ORDERS.encode(), "o.csv", django_capture_on_commit_callbacks)
        german = str(TOO_MANY_ROWS % {"limit": "2"})
    callbacks[0]()

    assert OrdersImport.objects.get().error == german
    assert german.startswith("Die Datei enthält mehr als 2 Bestellungen")
