"""The imports pages ask the database a fixed number of times, however many imports there
are: looking for stale imports costs no query unless one is stale."""

import pytest
from django.test import Client

from lifecycle.models import OrdersImport
from organizations.models import Organization
from tests.lifecycle.test_stale_imports import make_import

# session, user, organization (membership), its imports
IMPORTS_QUERIES = 4
# session, user, the import (membership)
STATUS_QUERIES = 3


@pytest.mark.parametrize("count", [1, 6])
def test_the_imports_list_queries_do_not_grow_with_imports(
    alice_client: Client, acme: Organization, count: int, django_assert_num_queries
) -> None:
    # all just short of stale
    make_import(acme, OrdersImport.Status.RUNNING, 14)
    for minutes_ago in range(count - 1):
        make_import(acme, OrdersImport.Status.PENDING, 59 - minutes_ago)

    with django_assert_num_queries(IMPORTS_QUERIES):
        response = alice_client.get("/organizations/acme/lifecycle/imports/")

    assert len(response.context["imports"]) == count


def test_the_status_of_a_running_import_takes_three_queries(
    alice_client: Client, acme: Organization, django_assert_num_queries
) -> None:
    running = make_import(acme, OrdersImport.Status.RUNNING, 1)

    with django_assert_num_queries(STATUS_QUERIES):
        answer = alice_client.get(f"/organizations/acme/lifecycle/imports/{running.pk}/status/")

    assert answer.json()["done"] is False
    assert answer.json()["summary"] == ""  # the counts come once it is done
