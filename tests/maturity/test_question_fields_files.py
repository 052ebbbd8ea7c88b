"""Gates, lifecycle stages, requirements, effort and level descriptions travel through every
file format, the compare page and the admin, and stay frozen once published."""

import io
from io import StringIO
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.test import Client

from maturity import interchange, spreadsheet
from maturity.models import AnswerOption, PublishedVersionError, Question, Questionnaire
from maturity.services import (
    QuestionnaireInvalid,
    questionnaire_document,
    questionnaire_import,
    questionnaire_publish,
)
from tests.factories import make_document

pytestmark = pytest.mark.django_db


def enriched_document() -> dict[str, Any]:
    """make_document() with a gate, lifecycle stages, a requirement, effort and a German
    level description that differs from the English one."""
    document = make_document()
    privacy = document["elements"][5]["questions"][0]
    privacy["gate"] = True
    privacy["options"] = [o for o in privacy["options"] if o["value"] is not None]
    privacy["effort_weeks"] = 2
    action = document["elements"][0]["questions"]
    action[0]["lifecycle"] = ["nurture", "retention"]
    action[0]["requires"] = ["data-crawl-0"]
    action[0]["effort_weeks"] = 3
    action[0]["options"][1]["description"] = {
        "en": "Partly: one of the three triggers is live.",
        "de": "Teilweise: einer der drei Auslöser ist aktiv.",
        "ko": "일부: 세 가지 트리거 중 하나가 운영 중입니다.",
    }
    return document


def exported(questionnaire: Questionnaire) -> dict[str, Any]:
    document = questionnaire_document(questionnaire=questionnaire)
    return {key: value for key, value in document.items() if key != "version"}


def test_an_imported_document_keeps_every_new_field() -> None:
    questionnaire = questionnaire_import(document=enriched_document())

    gate = Question.objects.get(questionnaire=questionnaire, key="privacy-crawl-0")
    first = Question.objects.get(questionnaire=questionnaire, key="action-crawl-0")
    assert (gate.gate, gate.effort_weeks, gate.options.count()) == (True, 2, 3)
    assert (first.gate, first.lifecycle, first.requires, first.effort_weeks) == (
        False,
        ["nurture", "retention"],
        ["data-crawl-0"],
        3,
    )
    partial = first.options.get(key="partial")
    assert partial.description_de == "Teilweise: einer der drei Auslöser ist aktiv."
    assert exported(questionnaire) == {
        key: value for key, value in enriched_document().items() if key != "version"
    }


@pytest.mark.parametrize("fmt", ["json", "yaml", "xlsx"])
def test_every_new_field_survives_export_and_import_in_every_format(
    tmp_path: Path, fmt: str
) -> None:
    first = questionnaire_import(document=enriched_document())
    path = tmp_path / f"bank.{fmt}"

    call_command("export_questionnaire", "--version", "1", "-o", str(path), stderr=StringIO())
    call_command("import_questionnaire", str(path), stdout=StringIO(), stderr=StringIO())

    assert exported(Questionnaire.objects.get(version=2)) == exported(first)


def test_the_workbook_lists_keys_in_one_cell_and_marks_gates() -> None:
    data = spreadsheet.write_workbook(enriched_document())
    book = openpyxl.load_workbook(io.BytesIO(data))
    header = [cell.value for cell in book["questions"][1]]
    first = dict(zip(header, [cell.value for cell in book["questions"][2]], strict=True))
    options = [cell.value for cell in book["options"][1]]

    assert (first["lifecycle"], first["requires"], first["effort_weeks"]) == (
        "nurture, retention",
        "data-crawl-0",
        3,
    )
    assert first["gate"] is False
    assert options[-3:] == ["description_en", "description_de", "description_ko"]


def test_a_workbook_typed_by_hand_reads_yes_for_a_gate_and_keys_split_by_semicolons() -> None:
    book = openpyxl.load_workbook(io.BytesIO(spreadsheet.write_workbook(enriched_document())))
    questions = book["questions"]
    header = [cell.value for cell in questions[1]]
    column = {name: header.index(name) + 1 for name in ("gate", "lifecycle", "effort_weeks")}
    questions.cell(row=3, column=column["gate"], value="yes")
    questions.cell(row=3, column=column["lifecycle"], value="reach; acquisition")
    questions.cell(row=3, column=column["effort_weeks"], value="4")
    buffer = io.BytesIO()
    book.save(buffer)

    document, _where = spreadsheet.read_workbook(buffer.getvalue())

    second = document["elements"][0]["questions"][1]
    assert (second["gate"], second["lifecycle"], second["effort_weeks"]) == (
        True,
        ["reach", "acquisition"],
        4,
    )


