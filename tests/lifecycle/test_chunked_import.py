"""A CSV read in chunks (what a ten-million-order file needs) gives exactly what reading it
whole gives: the same customers, months and cohorts, and the same problems on the same lines."""

import numpy as np
import pandas as pd
import pytest

from lifecycle import orders_file
from lifecycle.demo import generate_orders
from lifecycle.models import Customer, ImportedMonth
from lifecycle.orders_file import OrdersFileError, read_orders, read_orders_chunked
from lifecycle.services import customer_hash, orders_derive, orders_import_start
from organizations.models import Organization
from tests.lifecycle.files import upload

pytestmark = pytest.mark.usefixtures("reference")

CHUNK = 500


@pytest.fixture(scope="module")
def orders_csv() -> bytes:
    orders = generate_orders(rows=3_000, customers=400, months=18, seed=3)
    return orders.to_csv(index=False).encode()


def test_a_customer_orders_in_the_first_and_the_last_chunk(orders_csv: bytes) -> None:
    orders = pd.read_csv(pd.io.common.BytesIO(orders_csv))
    first, last = set(orders["customer_id"][:CHUNK]), set(orders["customer_id"][-CHUNK:])

    assert len(orders) // CHUNK >= 6
    assert first & last  # so codes must carry over from chunk to chunk


def test_chunks_give_the_customers_months_and_cohorts_of_the_whole_file(
    orders_csv: bytes,
) -> None:
    whole = read_orders(orders_csv, max_bytes=2**30)
    chunked = read_orders_chunked(orders_csv, max_bytes=2**30, chunk_rows=CHUNK)

    expected = orders_derive(whole.orders, None)
    derived = orders_derive(chunked.orders, None, chunked.ids)

    assert len(derived.customers) == whole.orders["customer"].nunique()
    pd.testing.assert_frame_equal(
        derived.customers, expected.customers, check_dtype=False, check_index_type=False
    )
    pd.testing.assert_frame_equal(derived.months, expected.months, check_dtype=False)
    pd.testing.assert_frame_equal(derived.cohorts, expected.cohorts, check_dtype=False)
    assert (derived.as_of, derived.rows) == (expected.as_of, expected.rows)
    # advocates come from referrers, matched across chunks by their code
    assert (derived.customers["category"] == "advocate").sum() > 0


def test_problems_in_several_chunks_are_named_with_their_lines_as_for_the_whole_file() -> None:
    lines = ["customer_id,order_date,amount"]
    for n in range(2, 2_000):
        date = "someday" if n % 97 == 0 else "2026-01-05"
        amount = "-1" if n in (5, 1_999) else "10"
        lines.append(f"{'' if n == 1_500 else 'c' + str(n % 50)},{date},{amount}")
    data = "\n".join(lines).encode()

    with pytest.raises(OrdersFileError) as whole:
        read_orders(data, max_bytes=2**30)
    with pytest.raises(OrdersFileError) as chunked:
        read_orders_chunked(data, max_bytes=2**30, chunk_rows=300)

    assert chunked.value.problems == whole.value.problems
    assert chunked.value.problems == [
        "customer_id is empty on line(s) 1500.",
        "order_date cannot be read as a date on line(s) 97, 194, 291, 388, 485, 582, 679, "
        "776, 873, 970 and 10 more.",
        "amount is negative on line(s) 5, 1999.",
    ]


@pytest.mark.parametrize(
    ("text", "encoding"),
    [
        ("customer_id;order_date;amount\r\nä;31.12.2026;1,5\r\n", "cp1252"),
        ("customer_id,order_date,amount\n한,2026-01-01,1\n", "cp949"),
        ("\ufeffCustomer_ID,Order Date,AMOUNT\rx,2026-01-01,1\r", "utf-8"),
        ('customer_id,order_date,amount\nx, 2026-01-01 ,"1,234.50"', "utf-16"),
    ],
)
def test_every_encoding_and_separator_reads_the_same_in_chunks(text: str, encoding: str) -> None:
    data = text.encode(encoding)

    whole = read_orders(data, max_bytes=2**30)
    chunked = read_orders_chunked(data, max_bytes=2**30, chunk_rows=1)

    assert chunked.encoding == whole.encoding
    assert chunked.ids[chunked.orders["customer"]].tolist() == whole.orders["customer"].tolist()
    assert chunked.orders["order_date"].tolist() == whole.orders["order_date"].tolist()
    assert chunked.orders["amount"].tolist() == whole.orders["amount"].tolist()


def test_an_import_reads_a_csv_in_chunks_and_keeps_what_the_whole_file_gives(
    acme: Organization, orders_csv: bytes, monkeypatch
) -> None:
    monkeypatch.setattr(orders_file, "CHUNK_ROWS", CHUNK)
    chunks = []
    check = orders_file._checked

    def counted(frame: pd.DataFrame, *args: object) -> pd.DataFrame:
        chunks.append(len(frame))
        return check(frame, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(orders_file, "_checked", counted)
    expected = orders_derive(read_orders(orders_csv, max_bytes=2**30).orders, None)
    chunks.clear()

    done = orders_import_start(organization=acme, user=None, upload=upload(orders_csv, "o.csv"))

    assert done.status == "done"
    assert chunks == [CHUNK] * 6
    stored = dict(Customer.objects.values_list("customer_hash", "revenue"))
    assert stored == {
        customer_hash(str(customer)): pytest.approx(revenue)
        for customer, revenue in expected.customers["revenue"].items()
    }
    months = ImportedMonth.objects.order_by("month")
    assert [m.new_customers for m in months] == expected.months["new_customers"].tolist()
    assert np.allclose(
        [m.revenue for m in months], expected.months["revenue"].to_numpy(), rtol=1e-12
    )
