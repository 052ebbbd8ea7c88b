"""Lifecycle pages: figures, uploads, the dashboard, membership and query counts."""

from datetime import date

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from lifecycle.demo import generate_orders
from lifecycle.models import Customer, OrdersImport, PeriodFigures
from lifecycle.services import orders_import_start, period_figures_save
from organizations.models import Organization
from tests.lifecycle.files import ORDERS, upload

pytestmark = pytest.mark.usefixtures("reference")


def test_a_month_typed_in_is_saved_and_a_second_save_updates_it(
    alice_client: Client, acme: Organization
) -> None:
    url = "/organizations/acme/lifecycle/figures/"
    data = {"save_month": "", "month": "2026-03", "visitors": "1000", "new_customers": "25"}

    alice_client.post(url, data)
    alice_client.post(url, {**data, "visitors": "2000"})

    row = PeriodFigures.objects.get()
    assert (str(row.month), row.visitors, row.new_customers) == ("2026-03-01", 2000, 25)


def test_a_bad_month_is_refused_with_a_message(alice_client: Client, acme: Organization) -> None:
    response = alice_client.post(
        "/organizations/acme/lifecycle/figures/", {"save_month": "", "month": "March"}
    )

    assert "Write the month as YYYY-MM" in response.text
    assert not PeriodFigures.objects.exists()


def test_a_pasted_table_is_saved_whole_or_not_at_all(
    alice_client: Client, acme: Organization
) -> None:
    url = "/organizations/acme/lifecycle/figures/"
    good = "month\tvisitors\tnew_customers\n2026-01\t100\t3\n2026-02\t120\t4\n"
    bad = good + "2026-03\tmany\t5\n"

    refused = alice_client.post(url, {"paste": "", "table": bad})
    assert "Line 4: a month as YYYY-MM" in refused.text
    assert not PeriodFigures.objects.exists()

    alice_client.post(url, {"paste": "", "table": good})
    assert PeriodFigures.objects.count() == 2


def test_an_uploaded_file_is_imported_and_its_page_shows_the_result(
    alice_client: Client, acme: Organization
) -> None:
    upload = SimpleUploadedFile("orders.csv", ORDERS.encode(), content_type="text/csv")

    response = alice_client.post(
        "/organizations/acme/lifecycle/imports/", {"file": upload}, follow=True
    )

    done = OrdersImport.objects.get()
    assert done.status == OrdersImport.Status.DONE
    assert "4 orders of 3 customers" in response.text
    status = alice_client.get(f"/organizations/acme/lifecycle/imports/{done.pk}/status/").json()
    summary = status.pop("summary")
    assert status == {"status": "done", "label": "Done", "progress": 100, "error": "", "done": True}
    # what the page shows in place once a running import is done (import_progress.js)
    assert summary.startswith("4 orders of 3 customers, as of ")


def test_a_bad_upload_is_refused_with_its_lines_and_nothing_is_kept(
    alice_client: Client, acme: Organization
) -> None:
    upload = SimpleUploadedFile("orders.csv", b"customer_id,order_date,amount\nc1,2026-01-01,-3\n")

    response = alice_client.post("/organizations/acme/lifecycle/imports/", {"file": upload})

    assert "amount is negative on line(s) 2." in response.text
    assert not OrdersImport.objects.exists()
    assert not Customer.objects.exists()


def lifecycle_urls(
    organization: Organization, orders_import: OrdersImport
) -> list[tuple[str, str]]:
    base = f"/organizations/{organization.slug}/lifecycle"
    return [
        ("get", f"{base}/"),
        ("get", f"{base}/figures/"),
        ("post", f"{base}/figures/"),
        ("get", f"{base}/imports/"),
        ("post", f"{base}/imports/"),
        ("get", f"{base}/imports/{orders_import.pk}/"),
        ("get", f"{base}/imports/{orders_import.pk}/status/"),
        ("post", f"{base}/imports/{orders_import.pk}/delete/"),
    ]


