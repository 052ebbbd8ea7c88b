"""One call answers "the organization's latest value of metric X" and "the drop-off stage":
imported orders and typed figures together, worked out by hand."""

from datetime import date
from decimal import Decimal

import pytest

from lifecycle.metrics import dropoff_stage, latest_metrics
from lifecycle.models import PeriodFigures
from lifecycle.services import orders_import_start
from organizations.models import Organization
from tests.lifecycle.files import upload

pytestmark = pytest.mark.usefixtures("reference")

# The orders of tests/lifecycle/test_rates.py, as a file.
ORDERS = (
    "customer_id,order_date,amount,referred_by\n"
    "a,2025-01-10,100,\n"
    "b,2025-01-20,50,\n"
    "a,2025-03-01,20,\n"
    "c,2025-06-15,30,a\n"
    "c,2025-12-05,30,\n"
    "d,2025-12-20,10,c\n"
    "b,2026-01-10,40,\n"
)


def typed(organization: Organization, month: date, **figures: object) -> None:
    PeriodFigures.objects.create(organization=organization, month=month, **figures)


@pytest.fixture
def acme_measured(acme: Organization) -> Organization:
    orders_import_start(organization=acme, user=None, upload=upload(ORDERS))
    # before the file: a typed month with its own orders
    typed(acme, date(2024, 12, 1), visitors=1000, orders=10)
    # October 2025: no order in the file, 100 sessions: a real 0 % conversion
    typed(acme, date(2025, 10, 1), visitors=100)
    typed(acme, date(2025, 11, 1), visitors=0)
    # December 2025: the import's 2 orders count, not the 999 typed
    typed(acme, date(2025, 12, 1), visitors=80, orders=999, acquisition_spend=Decimal("30.00"))
    typed(acme, date(2026, 1, 1), acquisition_spend=Decimal("50.00"))
    return acme


def test_the_latest_value_of_each_rate_is_from_the_latest_month_that_defines_it(
    acme_measured: Organization,
) -> None:
    metrics = latest_metrics(organization=acme_measured)

    assert {key: metrics[key] for key in ("conversion", "nurture", "retention", "referral")} == {
        "conversion": 0.025,  # December 2025: 2 orders / 80 sessions (January: none typed)
        "nurture": 0.0,  # June 2025: c did not order again within 90 days
        "retention": 0.25,  # January 2026: 1 of 4 customers with 2+ orders in 12 months
        "referral": 0.0,  # January 2026: 0 referred of 1 order
    }
    assert metrics["cac"] == 30.0  # December 2025: 30 spent / 1 new customer
    assert metrics["ltv"] == 32.5  # January 2026: 130 revenue over 12 months / 4 customers
    assert metrics["ltv_cac"] == 2.0  # December 2025: LTV 240 / 4 = 60, over CAC 30


def test_segment_sizes_are_metrics_too(acme_measured: Organization) -> None:
    metrics = latest_metrics(organization=acme_measured)

    # as of 2026-01-10:  recency  orders  revenue  R F M
    #   a                315      2       120      1 2 4  "124" at risk
    #   b                0        2       90       4 2 3  "423" potential loyalist
    #   c                36       2       60       2 2 2  "222" hibernating
    #   d                21       1       10       3 1 1  "311" new customers
    sizes = {key: value for key, value in metrics.items() if key.startswith("segment:")}
    assert sizes == {
        "segment:at-risk": 1,
        "segment:potential-loyalist": 1,
        "segment:hibernating": 1,
        "segment:new-customers": 1,
        "segment:champions": 0,
        "segment:loyal-customers": 0,
        "segment:promising": 0,
        "segment:need-attention": 0,
        "segment:about-to-sleep": 0,
        "segment:cant-lose-them": 0,
        "segment:lost": 0,
    }


def test_the_drop_off_stage_is_the_one_furthest_below_its_benchmark(
    acme_measured: Organization,
) -> None:
    # conversion 2.5 % against 2.5 %: level; retention 25 % against 28 %: 11 % below;
    # referral 0 % against 2.3 %: 100 % below
    assert dropoff_stage(organization=acme_measured) == "advocacy"


def test_without_a_referral_column_advocacy_is_no_data_and_never_the_drop_off(
    acme: Organization,
) -> None:
    without_referrals = "\n".join(line.rsplit(",", 1)[0] for line in ORDERS.splitlines())
    orders_import_start(organization=acme, user=None, upload=upload(without_referrals))

    metrics = latest_metrics(organization=acme)

    assert metrics["referral"] is None
    assert metrics["conversion"] is None  # no sessions typed
    assert dropoff_stage(organization=acme) == "retention"  # 25 % against 28 %


def test_nothing_recorded_gives_no_data_and_no_drop_off(acme: Organization) -> None:
    metrics = latest_metrics(organization=acme)

    assert set(metrics.values()) == {None}
    assert "segment:champions" in metrics
    assert dropoff_stage(organization=acme) is None


def test_typed_figures_alone_give_the_rates(acme: Organization) -> None:
    typed(
        acme,
        date(2026, 3, 1),
        visitors=2000,
        orders=30,
        new_customers=20,
        nurtured_customers=5,
        customers_12m=400,
        repeat_customers_12m=84,
        referred_orders=3,
        revenue_12m=Decimal("24000.00"),
        acquisition_spend=Decimal("1000.00"),
    )

    metrics = latest_metrics(organization=acme)

    assert metrics["conversion"] == 0.015  # 30 / 2000
    assert metrics["nurture"] == 0.25  # 5 / 20
    assert metrics["retention"] == 0.21  # 84 / 400
    assert metrics["referral"] == 0.1  # 3 / 30
    assert metrics["cac"] == 50.0  # 1000 / 20
    assert metrics["ltv_cac"] == 1.2  # (24000 / 400) / 50
    # retention 21 % against 28 % is 25 % below; conversion 1.5 % against 2.5 % is 40 % below
    assert dropoff_stage(organization=acme) == "acquisition"
