"""The RFM code reads recency, then frequency, then monetary value ("513" is R5 F1 M3),
and a customer's segment is the one of that code."""

from io import StringIO
from pathlib import Path

import pandas as pd
import pytest
from django.core.management import call_command

from lifecycle.analysis import customers_summary, segments
from lifecycle.models import Customer
from organizations.models import Organization

# Five customers, so each R and M score is its own quintile; F comes from the order-count
# bins (1 -> 1, 2 -> 2, 3 -> 3, 4-5 -> 4, 6+ -> 5). Dora ordered last (best recency) but
# only once (worst frequency); Eve ordered most often but longest ago.
#   customer  orders  last order  revenue  R F M
#   dora      1       2026-03-31  30       5 1 3
#   finn      2       2026-03-20  50       4 2 5
#   gus       3       2026-03-01  10       2 3 1
#   hana      4       2026-03-10  20       3 4 2
#   eve       5       2026-02-20  40       1 4 4
ORDERS = (
    "customer_id,order_date,amount\n"
    "eve,2026-01-02,8\n"
    "eve,2026-01-09,8\n"
    "eve,2026-01-16,8\n"
    "eve,2026-01-23,8\n"
    "eve,2026-02-20,8\n"
    "finn,2026-01-05,25\n"
    "finn,2026-03-20,25\n"
    "gus,2026-01-06,3\n"
    "gus,2026-02-06,3\n"
    "gus,2026-03-01,4\n"
    "hana,2026-01-07,5\n"
    "hana,2026-02-07,5\n"
    "hana,2026-03-05,5\n"
    "hana,2026-03-10,5\n"
    "dora,2026-03-31,30\n"
)


def test_the_segment_code_is_recency_then_frequency_then_monetary() -> None:
    customers = pd.DataFrame(
        {"r": [5, 1, 4], "f": [1, 5, 2], "m": [3, 4, 5]}, index=["dora", "eve", "finn"]
    )
    mapping = {
        "513": "R5 F1 M3",
        "153": "F5 R1 M3",
        "154": "R1 F5 M4",
        "514": "F1 R5 M4",
        "425": "R4 F2 M5",
        "245": "F4 R2 M5",
    }

    assert segments(customers, mapping).tolist() == ["R5 F1 M3", "R1 F5 M4", "R4 F2 M5"]


def test_a_customer_who_bought_last_but_only_once_is_r5_f1_and_gets_that_segment() -> None:
    frame = pd.read_csv(StringIO(ORDERS), parse_dates=["order_date"]).rename(
        columns={"customer_id": "customer"}
    )

    customers = customers_summary(frame)

    assert customers[["r", "f", "m"]].to_dict("index") == {
        "dora": {"r": 5, "f": 1, "m": 3},
        "eve": {"r": 1, "f": 4, "m": 4},
        "finn": {"r": 4, "f": 2, "m": 5},
        "gus": {"r": 2, "f": 3, "m": 1},
        "hana": {"r": 3, "f": 4, "m": 2},
    }
    codes = {
        "513": "Promising",
        "153": "At Risk",
        "144": "Can't Lose Them",
        "414": "Promising",
    }
    assert segments(customers, codes).loc[["dora", "eve"]].tolist() == [
        "Promising",
        "Can't Lose Them",
    ]


@pytest.mark.django_db
def test_an_import_files_each_customer_under_the_segment_of_its_r_f_m_code(
    reference: None, acme: Organization, tmp_path: Path
) -> None:
    source = tmp_path / "orders.csv"
    source.write_text(ORDERS, encoding="utf-8")

    call_command("import_orders", "--org", "acme", str(source), stdout=StringIO())

    # Orders counts tell the five customers apart; segments as in fixtures/lifecycle.json.
    stored = {
        customer.orders: (customer.r, customer.f, customer.m, customer.segment.key)
        for customer in Customer.objects.select_related("segment")
    }
    assert stored == {
        1: (5, 1, 3, "promising"),  # dora, 513 (153 would be at-risk)
        2: (4, 2, 5, "promising"),  # finn, 425 (245 would be at-risk)
        3: (2, 3, 1, "about-to-sleep"),  # gus, 231
        4: (3, 4, 2, "potential-loyalist"),  # hana, 342
        5: (1, 4, 4, "cant-lose-them"),  # eve, 144 (414 would be promising)
    }
