"""Questionnaire documents in and out of the database."""

import pytest

from maturity.models import AnswerOption, Question, Questionnaire
from maturity.services import (
    QuestionnaireInvalid,
    questionnaire_document,
    questionnaire_import,
)
from tests.factories import make_document


def without_version(document: dict) -> dict:
    return {key: value for key, value in document.items() if key != "version"}


def test_an_imported_document_exports_as_the_same_document(db: None) -> None:
    document = make_document(per_cell=2, version=3)

    questionnaire = questionnaire_import(document=document)

    assert questionnaire.label == "ecommerce-maturity@3"
    assert questionnaire.status == Questionnaire.Status.DRAFT
    assert questionnaire_document(questionnaire=questionnaire) == document


def test_export_import_export_gives_the_same_document(db: None) -> None:
    first = questionnaire_document(questionnaire=questionnaire_import(document=make_document()))

    again = questionnaire_import(document=first)
    second = questionnaire_document(questionnaire=again)

    assert again.version == 2  # version 1 is taken, so the copy becomes the next draft
    assert without_version(second) == without_version(first)


def test_a_document_with_an_error_writes_nothing(db: None) -> None:
    document = make_document()
    document["elements"][5]["questions"][-1]["options"][0]["value"] = 7

    with pytest.raises(QuestionnaireInvalid) as refused:
        questionnaire_import(document=document)

    assert "elements[5].questions[2].options[0].value" in str(refused.value)
    assert not Questionnaire.objects.exists()
    assert not Question.objects.exists()
    assert not AnswerOption.objects.exists()


def test_the_export_reads_a_version_in_a_fixed_number_of_queries(
    db: None, django_assert_num_queries
) -> None:
    small = questionnaire_import(document=make_document(per_cell=1))
    large = questionnaire_import(document=make_document(per_cell=5, version=2))

    # questionnaire, stages, elements, questions with element and stage, options
    with django_assert_num_queries(5):
        questionnaire_document(questionnaire=small)
    with django_assert_num_queries(5):
        questionnaire_document(questionnaire=large)
