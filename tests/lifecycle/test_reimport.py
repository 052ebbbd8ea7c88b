"""export_customers carries the frequency scores of the bins, and importing the same file
again gives the same customer table, months and cohorts."""

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from lifecycle.models import CohortShare, ImportedMonth, OrdersImport
from organizations.models import Organization

pytestmark = pytest.mark.usefixtures("reference")

# orders per customer: ann 1, bo 2, cy 3, di 5, ed 6 (F 1, 2, 3, 4, 5)
ORDERS = "customer_id,order_date,amount,referred_by\n" + "".join(
    f"{name},2026-0{1 + day % 3}-{10 + day:02d},{5 * (day + 1)},{'ann' if day == 0 else ''}\n"
    for name, count in (("ann", 1), ("bo", 2), ("cy", 3), ("di", 5), ("ed", 6))
    for day in range(count)
)


def export(tmp_path: Path, name: str) -> list[str]:
    target = tmp_path / name
    call_command("export_customers", "--org", "acme", "-o", str(target))
    return target.read_text(encoding="utf-8").splitlines()


def derived(orders_import: OrdersImport) -> tuple[list, list]:
    months = [
        (str(m.month), m.orders, m.new_customers, m.referred_orders, m.customers_12m)
        for m in ImportedMonth.objects.filter(orders_import=orders_import)
    ]
    cohorts = [
        (str(c.cohort), c.offset, c.share)
        for c in CohortShare.objects.filter(orders_import=orders_import)
    ]
    return months, cohorts


def test_the_export_carries_f_from_the_order_count_bins(acme: Organization, tmp_path: Path) -> None:
    source = tmp_path / "orders.csv"
    source.write_text(ORDERS, encoding="utf-8")
    call_command("import_orders", "--org", "acme", str(source), stdout=StringIO())

    lines = export(tmp_path, "customers.csv")

    header = lines[0].split(",")
    rows = [dict(zip(header, line.split(","), strict=True)) for line in lines[1:]]
    assert sorted((int(row["orders"]), int(row["f"])) for row in rows) == [
        (1, 1),
        (2, 2),
        (3, 3),
        (5, 4),
        (6, 5),
    ]


def test_importing_the_same_file_again_gives_the_same_table(
    acme: Organization, tmp_path: Path
) -> None:
    source = tmp_path / "orders.csv"
    source.write_text(ORDERS, encoding="utf-8")

    call_command("import_orders", "--org", "acme", str(source), stdout=StringIO())
    first = export(tmp_path, "first.csv")
    call_command("import_orders", "--org", "acme", str(source), stdout=StringIO())
    second = export(tmp_path, "second.csv")

    assert len(first) == 6
    assert second == first
    older, newer = OrdersImport.objects.order_by("created_at", "pk")
    assert derived(newer) == derived(older)
