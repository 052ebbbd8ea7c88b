"""Bad and odd orders files: each refused whole with a message naming the problem and lines."""

import io

import openpyxl
import pytest

from lifecycle import orders_file
from lifecycle.orders_file import OrdersFileError, read_orders

LIMIT = 10 * 2**20
GOOD = "customer_id,order_date,amount,referred_by\nc1,2026-01-05,10.50,\nc2,2026-01-06,20,c1\n"


def refused(data: bytes, limit: int = LIMIT) -> str:
    with pytest.raises(OrdersFileError) as error:
        read_orders(data, max_bytes=limit)
    return str(error.value)


def test_a_plain_utf8_file_is_read() -> None:
    result = read_orders(GOOD.encode(), max_bytes=LIMIT)

    assert result.orders["customer"].tolist() == ["c1", "c2"]
    assert result.orders["amount"].tolist() == [10.5, 20.0]
    assert result.orders["referred_by"].isna().tolist() == [True, False]
    assert result.encoding == "utf-8"


def test_a_missing_or_misnamed_column_is_named() -> None:
    message = refused(b"customer,order_date,amount\nc1,2026-01-05,1\n")

    assert message == orders_file.MISSING_COLUMNS.format(
        missing="customer_id", found="customer, order_date, amount"
    )


def test_headers_match_whatever_their_case() -> None:
    data = b"Customer_ID,ORDER_DATE,Amount\nc1,2026-01-05,1\n"

    assert len(read_orders(data, max_bytes=LIMIT).orders) == 1


def test_an_unparseable_date_is_refused_with_its_line() -> None:
    message = refused(
        b"customer_id,order_date,amount\nc1,2026-01-05,1\nc2,yesterday,2\nc3,2026-13-45,3\n"
    )

    assert message == orders_file.BAD_DATE.format(lines="3, 4")


def test_an_unparseable_or_negative_amount_is_refused_with_its_line() -> None:
    message = refused(b"customer_id,order_date,amount\nc1,2026-01-05,abc\nc2,2026-01-05,-5\n")

    assert orders_file.BAD_AMOUNT.format(lines="2") in message
    assert orders_file.NEGATIVE_AMOUNT.format(lines="3") in message


def test_an_empty_file_and_a_header_only_file_are_refused() -> None:
    assert refused(b"") == orders_file.EMPTY_FILE
    assert refused(b"customer_id,order_date,amount\n") == orders_file.NO_ROWS


def test_a_file_over_the_limit_is_refused() -> None:
    assert refused(GOOD.encode() * 100, limit=1000) == orders_file.TOO_LARGE.format(
        size=0.0, limit=0
    )


def test_korean_excel_cp949_is_read() -> None:
    data = "customer_id,order_date,amount,channel\n김민지,2026-01-05,15000,네이버\n".encode("cp949")

    result = read_orders(data, max_bytes=LIMIT)

    assert result.encoding == "cp949"
    assert result.orders["customer"].tolist() == ["김민지"]
    assert result.orders["channel"].tolist() == ["네이버"]


def test_utf8_with_bom_and_utf16_are_read() -> None:
    bom = read_orders(("\ufeff" + GOOD).encode("utf-8"), max_bytes=LIMIT)
    utf16 = read_orders(GOOD.encode("utf-16"), max_bytes=LIMIT)

    assert bom.encoding == "utf-8-sig"
    assert utf16.encoding == "utf-16"
    assert bom.orders.equals(utf16.orders)


def test_a_semicolon_separated_file_with_decimal_commas_is_read() -> None:
    data = b"customer_id;order_date;amount\nc1;31.01.2026;1.234,50\nc2;2026-02-01;12,5\n"

    orders = read_orders(data, max_bytes=LIMIT).orders

    assert orders["amount"].tolist() == [1234.5, 12.5]
    assert orders["order_date"].dt.strftime("%Y-%m-%d").tolist() == ["2026-01-31", "2026-02-01"]


def xlsx(*sheets: tuple[str, list[list[object]]]) -> bytes:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows in sheets:
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_the_first_xlsx_sheet_with_the_columns_is_used() -> None:
    data = xlsx(
        ("Notes", [["read me"], ["exported from the shop"]]),
        ("Orders", [["customer_id", "order_date", "amount"], ["c1", "2026-01-05", 9.5]]),
    )

    result = read_orders(data, max_bytes=LIMIT)

    assert result.sheet == "Orders"
    assert result.orders["amount"].tolist() == [9.5]


def test_an_xlsx_without_a_sheet_with_the_columns_is_refused() -> None:
    data = xlsx(("Notes", [["a", "b"], [1, 2]]), ("Other", [["x"], [1]]))

    assert refused(data) == orders_file.NO_SHEET.format(sheets="Notes, Other")


def test_a_broken_xlsx_is_refused_with_a_message() -> None:
    assert refused(b"PK\x03\x04 not really a zip").startswith(
        "The file cannot be read as CSV or XLSX"
    )


def test_many_bad_lines_are_listed_up_to_ten() -> None:
    rows = "".join(f"c{n},someday,1\n" for n in range(15))

    message = refused(f"customer_id,order_date,amount\n{rows}".encode())

    assert message == orders_file.BAD_DATE.format(lines="2, 3, 4, 5, 6, 7, 8, 9, 10, 11 and 5 more")
