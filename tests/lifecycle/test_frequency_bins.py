"""Frequency is scored by fixed order-count bins (SPEC.md 3.1), kept as reference data;
recency and monetary value stay quintiles."""

import pandas as pd
import pytest

from lifecycle.analysis import customers_summary, frequency_score
from lifecycle.models import Customer, FrequencyBin
from lifecycle.services import customer_hash, orders_import_start
from organizations.models import Organization
from tests.lifecycle.files import upload


def test_one_two_three_five_and_six_orders_score_one_to_five() -> None:
    scores = frequency_score(pd.Series([1, 2, 3, 5, 6]))

    assert scores.tolist() == [1, 2, 3, 4, 5]


def test_four_orders_share_the_bin_of_five_and_sixty_that_of_six() -> None:
    assert frequency_score(pd.Series([4, 60])).tolist() == [4, 5]


def test_most_customers_buying_once_no_longer_makes_two_orders_frequent() -> None:
    # 7 of 10 customers buy once; by quintile a 2-order customer scored 4
    counts = [1, 1, 1, 1, 1, 1, 1, 2, 2, 9]
    frame = pd.DataFrame(
        {
            "customer": [f"c{i}" for i, n in enumerate(counts) for _ in range(n)],
            "order_date": pd.Timestamp("2026-01-01"),
            "amount": 1.0,
        }
    )

    scores = customers_summary(frame)["f"]

    assert scores.loc[["c0", "c7", "c9"]].tolist() == [1, 2, 5]


@pytest.mark.usefixtures("reference")
def test_an_import_scores_frequency_by_the_stored_bins(acme: Organization) -> None:
    # c1 orders once, c2 twice, c3 three times, c5 five times, c6 six times
    lines = ["customer_id,order_date,amount"] + [
        f"c{n},2026-01-{day:02d},1" for n in (1, 2, 3, 5, 6) for day in range(1, n + 1)
    ]
    orders_import_start(organization=acme, user=None, upload=upload("\n".join(lines)))

    stored = {c.orders: c.f for c in Customer.objects.all()}
    assert stored == {1: 1, 2: 2, 3: 3, 5: 4, 6: 5}


@pytest.mark.usefixtures("reference")
def test_edited_bins_score_the_next_import(acme: Organization) -> None:
    # an admin makes the bins 1, 2-3, 4, 5-7, 8+
    FrequencyBin.objects.filter(min_orders=6).update(min_orders=8)
    FrequencyBin.objects.filter(min_orders=4).update(min_orders=5)
    FrequencyBin.objects.filter(min_orders=3).update(min_orders=4)
    lines = ["customer_id,order_date,amount"] + [
        f"c{n},2026-01-{day:02d},1" for n in (3, 4, 7, 8) for day in range(1, n + 1)
    ]
    orders_import_start(organization=acme, user=None, upload=upload("\n".join(lines)))

    assert Customer.objects.get(customer_hash=customer_hash("c3")).f == 2
    assert Customer.objects.get(customer_hash=customer_hash("c4")).f == 3
    assert Customer.objects.get(customer_hash=customer_hash("c7")).f == 4
    assert Customer.objects.get(customer_hash=customer_hash("c8")).f == 5


@pytest.mark.usefixtures("reference")
def test_bins_that_cannot_score_one_to_five_fall_back_to_specs(acme: Organization) -> None:
    FrequencyBin.objects.filter(min_orders=6).delete()  # no bin scores 5 any more
    lines = ["customer_id,order_date,amount"] + [f"c7,2026-01-{d:02d},1" for d in range(1, 8)]

    orders_import_start(organization=acme, user=None, upload=upload("\n".join(lines)))

    assert Customer.objects.get().f == 5
