"""The XLSX exports (compare, progress, portfolio) neutralize cells that a spreadsheet
would run as a formula, as the CSV exports do: such cells are stored as text with a
leading apostrophe, never as formulas."""

import io

import openpyxl
import pytest
from django.contrib.auth.models import User
from django.test import Client

from assessments.models import Assessment
from assessments.services import assessment_start, assessment_submit
from maturity.models import Questionnaire
from maturity.services import questionnaire_import, questionnaire_publish
from organizations.models import Membership, Organization
from tests.factories import answer_all, make_document

pytestmark = pytest.mark.django_db

# Element titles starting with each of = + - @, then two harmless ones.
TITLES = {
    "action": "=1+2",
    "data": "+SUM(A1:A9)",
    "insights": "-2+3",
    "methodology": '@HYPERLINK("http://evil.example")',
}
NEUTRALIZED = [
    "'=1+2",
    "'+SUM(A1:A9)",
    "'-2+3",
    '\'@HYPERLINK("http://evil.example")',
    "Governance",
    "Privacy",
]


@pytest.fixture
def formula_titles(db: None) -> Questionnaire:
    document = make_document()
    for element in document["elements"]:
        if element["key"] in TITLES:
            element["title"]["en"] = TITLES[element["key"]]
    return questionnaire_publish(questionnaire=questionnaire_import(document=document))


@pytest.fixture
def bob_client(client: Client, bob: User) -> Client:
    client.force_login(bob)
    return client


def submit(organization: Organization, user: User) -> Assessment:
    assessment = assessment_start(organization=organization, user=user)
    answer_all(assessment, "partial")
    return assessment_submit(assessment=assessment, user=user)


def cells(content: bytes) -> list[dict[str, openpyxl.cell.Cell]]:
    """The rows of the first sheet under its header, as header -> cell."""
    sheet = openpyxl.load_workbook(io.BytesIO(content)).worksheets[0]
    header = [cell.value for cell in sheet[1]]
    return [dict(zip(header, row, strict=True)) for row in sheet.iter_rows(min_row=2)]


def formulas(content: bytes) -> list[object]:
    """Every cell of every sheet (the source sheet too) that a spreadsheet would run."""
    book = openpyxl.load_workbook(io.BytesIO(content))
    return [
        cell.value
        for sheet in book.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if cell.data_type == "f"
    ]


def test_the_compare_xlsx_keeps_an_organization_name_and_element_titles_as_text(
    bob_client: Client, bob: User, formula_titles: Questionnaire
) -> None:
    evil = Organization.objects.create(name='=HYPERLINK("http://evil.example")', slug="evil")
    Membership.objects.create(user=bob, organization=evil, role=Membership.Role.CONSULTANT)
    assessment = submit(evil, bob)

    response = bob_client.get(f"/compare/export.xlsx?a={assessment.pk}")

    assert response.status_code == 200
    rows = cells(response.content)
    assert [row["Element"].value for row in rows] == [*NEUTRALIZED, "Overall"]
    assert {row["Client"].value for row in rows} == {'\'=HYPERLINK("http://evil.example")'}
    assert formulas(response.content) == []


def test_the_progress_xlsx_keeps_element_titles_as_text(
    alice_client: Client, acme: Organization, alice: User, formula_titles: Questionnaire
) -> None:
    submit(acme, alice)

    response = alice_client.get("/organizations/acme/progress/export.xlsx")

    assert response.status_code == 200
    rows = cells(response.content)
    assert [row["Element"].value for row in rows] == [*NEUTRALIZED, "Overall score"]
    assert {row["Element"].data_type for row in rows} == {"s"}
    assert formulas(response.content) == []


def test_the_portfolio_xlsx_keeps_client_names_and_element_titles_as_text(
    bob_client: Client, bob: User, formula_titles: Questionnaire
) -> None:
    evil = Organization.objects.create(name="=1+1", slug="evil")
    Membership.objects.create(user=bob, organization=evil, role=Membership.Role.CONSULTANT)
    submit(evil, bob)

    response = bob_client.get("/portfolio/export.xlsx")

    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).worksheets[0]
    header = [cell.value for cell in sheet[1]]
    assert header[4:] == NEUTRALIZED
    assert sheet["A2"].value == "'=1+1"
    assert formulas(response.content) == []
