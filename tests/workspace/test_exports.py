"""Exports ready for clients: rounded numbers, translated headers and yes/no, a formatted
XLSX (widths, a frozen bold header, number formats, a sheet naming source and date), and
no chart built to make them."""

import csv
import io

import openpyxl
import pytest
from django.contrib.auth.models import User
from django.test import Client

from assessments.models import Assessment
from organizations.models import Organization
from tests.workspace.builders import submit
from workspace import charts

pytestmark = pytest.mark.django_db


@pytest.fixture
def bob_client(client: Client, bob: User) -> Client:
    client.force_login(bob)
    return client


@pytest.fixture
def pair(acme: Organization, alice: User, questionnaire) -> tuple[Assessment, Assessment]:
    first = submit(acme, alice, "none", days_ago=60)
    second = submit(acme, alice, "partial")
    # A score as floating point sums it, and as nobody should read it.
    result = second.result
    result["elements"]["action"]["score"] = 20.200000000000003
    Assessment.objects.filter(pk=second.pk).update(result=result)
    return first, second


def query(pair: tuple[Assessment, Assessment]) -> str:
    return f"a={pair[0].pk}&a={pair[1].pk}"


def csv_rows(response) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_the_compare_csv_rounds_numbers_and_says_yes_or_no(
    bob_client: Client, pair: tuple[Assessment, Assessment]
) -> None:
    rows = csv_rows(bob_client.get(f"/compare/export.csv?{query(pair)}"))

    action = [row for row in rows if row["Element"] == "Action"]
    assert [row["Score"] for row in action] == ["0.0", "20.2"]
    assert [row["Change against the first"] for row in action] == ["", "+20.2"]
    assert [row["Stage differs from the first"] for row in action] == ["no", "no"]
    assert list(rows[0]) == [
        "Element",
        "Client",
        "Submitted",
        "Score",
        "Stage",
        "Change against the first",
        "Stage differs from the first",
    ]


def test_headers_and_yes_or_no_are_in_the_users_language(
    bob_client: Client, pair: tuple[Assessment, Assessment]
) -> None:
    bob_client.cookies.load({"django_language": "de"})

    rows = csv_rows(bob_client.get(f"/compare/export.csv?{query(pair)}", HTTP_ACCEPT_LANGUAGE="de"))

    assert "Element" in rows[0] and "Mandant" in rows[0]
    assert {row["Stufe weicht von der ersten ab"] for row in rows} == {"nein"}


def test_the_compare_xlsx_is_formatted_for_a_client(
    bob_client: Client, pair: tuple[Assessment, Assessment]
) -> None:
    response = bob_client.get(f"/compare/export.xlsx?{query(pair)}")

    book = openpyxl.load_workbook(io.BytesIO(response.content))
    sheet, source = book.worksheets
    header = [cell.value for cell in sheet[1]]
    assert all(cell.font.bold for cell in sheet[1])
    assert sheet.freeze_panes == "B2"
    assert all(sheet.column_dimensions[c].width >= 8 for c in "ABCDEFG")
    score = sheet.cell(row=3, column=header.index("Score") + 1)
    assert (score.value, score.number_format) == (20.2, "0.0")
    submitted = sheet.cell(row=2, column=header.index("Submitted") + 1)
    assert submitted.is_date
    about = {row[0].value: row[1].value for row in source.iter_rows()}
    assert about["Source"] == "Commerce maturity"
    assert about["Export"] == "Comparison of assessments"
    assert about["Created"][:2] == "20"


def test_the_portfolio_csv_names_clients_with_rounded_scores(
    bob_client: Client, pair: tuple[Assessment, Assessment]
) -> None:
    rows = csv_rows(bob_client.get("/portfolio/export.csv"))

    assert rows[0]["Client"] == "Acme Outdoor"
    assert rows[0]["Action"] == "20.2"
    assert rows[0]["Score"] == "50.0"


def test_no_chart_is_built_for_an_export(
    bob_client: Client, pair: tuple[Assessment, Assessment], monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(**_kwargs: object) -> None:
        raise AssertionError("an export built a chart")

    for name in ("overlaid_radar", "score_heatmap", "progress_lines", "quartile_boxes"):
        monkeypatch.setattr(charts, name, refuse)
    monkeypatch.setattr(charts, "stage_counts", refuse)

    for url in [
        f"/compare/export.csv?{query(pair)}",
        f"/compare/export.xlsx?{query(pair)}",
        "/portfolio/export.xlsx",
        "/organizations/acme/progress/export.xlsx",
    ]:
        assert bob_client.get(url).status_code == 200, url


def test_the_xlsx_keeps_markup_and_drops_characters_xml_cannot_hold(
    bob_client: Client, bob: User, questionnaire
) -> None:
    from organizations.models import Membership

    shop = Organization.objects.create(name="A & B <Shop>\x07", slug="a-b")
    Membership.objects.create(user=bob, organization=shop, role=Membership.Role.CONSULTANT)
    assessment = submit(shop, bob)

    response = bob_client.get(f"/compare/export.xlsx?a={assessment.pk}")

    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).worksheets[0]
    assert sheet["B2"].value == "A & B <Shop>"


def test_columns_past_z_are_lettered_as_excel_does() -> None:
    from workspace.xlsx import column_letter

    assert [column_letter(n) for n in (1, 26, 27, 52, 703)] == ["A", "Z", "AA", "AZ", "AAA"]
