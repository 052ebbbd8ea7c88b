"""Cohort months that have not happened yet are blank, not 0 %; a month that happened
without a purchase is a real 0 %."""

import math

import pandas as pd
import pytest
from django.test import Client

from lifecycle.analysis import cohort_retention
from lifecycle.models import CohortShare
from lifecycle.services import orders_import_start
from organizations.models import Organization
from tests.lifecycle.files import upload

# January cohort: a, b; a buys again in March. March cohort: c. The file ends in March.
ORDERS = (
    "customer_id,order_date,amount\n"
    "a,2026-01-05,1\n"
    "b,2026-01-20,1\n"
    "c,2026-03-02,1\n"
    "a,2026-03-09,1\n"
)


def frame() -> pd.DataFrame:
    rows = [line.split(",") for line in ORDERS.splitlines()[1:]]
    orders = pd.DataFrame(rows, columns=["customer", "order_date", "amount"])
    orders["order_date"] = pd.to_datetime(orders["order_date"])
    orders["amount"] = orders["amount"].astype(float)
    return orders


def test_months_after_the_last_order_are_missing_and_a_month_without_purchase_is_zero() -> None:
    table = cohort_retention(frame())

    january = table.loc[pd.Period("2026-01", freq="M")].tolist()
    march = table.loc[pd.Period("2026-03", freq="M")].tolist()
    assert january == [1.0, 0.0, 0.5]  # February happened: nobody bought, a real 0 %
    assert march[0] == 1.0
    assert math.isnan(march[1]) and math.isnan(march[2])  # April and May: not yet


def test_an_as_of_date_later_than_the_last_order_makes_those_months_happened() -> None:
    table = cohort_retention(frame(), pd.Timestamp("2026-04-30"))

    assert table.loc[pd.Period("2026-03", freq="M")].tolist()[:2] == [1.0, 0.0]
    assert math.isnan(table.loc[pd.Period("2026-03", freq="M")].tolist()[2])


@pytest.mark.usefixtures("reference")
def test_the_import_stores_no_future_month_and_the_heatmap_leaves_it_blank(
    alice_client: Client, acme: Organization
) -> None:
    orders_import_start(organization=acme, user=None, upload=upload(ORDERS))

    stored = {
        (str(c.cohort), c.offset): c.share for c in CohortShare.objects.order_by("cohort", "offset")
    }
    assert stored == {
        ("2026-01-01", 0): 1.0,
        ("2026-01-01", 1): 0.0,
        ("2026-01-01", 2): 0.5,
        ("2026-03-01", 0): 1.0,
    }
    figure = alice_client.get("/organizations/acme/lifecycle/").context["board"].charts["cohorts"]
    # the March row: April and May are blank, not 0 %
    assert figure["data"][0]["z"] == [[100.0, 0.0, 50.0], [100.0, None, None]]
