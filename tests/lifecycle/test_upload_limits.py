"""An upload over the size limit is stopped while it streams: nothing of it is kept, and
the page says why; the CSRF check still guards the upload page."""

from collections.abc import Callable

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.files.uploadhandler import (
    MemoryFileUploadHandler,
    StopUpload,
    TemporaryFileUploadHandler,
)
from django.test import Client

from lifecycle.forms import OrdersUploadForm
from lifecycle.models import OrdersImport
from lifecycle.uploads import TOO_LARGE, OrdersUploadLimit
from organizations.models import Organization
from tests.lifecycle.files import ORDERS

URL = "/organizations/acme/lifecycle/imports/"
LIMIT = 100_000


@pytest.fixture
def passed_on(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Bytes of the upload that reached Django's own handlers (memory or temporary file)."""
    received: list[int] = []
    for handler in (MemoryFileUploadHandler, TemporaryFileUploadHandler):
        original = handler.receive_data_chunk

        def spy(self: object, raw_data: bytes, start: int, original: Callable = original) -> object:
            received.append(len(raw_data))
            return original(self, raw_data, start)

        monkeypatch.setattr(handler, "receive_data_chunk", spy)
    return received


def too_large() -> str:
    return str(TOO_LARGE % {"limit": "0.1"})


@pytest.mark.parametrize(
    ("size", "most_passed_on"),
    [(LIMIT + 20_000, LIMIT), (3 * LIMIT, 0)],
    ids=["a little: stopped past the limit", "far: stopped by its length at the first chunk"],
)
def test_an_upload_over_the_limit_is_stopped_while_it_streams_and_nothing_is_kept(
    alice_client: Client,
    acme: Organization,
    settings,
    passed_on: list[int],
    size: int,
    most_passed_on: int,
) -> None:
    settings.ORDERS_MAX_BYTES = LIMIT
    data = (ORDERS * (size // len(ORDERS) + 1)).encode()[:size]

    response = alice_client.post(URL, {"file": SimpleUploadedFile("orders.csv", data)})

    assert response.status_code == 200
    assert response.context["form"].errors["file"] == [too_large()]
    assert sum(passed_on) <= most_passed_on  # never more than the limit was written anywhere
    assert not OrdersImport.objects.exists()


def test_the_limit_holds_when_the_request_does_not_say_its_length() -> None:
    limit = OrdersUploadLimit(limit=LIMIT)
    limit.handle_raw_input(None, {}, None, b"boundary")  # chunked: no Content-Length
    limit.new_file("file", "orders.csv", "text/csv", None)

    assert limit.receive_data_chunk(bytes(60_000), 0) == bytes(60_000)
    with pytest.raises(StopUpload):
        limit.receive_data_chunk(bytes(60_000), 60_000)
    assert limit.refused


def test_the_form_refuses_a_file_over_the_limit(settings) -> None:
    settings.ORDERS_MAX_BYTES = LIMIT

    form = OrdersUploadForm({}, {"file": SimpleUploadedFile("o.csv", bytes(LIMIT + 1))})

    assert form.errors["file"] == [too_large()]


def test_a_file_at_the_limit_is_taken(alice_client: Client, acme: Organization, settings) -> None:
    settings.ORDERS_MAX_BYTES = len(ORDERS)

    alice_client.post(URL, {"file": SimpleUploadedFile("orders.csv", ORDERS.encode())})

    assert OrdersImport.objects.get().status == OrdersImport.Status.DONE


def test_the_upload_page_still_checks_the_csrf_token(alice, acme: Organization) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(alice)

    response = client.post(URL, {"file": SimpleUploadedFile("orders.csv", ORDERS.encode())})

    assert response.status_code == 403
    assert not OrdersImport.objects.exists()
