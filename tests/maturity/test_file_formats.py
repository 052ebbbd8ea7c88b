"""JSON, YAML and XLSX round trips, and validation problems reported where they are."""

import io
import json
from io import StringIO
from pathlib import Path

import openpyxl
import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.test import Client

from maturity import interchange, spreadsheet
from maturity.models import Questionnaire
from maturity.services import questionnaire_document, questionnaire_import
from tests.factories import make_document

pytestmark = pytest.mark.django_db


def without_version(document: dict) -> dict:
    return {key: value for key, value in document.items() if key != "version"}


@pytest.mark.parametrize("fmt", ["json", "yaml", "xlsx"])
def test_export_import_export_gives_the_same_content_in_every_format(
    tmp_path: Path, fmt: str
) -> None:
    first = questionnaire_import(document=make_document(per_cell=2))
    exported = tmp_path / f"bank.{fmt}"
    again = tmp_path / f"again.{fmt}"

    call_command("export_questionnaire", "--version", "1", "-o", str(exported), stderr=StringIO())
    call_command("import_questionnaire", str(exported), stdout=StringIO(), stderr=StringIO())
    call_command("export_questionnaire", "--version", "2", "-o", str(again), stderr=StringIO())

    second = Questionnaire.objects.get(version=2)
    assert without_version(questionnaire_document(questionnaire=second)) == without_version(
        questionnaire_document(questionnaire=first)
    )
    if fmt == "xlsx":
        assert (
            spreadsheet.read_workbook(again.read_bytes())[0]["elements"]
            == (spreadsheet.read_workbook(exported.read_bytes())[0]["elements"])
        )
    else:
        assert again.read_text(encoding="utf-8").replace("version: 2", "version: 1").replace(
            '"version": 2', '"version": 1'
        ) == exported.read_text(encoding="utf-8")


def workbook_with(document: dict, edit) -> bytes:
    book = openpyxl.load_workbook(io.BytesIO(spreadsheet.write_workbook(document)))
    edit(book)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def problems_in(data: bytes) -> list[str]:
    document, where = spreadsheet.read_workbook(data)
    return [str(p) for p in spreadsheet.locate(interchange.validate(document), where)]


def test_workbook_problems_name_the_sheet_and_row() -> None:
    def edit(book):
        questions, options = book["questions"], book["options"]
        questions["C3"] = questions["C2"].value  # duplicate key on row 3
        for row in range(6, 10):  # ... and its options follow it
            options[f"A{row}"] = questions["C2"].value
        questions["B4"] = "sprint"  # unknown stage on row 4
        options["C2"] = 1.5  # value outside [0, 1] on row 2
        questions["E5"] = None  # no English text on row 5
        questions["F6"] = None  # no German text on row 6: a warning

    found = problems_in(workbook_with(make_document(per_cell=2), edit))

    assert "error: questions, row 3 (key): duplicate key 'action-crawl-0'" in found
    assert (
        "error: questions, row 4 (stage): unknown stage 'sprint' (expected one of: "
        "crawl, walk, run)" in found
    )
    assert (
        "error: options, row 2 (value): must be a number from 0 to 1, or null for not applicable"
        in found
    )
    assert "error: questions, row 5 (text.en): English text is missing" in found
    assert (
        "warning: questions, row 6 (text.de): German text is missing (English is shown instead)"
        in found
    )


