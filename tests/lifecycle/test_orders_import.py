"""Orders imports: everything derived is written at once, refused files keep nothing,
customer ids are only kept as keyed hashes, deleting an import removes what it made."""

from datetime import date
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from lifecycle.models import CohortShare, Customer, ImportedMonth, OrdersImport
from lifecycle.services import customer_hash, orders_import_delete, orders_import_start
from organizations.models import Organization
from tests.lifecycle.files import ORDERS, upload

pytestmark = pytest.mark.django_db


def test_a_small_file_is_imported_at_once(acme: Organization) -> None:
    done = orders_import_start(organization=acme, user=None, upload=upload(ORDERS, "orders.csv"))

    assert done.status == OrdersImport.Status.DONE
    assert (done.rows, done.customer_count, str(done.as_of)) == (4, 3, "2026-03-01")
    anna = Customer.objects.get(customer_hash=customer_hash("anna@example.com"))
    assert (anna.orders, anna.revenue, anna.recency_days, anna.category) == (
        2,
        15.5,
        23,
        "advocate",
    )
    assert ImportedMonth.objects.filter(orders_import=done).count() == 3
    assert CohortShare.objects.filter(orders_import=done, offset=0).count() == 2  # Jan, Mar


def test_customer_ids_are_never_stored(acme: Organization) -> None:
    orders_import_start(organization=acme, user=None, upload=upload(ORDERS, "o.csv"))

    stored = " ".join(Customer.objects.values_list("customer_hash", flat=True))
    assert "example.com" not in stored
    assert len(Customer.objects.first().customer_hash) == 64


def test_the_as_of_date_sets_recency(acme: Organization) -> None:
    done = orders_import_start(
        organization=acme,
        user=None,
        upload=upload(ORDERS, "o.csv"),
        as_of=date(2026, 3, 31),
    )

    assert Customer.objects.get(customer_hash=customer_hash("carl@example.com")).recency_days == 30
    assert str(done.as_of) == "2026-03-31"


def test_a_refused_file_keeps_nothing_but_the_message(acme: Organization) -> None:
    bad = ORDERS + "dora@example.com,not a date,5,,\n"

    done = orders_import_start(organization=acme, user=None, upload=upload(bad, "o.csv"))

    assert done.status == OrdersImport.Status.FAILED
    assert "line(s) 6" in done.error
    assert not Customer.objects.exists()
    assert not ImportedMonth.objects.exists()
    assert not CohortShare.objects.exists()


def test_deleting_an_import_removes_everything_derived_from_it(acme: Organization) -> None:
    first = orders_import_start(organization=acme, user=None, upload=upload(ORDERS, "a.csv"))
    second = orders_import_start(organization=acme, user=None, upload=upload(ORDERS, "b.csv"))

    orders_import_delete(orders_import=first)

    assert not OrdersImport.objects.filter(pk=first.pk).exists()
    assert set(Customer.objects.values_list("orders_import", flat=True)) == {second.pk}
    assert set(ImportedMonth.objects.values_list("orders_import", flat=True)) == {second.pk}
    assert set(CohortShare.objects.values_list("orders_import", flat=True)) == {second.pk}


def test_a_large_file_goes_to_the_worker_and_is_processed_there(
    acme: Organization, settings, tmp_path: Path, django_capture_on_commit_callbacks
) -> None:
    settings.ORDERS_INLINE_MAX_BYTES = 100  # ORDERS is twice that
    settings.MEDIA_ROOT = tmp_path
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        started = orders_import_start(
            organization=acme, user=None, upload=upload(ORDERS, "big.csv")
        )

    assert len(callbacks) == 1  # queued for the worker, not imported in the request
    started.refresh_from_db()
    assert started.status == OrdersImport.Status.DONE
    assert started.customer_count == 3
    assert not started.upload  # the uploaded file is gone once read


def test_the_commands_import_and_export_customers(acme: Organization, tmp_path: Path) -> None:
    source = tmp_path / "orders.csv"
    source.write_text(ORDERS, encoding="utf-8")
    target = tmp_path / "customers.csv"
    out = StringIO()

    call_command("import_orders", "--org", "acme", str(source), "--as-of", "2026-03-02", stdout=out)
    call_command("export_customers", "--org", "acme", "-o", str(target))

    assert "Imported 4 orders of 3 customers as of 2026-03-02" in out.getvalue()
    lines = target.read_text(encoding="utf-8").splitlines()
    assert lines[0] == (
        "customer_hash,first_order,last_order,orders,revenue,recency_days,category,r,f,m,segment"
    )
    assert len(lines) == 4
    assert "example.com" not in target.read_text(encoding="utf-8")


def test_the_import_command_refuses_a_bad_file_and_keeps_nothing(
    acme: Organization, tmp_path: Path
) -> None:
    source = tmp_path / "orders.csv"
    source.write_text("customer_id,order_date\nx,2026-01-01\n", encoding="utf-8")

    with pytest.raises(CommandError, match="Missing column"):
        call_command("import_orders", "--org", "acme", str(source))

    assert not OrdersImport.objects.exists()


def test_the_import_command_names_an_unknown_organization(db: None, tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="No organization 'nope'"):
        call_command("import_orders", "--org", "nope", str(tmp_path / "x.csv"))
