"""Every import ends: an unexpected error fails it with a generic reason (the traceback
goes to the log), a write that breaks halfway keeps nothing, and the worker fails an
import whose file it cannot read and deletes the uploaded file whatever happens."""

import logging
from collections.abc import Callable
from pathlib import Path

import pytest
from django.core.files.storage import default_storage
from django.test import Client

from lifecycle import services
from lifecycle.models import CohortShare, Customer, ImportedMonth, OrdersImport
from lifecycle.services import (
    INTERNAL_ERROR,
    UPLOAD_MISSING,
    WORKER_STOPPED,
    orders_import_run,
    orders_import_start,
)
from organizations.models import Organization
from tests.lifecycle.files import ORDERS, upload

pytestmark = pytest.mark.django_db


def explode(*args: object, **kwargs: object) -> None:
    raise RuntimeError("secret internals /srv/app/lifecycle/analysis.py")


def test_an_unexpected_error_fails_the_import_with_a_generic_reason_and_logs_it(
    acme: Organization, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setattr(services, "orders_derive", explode)

    with caplog.at_level(logging.ERROR, logger="lifecycle.services"):
        done = orders_import_start(organization=acme, user=None, upload=upload(ORDERS))

    done.refresh_from_db()
    assert (done.status, done.error) == ("failed", str(INTERNAL_ERROR))
    assert done.finished_at is not None
    (record,) = caplog.records
    assert record.exc_info[0] is RuntimeError  # the traceback is in the log, not the page


def test_the_upload_page_shows_the_generic_reason_and_never_the_traceback(
    alice_client: Client, acme: Organization, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(services, "orders_derive", explode)

    response = alice_client.post(
        "/organizations/acme/lifecycle/imports/", {"file": upload(ORDERS)}, follow=True
    )

    assert str(INTERNAL_ERROR) in response.text
    assert "secret internals" not in response.text
    assert not OrdersImport.objects.exists()


def test_a_write_that_fails_halfway_keeps_nothing(
    acme: Organization, monkeypatch: pytest.MonkeyPatch
) -> None:
    customers_written = []

    def fail_after_customers(*args: object, **kwargs: object) -> None:
        customers_written.append(Customer.objects.count())
        raise RuntimeError("disk full")

    monkeypatch.setattr(ImportedMonth.objects, "bulk_create", fail_after_customers)

    done = orders_import_start(organization=acme, user=None, upload=upload(ORDERS))

    assert customers_written == [3]  # the customers were in when the months failed
    assert not Customer.objects.exists()
    assert not CohortShare.objects.exists()
    done.refresh_from_db()
    assert (done.status, done.error) == ("failed", str(INTERNAL_ERROR))


def test_an_import_given_up_while_it_was_processed_keeps_nothing_and_its_reason(
    acme: Organization, monkeypatch: pytest.MonkeyPatch
) -> None:
    derive = services.orders_derive

    def given_up_meanwhile(*args: object, **kwargs: object) -> object:
        # what a page or fail_stale_imports does when the worker looks dead
        OrdersImport.objects.update(status=OrdersImport.Status.FAILED, error=str(WORKER_STOPPED))
        return derive(*args, **kwargs)

    monkeypatch.setattr(services, "orders_derive", given_up_meanwhile)

    done = orders_import_start(organization=acme, user=None, upload=upload(ORDERS))

    assert (done.status, done.error) == ("failed", str(WORKER_STOPPED))
    assert not Customer.objects.exists()
    assert not ImportedMonth.objects.exists()


@pytest.fixture
def stored(acme: Organization, settings, tmp_path: Path) -> Callable[[str], OrdersImport]:
    """An import waiting for the worker, with its file in storage."""
    settings.MEDIA_ROOT = tmp_path

    def make(data: str) -> OrdersImport:
        orders_import = OrdersImport.objects.create(organization=acme, filename="o.csv")
        orders_import.upload.save("o.csv", upload(data), save=True)
        return orders_import

    return make


@pytest.mark.parametrize(
    ("data", "broken", "status"),
    [(ORDERS, False, "done"), ("customer_id\nx\n", False, "failed"), (ORDERS, True, "failed")],
    ids=["imported", "refused", "crashed"],
)
def test_the_worker_deletes_the_uploaded_file_whatever_happens(
    stored, monkeypatch: pytest.MonkeyPatch, data: str, broken: bool, status: str
) -> None:
    orders_import = stored(data)
    path = orders_import.upload.name
    if broken:
        monkeypatch.setattr(services, "orders_derive", explode)

    orders_import_run(orders_import_id=orders_import.pk)

    orders_import.refresh_from_db()
    assert orders_import.status == status
    assert not orders_import.upload
    assert not default_storage.exists(path)


def test_the_worker_fails_an_import_whose_file_is_gone(stored) -> None:
    orders_import = stored(ORDERS)
    default_storage.delete(orders_import.upload.name)

    orders_import_run(orders_import_id=orders_import.pk)

    orders_import.refresh_from_db()
    assert (orders_import.status, orders_import.error) == ("failed", str(UPLOAD_MISSING))
    assert not orders_import.upload


def test_the_worker_skips_an_import_deleted_before_it_came(acme: Organization) -> None:
    orders_import_run(orders_import_id=12345)

    assert not OrdersImport.objects.exists()
