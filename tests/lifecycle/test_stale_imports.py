"""An import whose worker has shown no sign of life for too long is failed when anyone
looks at it (status, import page, imports list), by the worker's next start and by
`manage.py fail_stale_imports`; its page then stops polling and shows the reason."""

from datetime import timedelta
from io import StringIO
from pathlib import Path

import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from lifecycle.models import OrdersImport
from lifecycle.services import WORKER_STOPPED, orders_import_run
from organizations.models import Organization
from tests.lifecycle.files import ORDERS, upload

RUNNING = OrdersImport.Status.RUNNING
PENDING = OrdersImport.Status.PENDING


def make_import(organization: Organization, status: str, minutes_ago: int) -> OrdersImport:
    return OrdersImport.objects.create(
        organization=organization,
        filename="big.csv",
        status=status,
        progress=40 if status == RUNNING else 0,
        heartbeat_at=timezone.now() - timedelta(minutes=minutes_ago),
    )


def status_of(client: Client, orders_import: OrdersImport) -> dict:
    return client.get(f"/organizations/acme/lifecycle/imports/{orders_import.pk}/status/").json()


@pytest.mark.parametrize(("status", "minutes_ago"), [(RUNNING, 16), (PENDING, 61)])
def test_a_stale_import_is_failed_when_its_status_is_polled_and_polling_stops(
    alice_client: Client, acme: Organization, status: str, minutes_ago: int
) -> None:
    stale = make_import(acme, status, minutes_ago)

    answer = status_of(alice_client, stale)

    assert answer["done"] is True  # the page's script stops polling on done
    assert (answer["status"], answer["error"]) == ("failed", str(WORKER_STOPPED))
    stale.refresh_from_db()
    assert (stale.status, stale.error) == ("failed", str(WORKER_STOPPED))
    assert stale.finished_at is not None


@pytest.mark.parametrize(("status", "minutes_ago"), [(RUNNING, 14), (PENDING, 59)])
def test_an_import_with_a_recent_sign_of_life_keeps_going(
    alice_client: Client, acme: Organization, status: str, minutes_ago: int
) -> None:
    alive = make_import(acme, status, minutes_ago)

    assert status_of(alice_client, alive)["done"] is False
    alive.refresh_from_db()
    assert alive.status == status


def test_the_import_page_of_a_stale_import_shows_the_reason_and_does_not_poll(
    alice_client: Client, acme: Organization
) -> None:
    stale = make_import(acme, RUNNING, 30)

    response = alice_client.get(f"/organizations/acme/lifecycle/imports/{stale.pk}/")

    assert str(WORKER_STOPPED) in response.text
    assert "progress-bar-animated" not in response.text  # import_progress.js polls only then
    assert OrdersImport.objects.get().status == "failed"


def test_the_imports_list_fails_the_stale_imports_it_shows(
    alice_client: Client, acme: Organization
) -> None:
    stale = make_import(acme, RUNNING, 30)
    alive = make_import(acme, RUNNING, 1)

    alice_client.get("/organizations/acme/lifecycle/imports/")

    assert dict(OrdersImport.objects.values_list("pk", "status")) == {
        stale.pk: "failed",
        alive.pk: "running",
    }


@pytest.fixture
def media(settings, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path


def test_the_command_fails_stale_imports_and_deletes_their_files(
    acme: Organization, media: None
) -> None:
    stale = make_import(acme, PENDING, 120)
    stale.upload.save("big.csv", upload(ORDERS), save=True)
    alive = make_import(acme, PENDING, 30)  # waiting for the worker may take longer
    out = StringIO()

    call_command("fail_stale_imports", stdout=out)

    stale.refresh_from_db()
    assert (stale.status, stale.upload.name) == ("failed", "")
    assert default_storage.listdir("imports")[1] == []
    assert OrdersImport.objects.get(pk=alive.pk).status == PENDING
    assert "1 stale import(s) marked failed." in out.getvalue()


def test_the_worker_fails_imports_left_running_by_a_dead_worker_but_not_queued_ones(
    acme: Organization, media: None
) -> None:
    dead = make_import(acme, RUNNING, 30)
    queued_long = make_import(acme, PENDING, 120)
    mine = make_import(acme, PENDING, 0)
    mine.upload.save("o.csv", upload(ORDERS), save=True)

    orders_import_run(orders_import_id=mine.pk)

    statuses = dict(OrdersImport.objects.values_list("pk", "status"))
    assert statuses == {dead.pk: "failed", queued_long.pk: "pending", mine.pk: "done"}
