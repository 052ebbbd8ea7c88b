"""Orders to customers, RFM segments, cohorts and monthly figures (SPEC.md section 3).

pandas only, vectorized: a DataFrame of orders in, DataFrames out. No Django here.
"""

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

CUSTOMER = "customer"
RETAINED = "retained"
ADVOCATE = "advocate"


def rfm_score(values: pd.Series) -> pd.Series:
    """1 to 5 by quintile with ties kept together: 1 + floor(5 * (rank_min - 1) / n)."""
    n = len(values)
    if n == 0:
        return values.astype("int64")
    ranks = values.rank(method="min", ascending=True)
    return (1 + np.floor(5 * (ranks - 1) / n)).astype("int64")


def customers_summary(orders: pd.DataFrame, as_of: pd.Timestamp | None = None) -> pd.DataFrame:
    """One row per customer: first and last order, orders, revenue, recency, category, R, F, M.

    `orders` has columns customer, order_date (datetime64), amount and, optionally,
    referred_by (the referrer's customer id or NaN).
    """
    if as_of is None:
        as_of = orders["order_date"].max()
    grouped = orders.groupby("customer", sort=True)
    customers = pd.DataFrame(
        {
            "first_order": grouped["order_date"].min(),
            "last_order": grouped["order_date"].max(),
            "orders": grouped.size(),
            "revenue": grouped["amount"].sum(),
        }
    )
    customers["recency_days"] = (as_of.normalize() - customers["last_order"].dt.normalize()).dt.days
    referrers = (
        pd.Index(orders["referred_by"].dropna().unique())
        if "referred_by" in orders
        else pd.Index([])
    )
    customers["category"] = np.where(
        customers.index.isin(referrers),
        ADVOCATE,
        np.where(customers["orders"] >= 2, RETAINED, CUSTOMER),
    )
    customers["r"] = rfm_score(-customers["recency_days"])
    customers["f"] = rfm_score(customers["orders"])
    customers["m"] = rfm_score(customers["revenue"])
    return customers


def segments(customers: pd.DataFrame, mapping: Mapping[str, str]) -> pd.Series:
    """The segment of each customer from its three RFM digits through `mapping` ("555" -> name)."""
    codes = customers["r"].astype(str) + customers["f"].astype(str) + customers["m"].astype(str)
    return codes.map(mapping)


def _month_number(dates: pd.Series) -> pd.Series:
    return dates.dt.year * 12 + (dates.dt.month - 1)


def cohort_retention(orders: pd.DataFrame) -> pd.DataFrame:
    """Share of each first-order-month cohort that buys in each month since (0 = the first).

    Rows are the cohorts' first months (Period), columns the months since, values in [0, 1].
    """
    month = _month_number(orders["order_date"])
    first = month.groupby(orders["customer"]).transform("min")
    frame = pd.DataFrame({"cohort": first, "offset": month - first, "customer": orders["customer"]})
    table = frame.drop_duplicates().pivot_table(
        index="cohort", columns="offset", values="customer", aggfunc="nunique", fill_value=0
    )
    table = table.reindex(columns=range(int(table.columns.max()) + 1), fill_value=0)
    shares = table.div(table[0], axis=0)
    cohorts = shares.index.to_numpy()
    shares.index = pd.PeriodIndex.from_fields(year=cohorts // 12, month=cohorts % 12 + 1, freq="M")
    return shares


@dataclass(frozen=True)
class MonthFigures:
    new_customers: int
    active_customers: int
    repeat_customers: int
    advocates: int


def monthly_figures(orders: pd.DataFrame) -> pd.DataFrame:
    """Per calendar month: new, active and repeat customers, and advocates.

    New: first order in the month. Active: at least one order in the month. Repeat:
    active in the month and ordered before it, or twice within it. Advocates: customers
    named as referrer on an order of that month.
    """
    month = orders["order_date"].dt.to_period("M")
    first_month = month.groupby(orders["customer"]).transform("min")
    per_customer_month = pd.DataFrame(
        {"customer": orders["customer"], "month": month, "first_month": first_month}
    )
    counts = per_customer_month.groupby(["month", "customer"]).agg(
        orders=("customer", "size"), first_month=("first_month", "first")
    )
    counts = counts.reset_index()
    counts["is_new"] = counts["month"] == counts["first_month"]
    counts["is_repeat"] = (~counts["is_new"]) | (counts["orders"] >= 2)
    figures = counts.groupby("month").agg(
        new_customers=("is_new", "sum"),
        active_customers=("customer", "nunique"),
        repeat_customers=("is_repeat", "sum"),
    )
    if "referred_by" in orders:
        referrals = pd.DataFrame({"month": month, "referrer": orders["referred_by"]}).dropna()
        advocates = referrals.groupby("month")["referrer"].nunique()
    else:
        advocates = pd.Series(dtype="int64")
    figures["advocates"] = advocates.reindex(figures.index, fill_value=0)
    return figures.astype("int64")


def ratio(numerator: float | None, denominator: float | None) -> float | None:
    """A rate, or None (shown as "—") when it is undefined: never 0, never an error."""
    if numerator is None or not denominator:
        return None
    return numerator / denominator


def period_rates(figures: Mapping[str, float | None]) -> dict[str, float | None]:
    """The rates of SPEC.md section 3 from one month's figures."""
    return {
        "conversion": ratio(figures.get("new_customers"), figures.get("visitors")),
        "nurture": ratio(figures.get("nurtured_customers"), figures.get("new_customers")),
        "retention": ratio(figures.get("repeat_customers"), figures.get("active_customers")),
        "referral": ratio(figures.get("advocates"), figures.get("active_customers")),
        "acquisition_cost": ratio(figures.get("acquisition_spend"), figures.get("new_customers")),
    }


def drop_off(
    rates: Mapping[str, float | None], benchmarks: Mapping[str, float]
) -> tuple[str, float] | None:
    """The rate that falls furthest below its benchmark, relative to it, and by how much.

    Only rates with a value and a positive benchmark take part; None when none falls short.
    """
    shortfalls = {
        key: (benchmarks[key] - value) / benchmarks[key]
        for key, value in rates.items()
        if value is not None and benchmarks.get(key, 0) > 0
    }
    worst = max(shortfalls, key=shortfalls.__getitem__, default=None)
    if worst is None or shortfalls[worst] <= 0:
        return None
    return worst, shortfalls[worst]
