"""Typed and pasted monthly figures survive the migration to the new figures without loss,
and old imports get F from the bins and lose their not-yet-happened cohort months."""

from collections.abc import Iterator
from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("lifecycle", "0002_ordersimport_heartbeat_at")]
AFTER = [("lifecycle", "0004_frequency_bins_and_future_cohorts")]


@pytest.fixture
def executor(transactional_db: None) -> Iterator[MigrationExecutor]:
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    executor.loader.build_graph()
    yield executor
    # back to every app's latest migration, whatever depends on lifecycle
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())


def test_typed_figures_keep_every_value_and_old_imports_follow_the_new_rules(
    executor: MigrationExecutor,
) -> None:
    old = executor.loader.project_state(BEFORE).apps
    organization = old.get_model("organizations", "Organization").objects.create(
        name="Acme", slug="acme"
    )
    old.get_model("lifecycle", "PeriodFigures").objects.create(
        organization=organization,
        month=date(2025, 3, 1),
        visitors=1200,
        impressions=50000,
        new_customers=30,
        active_customers=80,
        repeat_customers=22,
        advocates=4,
        nurtured_customers=9,
        acquisition_spend=Decimal("1234.50"),
    )
    old.get_model("lifecycle", "PeriodFigures").objects.create(
        organization=organization, month=date(2025, 4, 1), visitors=900
    )
    orders_import = old.get_model("lifecycle", "OrdersImport").objects.create(
        organization=organization, filename="o.csv", status="done", as_of=date(2026, 3, 10)
    )
    segments = old.get_model("lifecycle", "RfmSegment").objects
    frequent = segments.create(key="frequent", name_en="F", description_en="d", action_en="a")
    second = segments.create(key="second", name_en="S", description_en="d", action_en="a")
    codes = old.get_model("lifecycle", "RfmCode").objects
    codes.create(code="551", segment=frequent)
    codes.create(code="521", segment=second)
    old.get_model("lifecycle", "Customer").objects.create(
        orders_import=orders_import,
        customer_hash="h",
        first_order=date(2026, 1, 2),
        last_order=date(2026, 3, 10),
        orders=2,
        revenue=10.0,
        recency_days=0,
        category="retained",
        r=5,
        f=5,  # a quintile F: two orders scored as "frequent"
        m=1,
        segment=frequent,  # "551"
    )
    shares = old.get_model("lifecycle", "CohortShare")
    for cohort, offset, share in [
        (date(2026, 1, 1), 2, 0.5),  # March 2026: happened
        (date(2026, 2, 1), 2, 0.0),  # April 2026: not yet, stored as 0 % before
    ]:
        shares.objects.create(
            orders_import=orders_import, cohort=cohort, offset=offset, share=share
        )

    executor.loader.build_graph()
    executor.migrate(AFTER)
    new = executor.loader.project_state(AFTER).apps

    figures = new.get_model("lifecycle", "PeriodFigures").objects.order_by("month")
    march, april = figures
    assert (
        march.visitors,
        march.impressions,
        march.new_customers,
        march.active_customers,
        march.returning_customers,  # what was typed as "repeat customers"
        march.advocates,
        march.nurtured_customers,
        march.acquisition_spend,
    ) == (1200, 50000, 30, 80, 22, 4, 9, Decimal("1234.50"))
    # new figures start missing, never zero
    assert (march.orders, march.customers_12m, march.repeat_customers_12m) == (None, None, None)
    assert (april.visitors, april.returning_customers) == (900, None)
    # two orders score F 2 by the bins: the code becomes "521", and so does the segment
    customer = new.get_model("lifecycle", "Customer").objects.select_related("segment").get()
    assert (customer.r, customer.f, customer.m, customer.segment.key) == (5, 2, 1, "second")
    remaining = new.get_model("lifecycle", "CohortShare").objects.values_list("cohort", "offset")
    assert list(remaining) == [(date(2026, 1, 1), 2)]
