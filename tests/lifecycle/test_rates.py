"""Each rate is defined as its benchmark is (SPEC.md section 3), pinned on orders small
enough to count by hand. Expected numbers are worked out in the comments, never with the
code under test."""

import math

import pandas as pd
import pytest

from lifecycle.analysis import monthly_figures, period_rates

# customer  order date   amount  referred by
#   a       2025-01-10   100
#   b       2025-01-20    50
#   a       2025-03-01    20              a's second order 50 days after the first
#   c       2025-06-15    30     a
#   c       2025-12-05    30
#   d       2025-12-20    10     c
#   b       2026-01-10    40              b's second order 355 days after the first
ROWS = [
    ("a", "2025-01-10", 100.0, None),
    ("b", "2025-01-20", 50.0, None),
    ("a", "2025-03-01", 20.0, None),
    ("c", "2025-06-15", 30.0, "a"),
    ("c", "2025-12-05", 30.0, None),
    ("d", "2025-12-20", 10.0, "c"),
    ("b", "2026-01-10", 40.0, None),
]


def orders(rows: list[tuple], referrals: bool = True) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=["customer", "order_date", "amount", "referred_by"])
    frame["order_date"] = pd.to_datetime(frame["order_date"])
    return frame if referrals else frame.drop(columns="referred_by")


def month(figures: pd.DataFrame, name: str) -> dict:
    """One month's figures as plain values, None where unknown (as the database keeps them)."""
    row = figures.loc[pd.Period(name, freq="M")].to_dict()
    return {key: None if isinstance(v, float) and math.isnan(v) else v for key, v in row.items()}


@pytest.fixture
def figures() -> pd.DataFrame:
    return monthly_figures(orders(ROWS))  # as of the last order, 2026-01-10


def test_the_months_run_from_the_first_order_to_the_as_of_date_with_real_zeros(
    figures: pd.DataFrame,
) -> None:
    assert list(figures.index.astype(str)) == [f"2025-{m:02d}" for m in range(1, 13)] + ["2026-01"]
    # no order in October 2025: zero orders, a real zero inside the file's span
    assert month(figures, "2025-10")["orders"] == 0


def test_conversion_is_orders_over_sessions() -> None:
    # 2 orders in December 2025 over 80 typed sessions
    assert period_rates({"orders": 2, "visitors": 80})["conversion"] == 0.025


def test_conversion_is_no_data_without_sessions_and_zero_with_sessions_but_no_orders() -> None:
    assert period_rates({"orders": 2})["conversion"] is None
    assert period_rates({"orders": 2, "visitors": 0})["conversion"] is None
    assert period_rates({"orders": 0, "visitors": 100})["conversion"] == 0.0


def test_nurture_is_the_share_of_new_customers_ordering_again_within_90_days(
    figures: pd.DataFrame,
) -> None:
    # January 2025: a and b are new; a ordered again after 50 days, b after 355
    january = month(figures, "2025-01")
    assert (january["new_customers"], january["nurtured_customers"]) == (2, 1)
    assert period_rates(january)["nurture"] == 0.5
    # June 2025: c is new and ordered again only after 173 days: a real 0 %
    june = month(figures, "2025-06")
    assert (june["new_customers"], june["nurtured_customers"]) == (1, 0)
    assert period_rates(june)["nurture"] == 0.0


def test_nurture_is_undefined_until_90_days_have_passed_since_the_months_end(
    figures: pd.DataFrame,
) -> None:
    # as of the last order, 2026-01-10: September's end + 90 days is 2025-12-29, passed;
    # October's is 2026-01-29, not yet
    assert month(figures, "2025-09")["nurtured_customers"] == 0
    assert month(figures, "2025-10")["nurtured_customers"] is None
    assert month(figures, "2025-12")["nurtured_customers"] is None
    assert period_rates(month(figures, "2025-12"))["nurture"] is None


def test_a_second_order_on_day_90_counts_and_on_day_91_does_not() -> None:
    # x: 2026-01-01 then 2026-04-01, 90 days later; y: 2026-01-01 then 2026-04-02, 91 days
    rows = [
        ("x", "2026-01-01", 1.0, None),
        ("x", "2026-04-01", 1.0, None),
        ("y", "2026-01-01", 1.0, None),
        ("y", "2026-04-02", 1.0, None),
    ]

    # January ends on the 31st: its 90 days have passed on 2026-05-01, not before
    known = monthly_figures(orders(rows), pd.Timestamp("2026-05-01"))
    early = monthly_figures(orders(rows), pd.Timestamp("2026-04-30"))

    assert month(known, "2026-01")["nurtured_customers"] == 1
    assert period_rates(month(known, "2026-01"))["nurture"] == 0.5
    assert month(early, "2026-01")["nurtured_customers"] is None


def test_retention_is_the_repeat_customer_rate_over_the_12_months_up_to_the_months_end(
    figures: pd.DataFrame,
) -> None:
    # December 2025, window January to December 2025: a (2 orders), b (1), c (2), d (1)
    december = month(figures, "2025-12")
    assert (december["customers_12m"], december["repeat_customers_12m"]) == (4, 2)
    assert period_rates(december)["retention"] == 0.5
    # January 2026, window February 2025 to January 2026: a's and b's January 2025 orders
    # fall out, so a (1), b (1), c (2), d (1)
    january = month(figures, "2026-01")
    assert (january["customers_12m"], january["repeat_customers_12m"]) == (4, 1)
    assert period_rates(january)["retention"] == 0.25


def test_retention_is_undefined_until_the_file_covers_12_months(figures: pd.DataFrame) -> None:
    # November 2025's window starts in December 2024, before the file's first order
    november = month(figures, "2025-11")
    assert (november["customers_12m"], november["repeat_customers_12m"]) == (None, None)
    assert period_rates(november)["retention"] is None


def test_referral_is_referred_orders_over_all_orders_of_the_month(figures: pd.DataFrame) -> None:
    # December 2025: c's order and d's order (which names c as referrer)
    december = month(figures, "2025-12")
    assert (december["orders"], december["referred_orders"]) == (2, 1)
    assert period_rates(december)["referral"] == 0.5
    # January 2026: b's order names nobody; the column exists, so this is a real 0 %
    assert period_rates(month(figures, "2026-01"))["referral"] == 0.0


def test_referral_is_no_data_when_the_file_has_no_referral_column() -> None:
    figures = monthly_figures(orders(ROWS, referrals=False))

    december = month(figures, "2025-12")
    assert (december["referred_orders"], december["advocates"]) == (None, None)
    assert period_rates(december)["referral"] is None


def test_cac_and_ltv_to_cac_only_where_spend_and_new_customers_are_known(
    figures: pd.DataFrame,
) -> None:
    # December 2025: 240 of revenue over 12 months from 4 customers (LTV 60); 30 spent on
    # its one new customer (d): CAC 30, LTV:CAC 2
    december = {**month(figures, "2025-12"), "acquisition_spend": 30.0}
    assert december["revenue_12m"] == 240.0
    rates = period_rates(december)
    assert (rates["cac"], rates["ltv"], rates["ltv_cac"]) == (30.0, 60.0, 2.0)
    # without spend: no CAC and no LTV:CAC
    assert period_rates(month(figures, "2025-12"))["cac"] is None
    assert period_rates(month(figures, "2025-12"))["ltv_cac"] is None
    # January 2026: 50 spent but no new customer
    january = period_rates({**month(figures, "2026-01"), "acquisition_spend": 50.0})
    assert (january["cac"], january["ltv_cac"]) == (None, None)
