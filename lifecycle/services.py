"""The lifecycle seam: orders files in, customers, segments, cohorts and months out."""

import hashlib
import hmac
import io
from dataclasses import dataclass
from datetime import date

import openpyxl
import pandas as pd
from django.conf import settings
from django.contrib.auth.models import User
from django.core.files.base import ContentFile
from django.db import connection, transaction
from django.utils import timezone

from lifecycle import analysis
from lifecycle.models import (
    CohortShare,
    Customer,
    ImportedMonth,
    OrdersImport,
    PeriodFigures,
    RfmCode,
)
from lifecycle.orders_file import XLSX_MAGIC, OrdersFileError, read_orders
from organizations.models import Organization

BATCH = 5000


def customer_hash(customer_id: str) -> str:
    """The keyed hash (HMAC-SHA256 with the server secret) that stands for a customer id."""
    key = settings.CUSTOMER_ID_KEY.encode()
    return hmac.new(key, customer_id.encode(), hashlib.sha256).hexdigest()


def estimate_rows(data: bytes) -> int:
    """Roughly how many orders a file holds, without parsing it."""
    if data.startswith(XLSX_MAGIC):
        try:
            book = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
            return max((sheet.max_row or 0) for sheet in book.worksheets) - 1
        except Exception:  # a broken file: the import itself will say so
            return 0
    return max(data.count(b"\n") - 1, 0)


@dataclass(frozen=True)
class Derived:
    customers: pd.DataFrame
    months: pd.DataFrame
    cohorts: pd.DataFrame
    as_of: date
    rows: int


def orders_derive(orders: pd.DataFrame, as_of: date | None) -> Derived:
    """Everything an import keeps, computed in pandas before anything is written."""
    stamp = pd.Timestamp(as_of) if as_of else orders["order_date"].max()
    customers = analysis.customers_summary(orders, stamp)
    codes = dict(RfmCode.objects.values_list("code", "segment_id"))
    customers["segment_id"] = analysis.segments(customers, codes)
    # One HMAC per customer: hashlib has no vectorized form, and ids must never be kept.
    customers["customer_hash"] = [customer_hash(str(customer)) for customer in customers.index]
    months = analysis.monthly_figures(orders)
    revenue = orders.groupby(orders["order_date"].dt.to_period("M"))["amount"].sum()
    months["revenue"] = revenue.reindex(months.index, fill_value=0.0)
    table = analysis.cohort_retention(orders)
    table.index.name = "cohort"
    cohorts = table.reset_index().melt(id_vars="cohort", var_name="offset", value_name="share")
    return Derived(customers, months, cohorts, stamp.date(), len(orders))


def _progress(orders_import: OrdersImport, percent: int, status: str | None = None) -> None:
    changes = {"progress": percent}
    if status:
        changes["status"] = status
    OrdersImport.objects.filter(pk=orders_import.pk).update(**changes)


def _insert(model: type, columns: list[str], rows: list[tuple]) -> None:
    """Insert many rows straight through the cursor: model instances cost too much at 10^5."""
    table = connection.ops.quote_name(model._meta.db_table)
    names = ", ".join(connection.ops.quote_name(column) for column in columns)
    marks = ", ".join(["%s"] * len(columns))
    with connection.cursor() as cursor:
        for start in range(0, len(rows), BATCH):
            cursor.executemany(
                f"INSERT INTO {table} ({names}) VALUES ({marks})", rows[start : start + BATCH]
            )


def _column(values: pd.Series) -> list:
    """Plain Python values for the database driver, None for missing."""
    return values.astype(object).where(values.notna(), None).tolist()


