"""Customer ids: a blank one refuses the file; a given one is kept only as its
HMAC-SHA256 under CUSTOMER_ID_KEY, never plain and never as an unkeyed hash."""

import hashlib
import hmac
import io
from io import StringIO
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from django.core.management import CommandError, call_command

from lifecycle import orders_file
from lifecycle.models import Customer, OrdersImport
from lifecycle.orders_file import OrdersFileError, read_orders
from lifecycle.services import customer_hash
from organizations.models import Organization

LIMIT = 10 * 2**20
KEY = "literal-test-key-for-customer-ids"
ORDERS = (
    "customer_id,order_date,amount\n"
    "anna@example.com,2026-01-05,10.50\n"
    "ben@example.com,2026-01-20,20\n"
    "anna@example.com,2026-02-06,5\n"
)


def hmac_sha256(key: str, customer_id: str) -> str:
    return hmac.new(key.encode(), customer_id.encode(), hashlib.sha256).hexdigest()


def test_a_blank_or_spaces_only_customer_id_is_refused_with_its_lines() -> None:
    data = (
        b"customer_id,order_date,amount\n"
        b"anna,2026-01-05,10\n"
        b",2026-01-06,20\n"
        b"ben,2026-01-07,30\n"
        b"   ,2026-01-08,40\n"
    )

    with pytest.raises(OrdersFileError) as refused:
        read_orders(data, max_bytes=LIMIT)

    assert refused.value.problems == [orders_file.BLANK_CUSTOMER.format(lines="3, 5")]


def test_a_blank_customer_id_in_a_workbook_is_refused_with_its_line() -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["customer_id", "order_date", "amount"])
    sheet.append(["anna", "2026-01-05", 10])
    sheet.append(["ben", "2026-01-06", 20])
    sheet.append([None, "2026-01-07", 30])
    buffer = io.BytesIO()
    book.save(buffer)

    with pytest.raises(OrdersFileError) as refused:
        read_orders(buffer.getvalue(), max_bytes=LIMIT)

    assert refused.value.problems == [orders_file.BLANK_CUSTOMER.format(lines="4")]


@pytest.mark.django_db
def test_an_import_with_a_blank_customer_id_keeps_nothing(
    acme: Organization, tmp_path: Path
) -> None:
    source = tmp_path / "orders.csv"
    source.write_text(ORDERS + ",2026-03-01,99\n", encoding="utf-8")

    with pytest.raises(CommandError) as refused:
        call_command("import_orders", "--org", "acme", str(source), stdout=StringIO())

    assert orders_file.BLANK_CUSTOMER.format(lines="5") in str(refused.value)
    assert not Customer.objects.exists()
    assert not OrdersImport.objects.exists()


def test_customer_hash_is_the_hmac_sha256_of_the_id_under_the_key(settings: Any) -> None:
    settings.CUSTOMER_ID_KEY = KEY

    assert customer_hash("anna@example.com") == hmac_sha256(KEY, "anna@example.com")
    assert customer_hash("anna@example.com") != hashlib.sha256(b"anna@example.com").hexdigest()


def test_another_key_gives_another_hash(settings: Any) -> None:
    settings.CUSTOMER_ID_KEY = KEY
    first = customer_hash("anna@example.com")
    settings.CUSTOMER_ID_KEY = "another-literal-key"
    second = customer_hash("anna@example.com")

    assert first != second
    assert second == hmac_sha256("another-literal-key", "anna@example.com")


@pytest.mark.django_db
def test_an_import_stores_the_keyed_hash_of_each_id_and_not_a_plain_sha256(
    settings: Any, acme: Organization, tmp_path: Path
) -> None:
    settings.CUSTOMER_ID_KEY = KEY
    source = tmp_path / "orders.csv"
    source.write_text(ORDERS, encoding="utf-8")

    call_command("import_orders", "--org", "acme", str(source), stdout=StringIO())

    stored = dict(Customer.objects.values_list("customer_hash", "orders"))
    assert stored == {
        hmac_sha256(KEY, "anna@example.com"): 2,
        hmac_sha256(KEY, "ben@example.com"): 1,
    }
    unkeyed = {hashlib.sha256(i).hexdigest() for i in (b"anna@example.com", b"ben@example.com")}
    assert not unkeyed & stored.keys()
