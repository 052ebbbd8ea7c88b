"""The lifecycle seam: orders files in, customers, segments, cohorts and months out."""

import contextlib
import hashlib
import hmac
import io
import logging
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import IO, Any

import numpy as np
import pandas as pd
from django.conf import settings
from django.contrib.auth.models import User
from django.core.files import File
from django.db import connection, models, transaction
from django.utils import formats, timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from lifecycle import analysis
from lifecycle.models import (
    CohortShare,
    Customer,
    FrequencyBin,
    ImportedMonth,
    OrdersImport,
    PeriodFigures,
    RfmCode,
)
from lifecycle.orders_file import (
    CodedOrders,
    OrdersFileError,
    TooManyRows,
    read_orders,
    read_orders_chunked,
)
from lifecycle.uploads import CSV, FileFacts, inspect
from organizations.models import Organization

logger = logging.getLogger(__name__)

BATCH = 5000

# What the derived columns hold once they are plain Python values for the database driver.
DbValue = str | int | float | date | None

# Messages the tests reuse.
TOO_MANY_ROWS = _(
    "The file has more than %(limit)s orders, the most one import takes. Split it into "
    "smaller files."
)
INTERNAL_ERROR = _(
    "The import stopped because of an internal error; nothing was kept. Try again or "
    "contact support."
)
WORKER_STOPPED = _(
    "The import stopped: the worker processing it stopped or never started, and nothing "
    "was kept. Upload the file again."
)
UPLOAD_MISSING = _(
    "The worker could not read the uploaded file; nothing was kept. Upload it again."
)


class ImportAbandoned(Exception):
    """The import was deleted or given up while it was processed: keep nothing."""


def customer_hash(customer_id: str) -> str:
    """The keyed hash (HMAC-SHA256 with the server secret) that stands for a customer id."""
    key = settings.CUSTOMER_ID_KEY.encode()
    return hmac.new(key, customer_id.encode(), hashlib.sha256).hexdigest()


def customer_hashes(customer_ids: Iterable[str]) -> list[str]:
    """customer_hash of many ids (hashlib has no vectorized form, and ids must never be
    kept): HMAC as RFC 2104 builds it, its two keyed SHA-256 states made once, copied per id."""
    key = settings.CUSTOMER_ID_KEY.encode()
    block = hashlib.sha256().block_size
    key = (hashlib.sha256(key).digest() if len(key) > block else key).ljust(block, b"\0")
    inner = hashlib.sha256(bytes(byte ^ 0x36 for byte in key))
    outer = hashlib.sha256(bytes(byte ^ 0x5C for byte in key))
    hashes = []
    for customer_id in customer_ids:
        one = inner.copy()
        one.update(customer_id.encode())
        two = outer.copy()
        two.update(one.digest())
        hashes.append(two.hexdigest())
    return hashes


def orders_file_inspect(*, file: IO[bytes]) -> FileFacts:
    """What an orders file is and how much there is to parse (OrdersFileError if refused)."""
    return inspect(
        file,
        max_bytes=settings.ORDERS_MAX_BYTES,
        max_unpacked=settings.ORDERS_XLSX_MAX_UNCOMPRESSED_BYTES,
    )


@dataclass(frozen=True)
class Derived:
    customers: pd.DataFrame
    months: pd.DataFrame
    cohorts: pd.DataFrame
    as_of: date
    rows: int


def frequency_bins() -> dict[int, int]:
    """The frequency bins of the reference data, or SPEC.md's when none are stored or the
    stored ones cannot be used (they must start at 1 order and give the scores 1 to 5)."""
    bins = dict(FrequencyBin.objects.values_list("min_orders", "score"))
    if analysis.check_frequency_bins(bins):
        if bins:
            logger.warning("Frequency bins %s cannot be used; using SPEC.md's.", bins)
        return dict(analysis.SPEC_FREQUENCY_BINS)
    return bins