def test_charlie_gets_404_on_every_lifecycle_url_of_acme(
    client: Client, charlie: User, acme: Organization
) -> None:
    orders_import = orders_import_start(
        organization=acme, user=None, upload=upload(ORDERS, "o.csv")
    )
    client.force_login(charlie)

    for method, url in lifecycle_urls(acme, orders_import):
        assert getattr(client, method)(url).status_code == 404, (method, url)
    # nor through his own organization's URLs
    assert (
        client.get(f"/organizations/globex/lifecycle/imports/{orders_import.pk}/").status_code
        == 404
    )
    assert OrdersImport.objects.filter(pk=orders_import.pk).exists()


def test_deleting_an_import_from_the_page_removes_its_customers(
    alice_client: Client, acme: Organization
) -> None:
    orders_import = orders_import_start(
        organization=acme, user=None, upload=upload(ORDERS, "o.csv")
    )

    alice_client.post(f"/organizations/acme/lifecycle/imports/{orders_import.pk}/delete/")

    assert not OrdersImport.objects.exists()
    assert not Customer.objects.exists()


# session, user, organization (membership), latest import, its months, typed months,
# benchmarks, stages, their channels, the latest submitted assessment (none here), segment
# totals, segments, dormancy thresholds, customers per category and per dormancy band (one
# aggregate), frequency bins, cohorts
DASHBOARD_QUERIES = 16
# once cached (lifecycle/dashboard.py): session, user, organization (membership), latest
# import, typed months, the latest submitted assessment
DASHBOARD_CACHED_QUERIES = 6


@pytest.mark.parametrize(("rows", "customers"), [(200, 40), (6000, 1500)])
def test_the_dashboard_queries_do_not_grow_with_customers_or_months(
    alice_client: Client, acme: Organization, rows: int, customers: int, django_assert_num_queries
) -> None:
    orders = generate_orders(rows=rows, customers=customers, months=3 if rows < 1000 else 18)
    orders_import_start(
        organization=acme, user=None, upload=upload(orders.to_csv(index=False), "o.csv")
    )

    with django_assert_num_queries(DASHBOARD_QUERIES):
        response = alice_client.get("/organizations/acme/lifecycle/")
    with django_assert_num_queries(DASHBOARD_CACHED_QUERIES):
        again = alice_client.get("/organizations/acme/lifecycle/")

    assert response.status_code == 200
    assert response.context["board"].charts["cohorts"]
    assert again.context["board"].charts == response.context["board"].charts


@pytest.mark.parametrize("typed_months", [1, 36])
def test_the_dashboard_queries_do_not_grow_with_typed_months(
    alice_client: Client, acme: Organization, typed_months: int, django_assert_num_queries
) -> None:
    orders_import_start(organization=acme, user=None, upload=upload(ORDERS, "o.csv"))
    period_figures_save(
        organization=acme,
        rows=[
            {"month": date(2023 + n // 12, n % 12 + 1, 1), "visitors": 100 + n, "orders": 3}
            for n in range(typed_months)
        ],
    )

    with django_assert_num_queries(DASHBOARD_QUERIES):
        response = alice_client.get("/organizations/acme/lifecycle/")
    with django_assert_num_queries(DASHBOARD_CACHED_QUERIES):
        alice_client.get("/organizations/acme/lifecycle/")

    assert len(response.context["board"].months) >= typed_months


# session, user, organization (membership), latest import (none), typed months,
# benchmarks, stages, their channels, the latest submitted assessment
EMPTY_DASHBOARD_QUERIES = 9


def test_the_dashboard_without_an_import_does_a_fixed_number_of_queries(
    alice_client: Client, acme: Organization, django_assert_num_queries
) -> None:
    with django_assert_num_queries(EMPTY_DASHBOARD_QUERIES):
        response = alice_client.get("/organizations/acme/lifecycle/")

    assert "No figures yet" in response.text


# session, user, organization (membership), the typed months
FIGURES_QUERIES = 4


@pytest.mark.parametrize("typed_months", [1, 24])
def test_the_figures_page_queries_do_not_grow_with_months(
    alice_client: Client, acme: Organization, typed_months: int, django_assert_num_queries
) -> None:
    period_figures_save(
        organization=acme,
        rows=[
            {"month": date(2024 + n // 12, n % 12 + 1, 1), "visitors": 10 * n}
            for n in range(typed_months)
        ],
    )

    with django_assert_num_queries(FIGURES_QUERIES):
        response = alice_client.get("/organizations/acme/lifecycle/figures/")

    assert len(response.context["rows"]) == typed_months
