"""The lifecycle core on hand-made orders: RFM with ties, categories, cohorts, monthly figures."""

import pandas as pd
import pytest

from lifecycle.analysis import (
    ADVOCATE,
    CUSTOMER,
    RETAINED,
    cohort_retention,
    customers_summary,
    drop_off,
    monthly_figures,
    period_rates,
    rfm_score,
    segments,
)


def orders(rows: list[tuple]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=["customer", "order_date", "amount", "referred_by"])
    frame["order_date"] = pd.to_datetime(frame["order_date"])
    return frame


def test_rfm_scores_are_quintiles_of_the_minimum_rank() -> None:
    scores = rfm_score(pd.Series([10, 20, 30, 40, 50, 60, 70, 80, 90, 100]))

    assert scores.tolist() == [1, 1, 2, 2, 3, 3, 4, 4, 5, 5]


def test_equal_values_get_equal_scores() -> None:
    # ranks (min): 1, 2, 2, 2, 2, 6 of 6 -> 1 + floor(5 * (rank - 1) / 6)
    scores = rfm_score(pd.Series([1, 5, 5, 5, 5, 9]))

    assert scores.tolist() == [1, 1, 1, 1, 1, 5]


def test_one_customer_scores_1() -> None:
    assert rfm_score(pd.Series([42.0])).tolist() == [1]


def test_the_customer_summary_as_of_the_last_order() -> None:
    frame = orders(
        [
            ("a", "2026-01-05", 10.0, None),
            ("a", "2026-03-01", 30.0, None),
            ("b", "2026-02-10", 99.5, "a"),
            ("c", "2026-03-10", 5.0, None),
        ]
    )

    customers = customers_summary(frame)

    a = customers.loc["a"]
    assert (a["orders"], a["revenue"], a["recency_days"]) == (2, 40.0, 9)
    assert a["category"] == ADVOCATE  # named as referrer, whatever the order count
    assert customers.loc["b", "category"] == CUSTOMER
    assert customers.loc["c", "recency_days"] == 0
    # recency ranks -recency ascending: c (0 days) is most recent and scores highest
    assert customers["r"].tolist() == [2, 1, 4]
    assert customers["f"].tolist() == [2, 1, 1]  # fixed bins: 2 orders -> 2, 1 order -> 1


def test_two_orders_make_a_retained_customer_and_the_as_of_date_moves_recency() -> None:
    frame = orders([("a", "2026-01-05", 10.0, None), ("a", "2026-01-06", 10.0, None)])

    customers = customers_summary(frame, as_of=pd.Timestamp("2026-02-05"))

    assert customers.loc["a", "category"] == RETAINED
    assert customers.loc["a", "recency_days"] == 30


def test_segments_come_from_the_three_digits() -> None:
    customers = pd.DataFrame({"r": [5, 1], "f": [5, 1], "m": [5, 1]}, index=["x", "y"])

    assert segments(customers, {"555": "Champions", "111": "Lost"}).tolist() == [
        "Champions",
        "Lost",
    ]


def test_cohort_shares_count_each_customer_once_per_month() -> None:
    frame = orders(
        [
            ("a", "2026-01-05", 1.0, None),
            ("a", "2026-01-20", 1.0, None),
            ("b", "2026-01-07", 1.0, None),
            ("a", "2026-02-02", 1.0, None),
            ("c", "2026-02-03", 1.0, None),
            ("b", "2026-04-01", 1.0, None),
        ]
    )

    table = cohort_retention(frame)

    january = table.loc[pd.Period("2026-01", freq="M")]
    assert january[0] == 1.0
    assert january[1] == 0.5
    assert january[2] == 0.0
    assert january[3] == 0.5
    assert table.loc[pd.Period("2026-02", freq="M")][0] == 1.0


def test_monthly_figures_new_active_returning_and_advocates() -> None:
    frame = orders(
        [
            ("a", "2026-01-05", 1.0, None),
            ("b", "2026-01-07", 1.0, None),
            ("b", "2026-01-09", 1.0, None),
            ("a", "2026-02-02", 1.0, None),
            ("c", "2026-02-03", 1.0, "a"),
            ("d", "2026-02-04", 1.0, "a"),
        ]
    )

    figures = monthly_figures(frame)

    columns = ["orders", "new_customers", "active_customers", "returning_customers", "advocates"]
    january = figures.loc[pd.Period("2026-01", freq="M"), columns]
    february = figures.loc[pd.Period("2026-02", freq="M"), columns]
    assert january.to_dict() == {
        "orders": 3,
        "new_customers": 2,
        "active_customers": 2,
        "returning_customers": 1,  # b ordered twice within January
        "advocates": 0,
    }
    assert february.to_dict() == {
        "orders": 3,
        "new_customers": 2,
        "active_customers": 3,
        "returning_customers": 1,  # a came back
        "advocates": 1,  # a, named on two orders, is one advocate
    }


@pytest.mark.parametrize("column", ["r", "f", "m"])
def test_every_score_lies_between_1_and_5(column: str) -> None:
    frame = orders([(f"c{n}", f"2026-01-{1 + n % 28:02d}", float(n % 7), None) for n in range(100)])

    assert customers_summary(frame)[column].between(1, 5).all()


def test_a_rate_with_a_zero_denominator_is_undefined_not_zero() -> None:
    rates = period_rates(
        {
            "visitors": 0,
            "orders": 0,
            "new_customers": 0,
            "customers_12m": 10,
            "repeat_customers_12m": 3,
            "referred_orders": 0,
            "acquisition_spend": 100.0,
        }
    )

    assert rates["conversion"] is None  # 0 orders of 0 sessions
    assert rates["nurture"] is None  # no nurtured figure and no new customers
    assert rates["cac"] is None  # spend, but no new customer to divide it by
    assert rates["ltv_cac"] is None
    assert rates["retention"] == 0.3
    assert rates["referral"] is None  # 0 referred of 0 orders


def test_a_figure_not_recorded_makes_its_rates_undefined_but_a_recorded_zero_is_zero() -> None:
    assert period_rates({"orders": 12})["conversion"] is None  # sessions not recorded
    assert period_rates({"orders": 0, "visitors": 400})["conversion"] == 0.0
    assert period_rates({"orders": 40})["referral"] is None  # referred orders not recorded
    assert period_rates({"orders": 40, "referred_orders": 0})["referral"] == 0.0


def test_the_drop_off_point_is_the_rate_furthest_below_its_benchmark_relatively() -> None:
    rates = {"conversion": 0.02, "retention": 0.14, "referral": None}
    benchmarks = {"conversion": 0.025, "retention": 0.28, "referral": 0.023}

    assert drop_off(rates, benchmarks) == ("retention", 0.5)


def test_no_drop_off_when_every_rate_meets_its_benchmark() -> None:
    assert drop_off({"conversion": 0.03}, {"conversion": 0.025}) is None


def test_a_rate_without_a_benchmark_is_never_the_drop_off_however_low() -> None:
    # nurture at 1 % has no benchmark; retention at 14 % is half its 28 %
    rates = {"nurture": 0.01, "retention": 0.14, "conversion": None}
    benchmarks = {"nurture": None, "retention": 0.28, "conversion": 0.025}

    assert drop_off(rates, benchmarks) == ("retention", 0.5)
    assert drop_off({"nurture": 0.01}, {"nurture": None}) is None
