"""Orders to customers, RFM segments, cohorts, monthly figures and rates (SPEC.md section 3).

pandas only, vectorized: a DataFrame of orders in, DataFrames out. No Django here.

Every rate is defined as the benchmark it is compared with. A figure that was not
recorded is missing (None or NaN), never 0, and a rate with a missing figure or a zero
denominator is undefined (None).
"""

from collections.abc import Iterable, Mapping
from datetime import date

import numpy as np
import pandas as pd

CUSTOMER = "customer"
RETAINED = "retained"
ADVOCATE = "advocate"

# SPEC.md 3.1: 1 order -> 1, 2 -> 2, 3 -> 3, 4-5 -> 4, 6 or more -> 5 (first count of a bin
# -> its score). The shipped reference data holds the same bins; these are the fallback.
SPEC_FREQUENCY_BINS: Mapping[int, int] = {1: 1, 2: 2, 3: 3, 4: 4, 6: 5}

NURTURE_DAYS = 90
WINDOW_MONTHS = 12

# The rates of SPEC.md section 3, in the order pages list them.
CONVERSION = "conversion"
NURTURE = "nurture"
RETENTION = "retention"
REFERRAL = "referral"
CAC = "cac"
LTV = "ltv"
LTV_CAC = "ltv_cac"
RATES = (CONVERSION, NURTURE, RETENTION, REFERRAL, CAC, LTV, LTV_CAC)

# Figures an orders file gives; the rest (sessions, impressions, spend) are typed in.
ORDER_FIGURES = (
    "orders",
    "revenue",
    "new_customers",
    "active_customers",
    "returning_customers",
    "advocates",
    "referred_orders",
    "nurtured_customers",
    "customers_12m",
    "repeat_customers_12m",
    "revenue_12m",
)


def rfm_score(values: pd.Series) -> pd.Series:
    """1 to 5 by quintile with ties kept together: 1 + floor(5 * (rank_min - 1) / n)."""
    n = len(values)
    if n == 0:
        return values.astype("int64")
    ranks = values.rank(method="min", ascending=True)
    return (1 + np.floor(5 * (ranks - 1) / n)).astype("int64")


BINS_START, BINS_SCORES = "start", "scores"


def check_frequency_bins(bins: Mapping[int, int]) -> list[str]:
    """What is wrong with a set of frequency bins (empty when they can be used): BINS_START
    when the first bin does not start at 1 order, BINS_SCORES when the scores are not 1 to
    5 rising with the order count."""
    problems = []
    if not bins or min(bins) != 1:
        problems.append(BINS_START)
    scores = [bins[start] for start in sorted(bins)]
    if sorted(set(scores)) != list(range(1, 6)) or scores != sorted(scores):
        problems.append(BINS_SCORES)
    return problems


def frequency_score(orders: pd.Series, bins: Mapping[int, int] = SPEC_FREQUENCY_BINS) -> pd.Series:
    """The score of the bin an order count falls in: the bin with the largest first count
    at or below it (fixed bins, since quintiles fail when most customers buy once)."""
    starts = np.array(sorted(bins))
    scores = np.array([bins[start] for start in starts])
    position = np.searchsorted(starts, orders.to_numpy(), side="right") - 1
    return pd.Series(scores[np.clip(position, 0, None)], index=orders.index, dtype="int64")


def customers_summary(
    orders: pd.DataFrame,
    as_of: pd.Timestamp | None = None,
    frequency_bins: Mapping[int, int] = SPEC_FREQUENCY_BINS,
) -> pd.DataFrame:
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
    customers["f"] = frequency_score(customers["orders"], frequency_bins)
    customers["m"] = rfm_score(customers["revenue"])
    return customers


def segments(customers: pd.DataFrame, mapping: Mapping[str, int | str]) -> pd.Series:
    """The segment of each customer from its three RFM digits through `mapping` ("555" -> the
    segment's id, or its name)."""
    codes = customers["r"].astype(str) + customers["f"].astype(str) + customers["m"].astype(str)
    return codes.map(mapping)


def dormancy_bands(recency_days: pd.Series, thresholds: Iterable[int]) -> pd.Series:
    """The threshold (days) each customer is past, the highest one; NaN for none.

    One rule for the counts and the churn advice: a customer is in the band of the
    highest threshold their days since the last order reach.
    """
    starts = np.array(sorted(thresholds))
    if not len(starts):
        return pd.Series(np.nan, index=recency_days.index)
    position = np.searchsorted(starts, recency_days.to_numpy(), side="right") - 1
    band = np.where(position >= 0, starts[np.clip(position, 0, None)], np.nan)
    return pd.Series(band, index=recency_days.index)


def _month_number(dates: pd.Series) -> pd.Series:
    return dates.dt.year * 12 + (dates.dt.month - 1)