@transaction.atomic
def _write(orders_import: OrdersImport, derived: Derived) -> None:
    customers = derived.customers
    count = len(customers)
    _insert(
        Customer,
        [
            "orders_import_id",
            "customer_hash",
            "first_order",
            "last_order",
            "orders",
            "revenue",
            "recency_days",
            "category",
            "r",
            "f",
            "m",
            "segment_id",
        ],
        list(
            zip(
                [orders_import.pk] * count,
                customers["customer_hash"].tolist(),
                customers["first_order"].dt.date.tolist(),
                customers["last_order"].dt.date.tolist(),
                customers["orders"].astype(int).tolist(),
                customers["revenue"].astype(float).tolist(),
                customers["recency_days"].astype(int).tolist(),
                customers["category"].tolist(),
                customers["r"].astype(int).tolist(),
                customers["f"].astype(int).tolist(),
                customers["m"].astype(int).tolist(),
                _column(customers["segment_id"]),
                strict=True,
            )
        ),
    )
    months = derived.months
    ImportedMonth.objects.bulk_create(
        ImportedMonth(
            orders_import=orders_import,
            month=period.to_timestamp().date(),
            new_customers=int(row.new_customers),
            active_customers=int(row.active_customers),
            repeat_customers=int(row.repeat_customers),
            advocates=int(row.advocates),
            revenue=float(row.revenue),
        )
        for period, row in months.iterrows()
    )
    CohortShare.objects.bulk_create(
        CohortShare(
            orders_import=orders_import,
            cohort=row.cohort.to_timestamp().date(),
            offset=int(row.offset),
            share=float(row.share),
        )
        for row in derived.cohorts.itertuples()
    )
    orders_import.status = OrdersImport.Status.DONE
    orders_import.progress = 100
    orders_import.rows = derived.rows
    orders_import.customer_count = count
    orders_import.as_of = derived.as_of
    orders_import.error = ""
    orders_import.finished_at = timezone.now()
    orders_import.save()


def orders_import_process(*, orders_import: OrdersImport, data: bytes) -> OrdersImport:
    """Check the whole file, derive everything, then write it in one transaction.

    A refused file leaves the import marked failed with the problems, and nothing else.
    """
    _progress(orders_import, 5, OrdersImport.Status.RUNNING)
    try:
        parsed = read_orders(data, orders_import.filename, max_bytes=settings.ORDERS_MAX_BYTES)
    except OrdersFileError as exc:
        orders_import.status = OrdersImport.Status.FAILED
        orders_import.error = "\n".join(exc.problems)
        orders_import.finished_at = timezone.now()
        orders_import.save(update_fields=["status", "error", "finished_at"])
        return orders_import
    _progress(orders_import, 40)
    derived = orders_derive(parsed.orders, orders_import.as_of)
    _progress(orders_import, 70)
    _write(orders_import, derived)
    return orders_import


def orders_import_start(
    *,
    organization: Organization,
    user: User | None,
    filename: str,
    data: bytes,
    as_of: date | None = None,
) -> OrdersImport:
    """Import a small file at once; hand a large one to the worker with its bytes on disk."""
    orders_import = OrdersImport.objects.create(
        organization=organization, uploaded_by=user, filename=filename, as_of=as_of
    )
    if estimate_rows(data) <= settings.ORDERS_BACKGROUND_ROWS:
        return orders_import_process(orders_import=orders_import, data=data)
    from lifecycle.tasks import process_orders_import

    orders_import.upload.save(filename, ContentFile(data), save=True)
    transaction.on_commit(lambda: process_orders_import.enqueue(orders_import.pk))
    return orders_import


def orders_import_delete(*, orders_import: OrdersImport) -> None:
    """Remove an import and everything derived from it (customers, months, cohorts)."""
    if orders_import.upload:
        orders_import.upload.delete(save=False)
    orders_import.delete()


@transaction.atomic
def period_figures_save(*, organization: Organization, rows: list[dict]) -> int:
    """Store typed-in months (one row per month: a new month is added, a known one updated)."""
    for row in rows:
        values = {key: value for key, value in row.items() if key != "month"}
        PeriodFigures.objects.update_or_create(
            organization=organization, month=row["month"], defaults=values
        )
    return len(rows)
