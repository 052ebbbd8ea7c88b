"""Synthetic orders, for the demo data and the import benchmark (vectorized numpy)."""

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from lifecycle.models import OrdersImport

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