def _periods(numbers: np.ndarray) -> pd.PeriodIndex:
    return pd.PeriodIndex.from_fields(year=numbers // 12, month=numbers % 12 + 1, freq="M")


def cohort_retention(orders: pd.DataFrame, as_of: pd.Timestamp | None = None) -> pd.DataFrame:
    """Share of each first-order-month cohort that buys in each month since (0 = the first).

    Rows are the cohorts' first months (Period), columns the months since, values in
    [0, 1]; a month after the as-of date (default: the last order) has not happened yet
    and is NaN, not 0.
    """
    month = _month_number(orders["order_date"])
    stamp = pd.Timestamp(as_of) if as_of is not None else orders["order_date"].max()
    last = max(stamp.year * 12 + stamp.month - 1, int(month.max()))
    first = month.groupby(orders["customer"]).transform("min")
    frame = pd.DataFrame({"cohort": first, "offset": month - first, "customer": orders["customer"]})
    table = frame.drop_duplicates().pivot_table(
        index="cohort", columns="offset", values="customer", aggfunc="nunique", fill_value=0
    )
    table = table.reindex(columns=range(int(table.columns.max()) + 1), fill_value=0)
    shares = table.div(table[0], axis=0).astype("float64")
    cohorts = shares.index.to_numpy()
    future = cohorts[:, None] + shares.columns.to_numpy()[None, :] > last
    shares = shares.mask(future)
    shares.index = _periods(cohorts)
    return shares


def monthly_figures(orders: pd.DataFrame, as_of: pd.Timestamp | None = None) -> pd.DataFrame:
    """Per calendar month, from the first order's month to the as-of month (default: the
    last order), the figures an orders file gives; NaN where a figure is not known.

    - orders, revenue: the month's rows and their amounts;
    - new_customers: customers whose first order is in the month;
    - active_customers: customers with an order in the month;
    - returning_customers: active customers who ordered before the month or twice in it;
    - advocates: customers named as referrer on an order of the month;
    - referred_orders: orders of the month whose row names a referrer (a referred
      purchase, as referral benchmarks count it);
    - nurtured_customers: the month's new customers whose second order came within 90 days
      of their first; known only once 90 days have passed since the month's last day;
    - customers_12m, repeat_customers_12m, revenue_12m: customers with at least one and
      with at least two orders, and revenue, in the 12 months up to the month's end; known
      only when the file covers all 12 of them.

    Advocates and referred orders are NaN when the file has no referred_by column.
    """
    if as_of is None:
        as_of = orders["order_date"].max()
    as_of = pd.Timestamp(as_of).normalize()
    month = _month_number(orders["order_date"]).to_numpy()
    first_data_month = int(month.min())
    last_month = max(int(month.max()), as_of.year * 12 + as_of.month - 1)
    months = np.arange(first_data_month, last_month + 1)
    index = _periods(months)
    customer_codes, _customers = pd.factorize(orders["customer"])
    n_customers = len(_customers)

    figures = pd.DataFrame(index=index)
    position = month - first_data_month
    figures["orders"] = np.bincount(position, minlength=len(months))
    figures["revenue"] = np.bincount(
        position, weights=orders["amount"].to_numpy(dtype="float64"), minlength=len(months)
    )

    # one entry per customer and month with orders, sorted by customer, then month (one
    # int64 key each, sorted: a tenth of the memory of grouping a frame by both columns)
    pair, count = np.unique(customer_codes * len(months) + position, return_counts=True)
    slot = pair % len(months)
    pair_customer = pair // len(months)
    is_new = np.ones(len(pair), dtype=bool)  # a customer's first month
    is_new[1:] = pair_customer[1:] != pair_customer[:-1]
    returning = ~is_new | (count >= 2)
    del pair, pair_customer, count
    figures["new_customers"] = np.bincount(slot[is_new], minlength=len(months))
    figures["active_customers"] = np.bincount(slot, minlength=len(months))
    figures["returning_customers"] = np.bincount(slot[returning], minlength=len(months))
    del slot, is_new, returning

    if "referred_by" in orders:
        referred = orders["referred_by"].notna().to_numpy()
        figures["referred_orders"] = np.bincount(position[referred], minlength=len(months)).astype(
            "float64"
        )
        referrals = pd.DataFrame(
            {"month": position[referred], "referrer": orders["referred_by"][referred]}
        )
        advocates = referrals.drop_duplicates().groupby("month").size()
        figures["advocates"] = advocates.reindex(range(len(months)), fill_value=0).to_numpy(
            dtype="float64"
        )
    else:
        figures["referred_orders"] = np.nan
        figures["advocates"] = np.nan

    figures["nurtured_customers"] = _nurtured(orders, customer_codes, months, as_of)
    _twelve_months(figures, orders, customer_codes, n_customers, month, months)
    return figures


def _nurtured(
    orders: pd.DataFrame, customer_codes: np.ndarray, months: np.ndarray, as_of: pd.Timestamp
) -> np.ndarray:
    """New customers per first-order month whose second order came within 90 days."""
    dates = orders["order_date"].to_numpy()
    order = np.lexsort((dates.view("int64"), customer_codes))  # by customer, then date
    customer = customer_codes[order]
    dates = dates[order]
    del order
    starts = np.flatnonzero(np.r_[True, customer[1:] != customer[:-1]])  # each one's first
    following = np.minimum(starts + 1, len(customer) - 1)
    has_second = (starts + 1 < len(customer)) & (customer[following] == customer[starts])
    first = pd.Series(dates[starts])
    second = pd.Series(dates[following]).where(has_second)
    del customer, dates
    gap = (second.dt.normalize() - first.dt.normalize()).dt.days
    nurtured = (gap <= NURTURE_DAYS).to_numpy()
    first_month = _month_number(first).to_numpy() - months[0]
    counts = np.bincount(first_month[nurtured], minlength=len(months)).astype("float64")
    # a month is known once 90 days have passed since its last day
    month_ends = _periods(months).to_timestamp(how="end").normalize()
    known = (month_ends + pd.Timedelta(days=NURTURE_DAYS)) <= as_of
    counts[~np.asarray(known)] = np.nan
    return counts


def _twelve_months(
    figures: pd.DataFrame,
    orders: pd.DataFrame,
    customer_codes: np.ndarray,
    n_customers: int,
    month: np.ndarray,
    months: np.ndarray,
) -> None:
    """Customers with one and with two or more orders, and revenue, in each month's 12."""
    order = np.argsort(month, kind="stable")
    sorted_month = month[order]
    sorted_customer = customer_codes[order]
    amounts = orders["amount"].to_numpy(dtype="float64")[order]
    ones, twos, revenue = [], [], []
    for end in months:
        if end - (WINDOW_MONTHS - 1) < months[0]:
            ones.append(np.nan)
            twos.append(np.nan)
            revenue.append(np.nan)
            continue
        lo, hi = np.searchsorted(sorted_month, [end - WINDOW_MONTHS + 1, end + 1])
        counts = np.bincount(sorted_customer[lo:hi], minlength=n_customers)
        ones.append(float((counts >= 1).sum()))
        twos.append(float((counts >= 2).sum()))
        revenue.append(float(amounts[lo:hi].sum()))
    figures["customers_12m"] = ones
    figures["repeat_customers_12m"] = twos
    figures["revenue_12m"] = revenue


def ratio(numerator: float | None, denominator: float | None) -> float | None:
    """A rate, or None ("no data") when a figure is missing or the denominator is 0."""
    if numerator is None or denominator is None or denominator == 0:
        return None
    return numerator / denominator


def period_rates(figures: Mapping[str, float | None]) -> dict[str, float | None]:
    """The rates of SPEC.md section 3 from one month's figures (None: not recorded).

    conversion = orders / visitors (sessions); nurture = nurtured / new customers;
    retention = customers with 2+ orders / customers with 1+ order, both over the 12
    months up to the month's end; referral = referred orders / all orders; CAC =
    acquisition spend / new customers; LTV = 12-month revenue per customer; LTV:CAC.
    """
    cac = ratio(figures.get("acquisition_spend"), figures.get("new_customers"))
    ltv = ratio(figures.get("revenue_12m"), figures.get("customers_12m"))
    return {
        CONVERSION: ratio(figures.get("orders"), figures.get("visitors")),
        NURTURE: ratio(figures.get("nurtured_customers"), figures.get("new_customers")),
        RETENTION: ratio(figures.get("repeat_customers_12m"), figures.get("customers_12m")),
        REFERRAL: ratio(figures.get("referred_orders"), figures.get("orders")),
        CAC: cac,
        LTV: ltv,
        LTV_CAC: ratio(ltv, cac),
    }


def latest_rates(
    months: Iterable[tuple[date, Mapping[str, float | None]]],
) -> dict[str, tuple[date, float] | None]:
    """Per rate, its latest defined value and that value's month (None: never defined)."""
    latest: dict[str, tuple[date, float] | None] = dict.fromkeys(RATES)
    for month, rates in sorted(months, key=lambda item: item[0]):
        for key, value in rates.items():
            if value is not None:
                latest[key] = (month, value)
    return latest


def drop_off(
    rates: Mapping[str, float | None], benchmarks: Mapping[str, float | None]
) -> tuple[str, float] | None:
    """The rate that falls furthest below its benchmark, relative to it, and by how much.

    Only rates where both the rate and a positive benchmark are defined take part; None
    when there is none, or when none falls below its benchmark.
    """
    shortfalls = {
        key: (benchmark - value) / benchmark
        for key, value in rates.items()
        if value is not None and (benchmark := benchmarks.get(key)) is not None and benchmark > 0
    }
    worst = max(shortfalls, key=shortfalls.__getitem__, default=None)
    if worst is None or shortfalls[worst] <= 0:
        return None
    return worst, shortfalls[worst]
