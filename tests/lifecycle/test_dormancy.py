"""One rule for going quiet: a customer is in the band of the highest dormancy threshold
their days since the last order reach; the dashboard counts and the churn advice both
follow the thresholds stored as reference data."""

import pandas as pd
import pytest
from django.test import Client

from lifecycle.analysis import dormancy_bands
from lifecycle.models import DormancyThreshold
from lifecycle.services import orders_import_start
from organizations.models import Organization
from tests.lifecycle.files import upload

pytestmark = pytest.mark.usefixtures("reference")

DASH = "\N{EN DASH}"

# As of 2026-06-30, days since the last order: a 0, b 39, c 40, d 89, e 90, f 180, g 200.
ORDERS = (
    "customer_id,order_date,amount\n"
    "a,2026-06-30,1\n"
    "b,2026-05-22,1\n"
    "c,2026-05-21,1\n"
    "d,2026-04-02,1\n"
    "e,2026-04-01,1\n"
    "f,2026-01-01,1\n"
    "g,2025-12-12,1\n"
)


def test_each_customer_is_in_the_band_of_the_highest_threshold_reached() -> None:
    days = pd.Series([0, 39, 40, 89, 90, 180, 200])

    assert dormancy_bands(days, [40, 90, 180]).fillna(0).tolist() == [0, 0, 40, 40, 90, 180, 180]


def test_the_dashboard_counts_each_band_and_shows_its_advice(
    alice_client: Client, acme: Organization
) -> None:
    orders_import_start(organization=acme, user=None, upload=upload(ORDERS))

    response = alice_client.get("/organizations/acme/lifecycle/")

    bands = [(b.threshold.days, b.until, b.customers) for b in response.context["board"].dormancy]
    assert bands == [(40, 89, 2), (90, 179, 1), (180, None, 2)]  # c, d | e | f, g
    assert f"40{DASH}89 days" in response.text
    assert "180 days or more" in response.text
    assert DormancyThreshold.objects.get(days=90).advice_en in response.text


def test_moving_a_threshold_moves_both_the_counts_and_the_days_shown(
    alice_client: Client, acme: Organization
) -> None:
    orders_import_start(organization=acme, user=None, upload=upload(ORDERS))
    DormancyThreshold.objects.filter(days=90).update(days=85)

    response = alice_client.get("/organizations/acme/lifecycle/")

    bands = [(b.threshold.days, b.until, b.customers) for b in response.context["board"].dormancy]
    assert bands == [(40, 84, 1), (85, 179, 2), (180, None, 2)]  # c | d, e | f, g
    assert f"85{DASH}179 days" in response.text
    assert f"90{DASH}179 days" not in response.text