def orders_derive(
    orders: pd.DataFrame, as_of: date | None, ids: np.ndarray | None = None
) -> Derived:
    """Everything an import keeps, computed in pandas before anything is written.

    With `ids` (a CodedOrders' ids), orders name customers by code and ids[code] is the id.
    """
    stamp = pd.Timestamp(as_of) if as_of else orders["order_date"].max()
    customers = analysis.customers_summary(orders, stamp, frequency_bins())
    if ids is not None:
        customers.index = pd.Index(ids[customers.index.to_numpy()], name=customers.index.name)
    codes = dict(RfmCode.objects.values_list("code", "segment_id"))
    customers["segment_id"] = analysis.segments(customers, codes)
    customers["customer_hash"] = customer_hashes(map(str, customers.index.tolist()))
    months = analysis.monthly_figures(orders, stamp)
    table = analysis.cohort_retention(orders, stamp)
    table.index.name = "cohort"
    cohorts = table.reset_index().melt(id_vars="cohort", var_name="offset", value_name="share")
    # months that have not happened yet are not stored: missing, never 0 %
    cohorts = cohorts.dropna(subset=["share"])
    return Derived(customers, months, cohorts, stamp.date(), len(orders))


def _claim(orders_import: OrdersImport) -> bool:
    """Move a waiting import to running; False if it is not waiting any more."""
    now = timezone.now()
    claimed = OrdersImport.objects.filter(
        pk=orders_import.pk, status=OrdersImport.Status.PENDING
    ).update(status=OrdersImport.Status.RUNNING, progress=5, heartbeat_at=now)
    if claimed:
        orders_import.status = OrdersImport.Status.RUNNING
        orders_import.progress = 5
        orders_import.heartbeat_at = now
    return bool(claimed)


def _progress(orders_import: OrdersImport, percent: int) -> None:
    """Each step is also a sign of life, so a dead worker's import can be told apart."""
    now = timezone.now()
    OrdersImport.objects.filter(pk=orders_import.pk, status=OrdersImport.Status.RUNNING).update(
        progress=percent, heartbeat_at=now
    )
    orders_import.progress = percent
    orders_import.heartbeat_at = now


def _fail(orders_import: OrdersImport, problems: list[str]) -> None:
    """Mark a running import failed; one given up meanwhile keeps its own reason."""
    now = timezone.now()
    error = "\n".join(problems)
    failed = OrdersImport.objects.filter(
        pk=orders_import.pk, status=OrdersImport.Status.RUNNING
    ).update(status=OrdersImport.Status.FAILED, error=error, finished_at=now, heartbeat_at=now)
    if failed:
        orders_import.status = OrdersImport.Status.FAILED
        orders_import.error = error
        orders_import.finished_at = now
    else:
        _refresh(orders_import)


def _refresh(orders_import: OrdersImport) -> None:
    with contextlib.suppress(OrdersImport.DoesNotExist):
        orders_import.refresh_from_db()


def _insert(
    model: type[models.Model], columns: list[str], batches: Iterable[list[tuple[DbValue, ...]]]
) -> None:
    """Insert many rows straight through the cursor: model instances cost too much at 10^5.
    Rows come in batches, so that millions of customers are never all Python objects at once."""
    table = connection.ops.quote_name(model._meta.db_table)
    names = ", ".join(connection.ops.quote_name(column) for column in columns)
    marks = ", ".join(["%s"] * len(columns))
    with connection.cursor() as cursor:
        for rows in batches:
            cursor.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})", rows)


def _customer_rows(
    orders_import: OrdersImport, customers: pd.DataFrame
) -> Iterable[list[tuple[DbValue, ...]]]:
    for start in range(0, len(customers), BATCH):
        batch = customers.iloc[start : start + BATCH]
        yield list(
            zip(
                [orders_import.pk] * len(batch),
                batch["customer_hash"].tolist(),
                # ISO dates as text, as both databases take them for a date column:
                # date objects went through the driver's adapter one by one
                batch["first_order"].dt.strftime("%Y-%m-%d").tolist(),
                batch["last_order"].dt.strftime("%Y-%m-%d").tolist(),
                batch["orders"].astype(int).tolist(),
                batch["revenue"].astype(float).tolist(),
                batch["recency_days"].astype(int).tolist(),
                batch["category"].tolist(),
                batch["r"].astype(int).tolist(),
                batch["f"].astype(int).tolist(),
                batch["m"].astype(int).tolist(),
                _column(batch["segment_id"]),
                strict=True,
            )
        )