def test_a_gate_cell_that_means_nothing_is_refused_at_its_row() -> None:
    book = openpyxl.load_workbook(io.BytesIO(spreadsheet.write_workbook(enriched_document())))
    questions = book["questions"]
    header = [cell.value for cell in questions[1]]
    questions.cell(row=4, column=header.index("gate") + 1, value="perhaps")
    buffer = io.BytesIO()
    book.save(buffer)

    document, where = spreadsheet.read_workbook(buffer.getvalue())
    found = [str(p) for p in spreadsheet.locate(interchange.validate(document), where)]

    assert f"error: questions, row 4 (gate): {interchange.BAD_GATE}" in found


def test_an_older_workbook_without_the_new_columns_still_imports() -> None:
    book = openpyxl.load_workbook(io.BytesIO(spreadsheet.write_workbook(make_document())))
    for sheet, names in (
        ("questions", ["gate", "lifecycle", "requires", "effort_weeks"]),
        ("options", ["description_en", "description_de", "description_ko"]),
    ):
        header = [cell.value for cell in book[sheet][1]]
        for name in names:
            book[sheet].delete_cols(header.index(name) + 1)
            header.remove(name)
    buffer = io.BytesIO()
    book.save(buffer)

    document, where = spreadsheet.read_workbook(buffer.getvalue())
    questionnaire = questionnaire_import(document=document, where=where)

    question = questionnaire.questions.get(key="governance-run-0")
    assert (question.gate, question.lifecycle, question.requires) == (False, [], [])
    assert question.options.get(key="full").description_en == ""


def test_a_published_versions_gate_and_level_descriptions_are_frozen() -> None:
    published = questionnaire_publish(questionnaire=questionnaire_import(document=make_document()))
    question = published.questions.get(key="privacy-crawl-0")
    option = question.options.get(key="full")

    question.gate = True
    with pytest.raises(PublishedVersionError):
        question.save()
    option.description_en = "Something else."
    with pytest.raises(PublishedVersionError):
        option.save()
    with pytest.raises(PublishedVersionError):
        Question.objects.filter(pk=question.pk).update(lifecycle=["reach"])
    with pytest.raises(PublishedVersionError):
        AnswerOption.objects.filter(pk=option.pk).update(description_de="Anders.")

    question.refresh_from_db()
    option.refresh_from_db()
    assert (question.gate, question.lifecycle) == (False, [])
    assert option.description_de == "Beide Teile laufen und werden geprüft."


def test_a_question_edited_with_an_unknown_lifecycle_stage_or_requirement_is_refused() -> None:
    draft = questionnaire_import(document=make_document())
    question = draft.questions.get(key="data-walk-0")
    question.lifecycle = ["reach", "loyalty"]
    question.requires = ["data-crawl-0", "data-nowhere"]

    with pytest.raises(ValidationError) as refused:
        question.full_clean()

    assert refused.value.message_dict == {
        "lifecycle": [interchange.UNKNOWN_LIFECYCLE.format(key="loyalty")],
        "requires": [interchange.UNKNOWN_REQUIREMENT.format(key="data-nowhere")],
    }


def test_a_question_edited_into_a_cycle_of_requirements_is_refused() -> None:
    draft = questionnaire_import(document=make_document())
    Question.objects.filter(questionnaire=draft, key="data-crawl-0").update(
        requires=["data-walk-0"]
    )
    question = draft.questions.get(key="data-walk-0")
    question.requires = ["data-crawl-0"]

    with pytest.raises(ValidationError) as refused:
        question.full_clean()

    assert refused.value.message_dict["requires"] == [
        interchange.REQUIRES_CYCLE.format(cycle="data-walk-0 → data-crawl-0 → data-walk-0")
    ]


def test_a_draft_edited_into_a_gate_with_not_applicable_is_not_published(client: Client) -> None:
    draft = questionnaire_import(document=make_document())
    Question.objects.filter(questionnaire=draft, key="privacy-crawl-0").update(gate=True)
    client.force_login(User.objects.create_superuser("ada", "ada@example.com", "x"))

    response = client.post(
        f"/admin/maturity/questionnaire/{draft.pk}/compare/", {"publish": "1"}, follow=True
    )

    draft.refresh_from_db()
    assert draft.status == Questionnaire.Status.DRAFT
    assert interchange.GATE_NOT_APPLICABLE in response.text
    with pytest.raises(QuestionnaireInvalid):
        questionnaire_publish(questionnaire=draft)


def test_the_admin_edits_a_questions_gate_and_an_options_description(client: Client) -> None:
    draft = questionnaire_import(document=make_document())
    question = draft.questions.get(key="privacy-crawl-0")
    client.force_login(User.objects.create_superuser("ada", "ada@example.com", "x"))

    response = client.get(f"/admin/maturity/question/{question.pk}/change/")

    assert response.status_code == 200
    for name in ("gate", "lifecycle", "requires", "effort_weeks"):
        assert f'name="{name}"' in response.text, name
    assert 'name="options-0-description_ko"' in response.text