def test_a_workbook_row_naming_an_unknown_element_or_question_is_refused() -> None:
    def edit(book):
        book["questions"]["A2"] = "marketing"
        book["options"]["A3"] = "no-such-question"

    with pytest.raises(spreadsheet.WorkbookError) as refused:
        spreadsheet.read_workbook(workbook_with(make_document(), edit))

    text = str(refused.value)
    assert "questions, row 2: names element 'marketing'" in text
    assert "options, row 3: names question 'no-such-question'" in text


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        (
            lambda d: d["elements"][0]["questions"].append(dict(d["elements"][0]["questions"][0])),
            "elements[0].questions[3].key: duplicate key 'action-crawl-0'",
        ),
        (
            lambda d: d["elements"][1].update(key="sales"),
            "elements[1].key: unknown element 'sales'",
        ),
        (
            lambda d: d["elements"][2]["questions"][0].update(stage="sprint"),
            "elements[2].questions[0].stage: unknown stage 'sprint'",
        ),
        (
            lambda d: d["elements"][0]["questions"][0]["options"][0].update(value=2),
            "elements[0].questions[0].options[0].value: must be a number from 0 to 1",
        ),
        (
            lambda d: d["elements"][3]["questions"].pop(),
            "elements: element 'methodology' has no question at stage 'run'",
        ),
        (
            lambda d: d["elements"][4]["questions"][1]["text"].pop("en"),
            "elements[4].questions[1].text.en: English text is missing",
        ),
        (
            lambda d: d["elements"][5]["questions"][2].update(options=[]),
            "elements[5].questions[2].options: a question needs at least one answer option",
        ),
    ],
)
def test_validate_questionnaire_reports_each_problem_with_its_json_path_and_writes_nothing(
    tmp_path: Path, edit, expected: str
) -> None:
    document = make_document()
    edit(document)
    path = tmp_path / "bank.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    out = StringIO()

    with pytest.raises(CommandError, match="error"):
        call_command("validate_questionnaire", str(path), stdout=out)
    with pytest.raises(CommandError):
        call_command("import_questionnaire", str(path), stdout=StringIO(), stderr=StringIO())

    assert expected in out.getvalue()
    assert not Questionnaire.objects.exists()


def test_a_missing_translation_is_a_warning_and_the_file_still_imports(tmp_path: Path) -> None:
    document = make_document()
    document["elements"][0]["questions"][0]["help"]["ko"] = ""
    path = tmp_path / "bank.yaml"
    path.write_text(interchange.dump_document(document, "yaml"), encoding="utf-8")
    out = StringIO()

    call_command("validate_questionnaire", str(path), stdout=out)
    call_command("import_questionnaire", str(path), stdout=StringIO(), stderr=StringIO())

    assert "warning: elements[0].questions[0].help.ko: Korean text is missing" in out.getvalue()
    assert "No errors, 1 warning(s)." in out.getvalue()
    assert Questionnaire.objects.count() == 1


@pytest.fixture
def staff_client(client: Client) -> Client:
    client.force_login(User.objects.create_superuser("ada", "ada@example.com", "x"))
    return client


def test_staff_import_a_workbook_in_the_admin(staff_client: Client) -> None:
    upload = SimpleUploadedFile("bank.xlsx", spreadsheet.write_workbook(make_document()))

    response = staff_client.post("/admin/maturity/questionnaire/import/", {"file": upload})

    draft = Questionnaire.objects.get()
    assert response["Location"] == f"/admin/maturity/questionnaire/{draft.pk}/change/"
    assert draft.questions.count() == 18


def test_an_admin_import_with_errors_lists_them_and_writes_nothing(staff_client: Client) -> None:
    document = make_document()
    document["elements"][0]["questions"][0]["options"][0]["value"] = 3
    upload = SimpleUploadedFile("bank.json", json.dumps(document).encode())

    response = staff_client.post("/admin/maturity/questionnaire/import/", {"file": upload})

    assert "elements[0].questions[0].options[0].value" in response.text
    assert "Nothing was imported." in response.text
    assert not Questionnaire.objects.exists()


@pytest.mark.parametrize(("fmt", "start"), [("json", b"{"), ("yaml", b"slug:"), ("xlsx", b"PK")])
def test_staff_export_a_version_in_every_format(
    staff_client: Client, fmt: str, start: bytes
) -> None:
    questionnaire = questionnaire_import(document=make_document())

    response = staff_client.get(f"/admin/maturity/questionnaire/{questionnaire.pk}/export/{fmt}/")

    assert response.status_code == 200
    assert response.content.startswith(start)
    assert f"ecommerce-maturity-1.{fmt}" in response["Content-Disposition"]


def test_only_staff_reach_import_export_compare_and_new_draft(alice_client: Client) -> None:
    questionnaire = questionnaire_import(document=make_document())
    base = f"/admin/maturity/questionnaire/{questionnaire.pk}"

    for method, url in [
        ("get", "/admin/maturity/questionnaire/import/"),
        ("post", "/admin/maturity/questionnaire/import/"),
        ("get", f"{base}/export/json/"),
        ("get", f"{base}/compare/"),
        ("post", f"{base}/compare/"),
        ("post", f"{base}/new-draft/"),
    ]:
        response = getattr(alice_client, method)(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/admin/login/"), url

    assert Questionnaire.objects.get().status == Questionnaire.Status.DRAFT
    assert Questionnaire.objects.count() == 1