def _value(value: float) -> float | int | None:
    """A derived figure for the database: None when unknown, whole numbers as int."""
    if pd.isna(value):
        return None
    return int(value) if float(value).is_integer() else float(value)


def _column(values: pd.Series) -> list[DbValue]:
    """Plain Python values for the database driver, None for missing."""
    column: list[DbValue] = values.astype(object).where(values.notna(), None).tolist()
    return column


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
        _customer_rows(orders_import, customers),
    )
    months = derived.months
    ImportedMonth.objects.bulk_create(
        ImportedMonth(
            orders_import=orders_import,
            month=period.to_timestamp().date(),
            **{name: _value(row[name]) for name in analysis.ORDER_FIGURES},
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
    now = timezone.now()
    done = {
        "status": OrdersImport.Status.DONE,
        "progress": 100,
        "rows": derived.rows,
        "customer_count": count,
        "as_of": derived.as_of,
        "error": "",
        "finished_at": now,
        "heartbeat_at": now,
    }
    # Only an import still running may become done: one deleted, or given up as stale,
    # meanwhile rolls everything above back.
    if not OrdersImport.objects.filter(
        pk=orders_import.pk, status=OrdersImport.Status.RUNNING
    ).update(**done):
        raise ImportAbandoned
    for field, value in done.items():
        setattr(orders_import, field, value)


def orders_import_process(
    *, orders_import: OrdersImport, source: bytes | IO[bytes]
) -> OrdersImport:
    """Check the whole file, derive everything, then write it in one transaction.

    Always ends the import: done, or failed with the reason (the file's problems, a limit,
    or a generic text for anything unexpected, which is logged with its traceback), and
    then nothing else is kept. An import that is not waiting any more is left as it is.
    """
    if not _claim(orders_import):
        _refresh(orders_import)
        return orders_import
    try:
        stream = io.BytesIO(source) if isinstance(source, bytes) else source
        facts = orders_file_inspect(file=stream)  # the XLSX limits, before openpyxl opens it
        read = read_orders_chunked if facts.kind == CSV else read_orders
        parsed = read(
            stream,
            max_bytes=settings.ORDERS_MAX_BYTES,
            max_rows=settings.ORDERS_MAX_ROWS,
            on_rows=lambda rows: _progress(orders_import, min(35, 5 + rows // 50_000)),
        )
        _progress(orders_import, 40)
        ids = parsed.ids if isinstance(parsed, CodedOrders) else None
        derived = orders_derive(parsed.orders, orders_import.as_of, ids)
        del parsed
        _progress(orders_import, 70)
        _write(orders_import, derived)
    except TooManyRows as exc:
        limit = formats.number_format(exc.limit, force_grouping=True)
        _fail(orders_import, [str(TOO_MANY_ROWS % {"limit": limit})])
    except OrdersFileError as exc:
        _fail(orders_import, exc.problems)
    except ImportAbandoned:
        _refresh(orders_import)
    except Exception:
        logger.exception("Orders import %s failed", orders_import.pk)
        _fail(orders_import, [str(INTERNAL_ERROR)])
    return orders_import


def orders_import_start(
    *,
    organization: Organization,
    user: User | None,
    upload: File[bytes],
    as_of: date | None = None,
) -> OrdersImport:
    """Import a small file at once; store a larger one and hand it to the worker.

    What is small is told from cheap facts (the CSV's bytes, what the XLSX unpacks to),
    never by parsing. A file that is no orders file at all, or over a size limit, raises
    OrdersFileError before anything is written.
    """
    facts = orders_file_inspect(file=upload)
    orders_import = OrdersImport.objects.create(
        organization=organization, uploaded_by=user, filename=upload.name or "", as_of=as_of
    )
    if facts.work <= settings.ORDERS_INLINE_MAX_BYTES:
        return orders_import_process(orders_import=orders_import, source=upload)
    from lifecycle.tasks import process_orders_import

    # The storage copies (or moves) the uploaded temporary file in chunks.
    orders_import.upload.save(upload.name or "orders", upload, save=True)
    language = get_language()
    transaction.on_commit(lambda: process_orders_import.enqueue(orders_import.pk, language))
    return orders_import


def _delete_upload(orders_import: OrdersImport) -> None:
    name = orders_import.upload.name
    if not name:  # what `not orders_import.upload` tells, in a form mypy narrows
        return
    try:
        orders_import.upload.storage.delete(name)
    except OSError:
        logger.warning("Orders import %s: cannot delete %s", orders_import.pk, orders_import.upload)
    OrdersImport.objects.filter(pk=orders_import.pk).update(upload="")
    orders_import.upload = ""


def orders_import_run(*, orders_import_id: int) -> None:
    """The worker's whole job for one import: it ends done or failed, and the upload is
    deleted whatever happens. Imports left running by a worker that died are failed first."""
    orders_imports_fail_stale(waiting=False)
    orders_import = OrdersImport.objects.filter(pk=orders_import_id).first()
    if orders_import is None:
        return  # deleted, with its file, before the worker came to it
    if orders_import.status != OrdersImport.Status.PENDING:
        if orders_import.status != OrdersImport.Status.RUNNING:  # another run owns that one
            _delete_upload(orders_import)
        return
    try:
        try:
            source = orders_import.upload.open("rb")
        except Exception:
            logger.exception("Orders import %s: the uploaded file cannot be read", orders_import.pk)
            if _claim(orders_import):
                _fail(orders_import, [str(UPLOAD_MISSING)])
            return
        with source:
            orders_import_process(orders_import=orders_import, source=source)
    finally:
        _delete_upload(orders_import)


def orders_imports_fail_stale(
    *, orders_imports: Iterable[OrdersImport] | None = None, waiting: bool = True
) -> list[OrdersImport]:
    """Mark failed the imports whose worker has shown no sign of life for too long, and
    delete their files. Given the imports a page has loaded, costs no query unless one is
    stale; without, looks at all of them. waiting=False leaves imports still waiting for
    the worker alone (the worker itself: those are queued behind it)."""
    if orders_imports is None:
        stale = OrdersImport.objects.stale()
        if not waiting:
            stale = stale.filter(status=OrdersImport.Status.RUNNING)
        candidates = list(stale)
    else:
        candidates = [
            orders_import
            for orders_import in orders_imports
            if orders_import.is_stale()
            and (waiting or orders_import.status == OrdersImport.Status.RUNNING)
        ]
    failed = []
    for orders_import in candidates:
        now = timezone.now()
        error = str(WORKER_STOPPED)
        # Asked again in the UPDATE: an import whose worker just showed life is kept.
        if (
            OrdersImport.objects.stale()
            .filter(pk=orders_import.pk)
            .update(status=OrdersImport.Status.FAILED, error=error, finished_at=now)
        ):
            logger.warning("Orders import %s: the worker stopped; marked failed", orders_import.pk)
            orders_import.status = OrdersImport.Status.FAILED
            orders_import.error = error
            orders_import.finished_at = now
            _delete_upload(orders_import)
            failed.append(orders_import)
    return failed


def orders_import_delete(*, orders_import: OrdersImport) -> None:
    """Remove an import and everything derived from it (customers, months, cohorts)."""
    if orders_import.upload:
        orders_import.upload.delete(save=False)
    orders_import.delete()


@transaction.atomic
def period_figures_save(*, organization: Organization, rows: list[dict[str, Any]]) -> int:
    """Store typed-in months (one row per month: a new month is added, a known one updated)."""
    for row in rows:
        values = {key: value for key, value in row.items() if key != "month"}
        PeriodFigures.objects.update_or_create(
            organization=organization, month=row["month"], defaults=values
        )
    return len(rows)
