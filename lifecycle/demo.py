"""Synthetic orders, for the demo data and the import benchmark (vectorized numpy)."""

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from lifecycle.models import ImportedMonth, OrdersImport, PeriodFigures

if TYPE_CHECKING:
    from django.contrib.auth.models import User

    from organizations.models import Organization


def generate_orders(
    *, rows: int, customers: int, start: str = "2025-01-01", months: int = 18, seed: int = 7
) -> pd.DataFrame:
    """`rows` orders of `customers` customers over `months` months: a few loyal buyers
    order often (a Zipf-like draw), some orders name a referrer, amounts are log-normal."""
    rng = np.random.default_rng(seed)
    weights = 1.0 / np.arange(1, customers + 1) ** 0.8
    customer = rng.choice(customers, size=rows, p=weights / weights.sum())
    # each customer starts somewhere in the period and orders after that
    first_day = rng.integers(0, months * 30, size=customers)
    day = first_day[customer] + rng.exponential(60, size=rows).astype(int)
    day = np.minimum(day, months * 30 - 1)
    referred = rng.random(rows) < 0.03
    referrer = rng.choice(customers, size=rows)
    ids = np.char.add("cust-", customer.astype(str))
    return pd.DataFrame(
        {
            "order_id": np.char.add("o-", np.arange(rows).astype(str)),
            "customer_id": ids,
            "order_date": (pd.Timestamp(start) + pd.to_timedelta(day, unit="D")).strftime(
                "%Y-%m-%d"
            ),
            "amount": np.round(rng.lognormal(3.8, 0.6, size=rows), 2),
            "referred_by": np.where(referred, np.char.add("cust-", referrer.astype(str)), ""),
            "channel": rng.choice(["email", "search", "social", "ads", "app"], size=rows),
        }
    )


DEMO_SIZES = {"nordlicht": (20000, 4000, 11), "hanbit": (12000, 3000, 23)}
# the conversion the demo sessions are drawn around: Nordlicht converts below the benchmark
DEMO_CONVERSION = {"nordlicht": (0.011, 0.019), "hanbit": (0.02, 0.035)}


def demo_orders_load(*, organization: "Organization", user: "User") -> None:
    """Give a demo organization without imports a generated orders import."""
    from lifecycle.services import orders_import_process

    if organization.slug not in DEMO_SIZES or organization.orders_imports.exists():
        return
    rows, customers, seed = DEMO_SIZES[organization.slug]
    data = generate_orders(rows=rows, customers=customers, seed=seed).to_csv(index=False)
    orders_import = OrdersImport.objects.create(
        organization=organization, uploaded_by=user, filename="demo-orders.csv"
    )
    orders_import_process(orders_import=orders_import, source=data.encode())
    demo_typed_figures_load(organization=organization, orders_import=orders_import, seed=seed)


def demo_typed_figures_load(
    *, organization: "Organization", orders_import: OrdersImport, seed: int
) -> None:
    """What an orders file cannot give, typed in as a shop would: sessions (at the
    organization's demo conversion) and acquisition spend (15 to 40 per new customer)."""
    rng = np.random.default_rng(seed)
    months = list(ImportedMonth.objects.filter(orders_import=orders_import))
    conversion = rng.uniform(*DEMO_CONVERSION[organization.slug], size=len(months))
    cost = rng.uniform(15, 40, size=len(months))
    PeriodFigures.objects.bulk_create(
        [
            PeriodFigures(
                organization=organization,
                month=month.month,
                visitors=round(month.orders / rate) if month.orders else None,
                acquisition_spend=round(month.new_customers * per_customer, 2),
            )
            for month, rate, per_customer in zip(months, conversion, cost, strict=True)
        ],
        ignore_conflicts=True,
    )
