"""Review, submit, the frozen result, and a new assessment from an old one."""

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test import Client

from assessments.models import Answer, Assessment
from assessments.services import INCOMPLETE
from maturity.models import AnswerOption, Question
from maturity.services import questionnaire_import, questionnaire_publish
from tests.factories import answer_all, make_document

pytestmark = pytest.mark.django_db


def test_the_review_page_lists_what_is_unanswered(alice_client: Client, draft: Assessment) -> None:
    response = alice_client.get(f"/assessments/{draft.pk}/review/")

    assert response.text.count("unanswered-list") == 6
    assert "privacy run 0?" in response.text
    assert "disabled" in response.text


def test_an_incomplete_assessment_cannot_be_submitted(
    alice_client: Client, draft: Assessment
) -> None:
    response = alice_client.post(f"/assessments/{draft.pk}/submit/", follow=True)

    draft.refresh_from_db()
    assert draft.is_draft
    assert draft.result is None
    assert str(INCOMPLETE) in response.text


def test_submitting_twice_gives_one_submission(
    alice_client: Client, draft: Assessment, bob: User
) -> None:
    answer_all(draft, "partial")

    first = alice_client.post(f"/assessments/{draft.pk}/submit/")
    draft.refresh_from_db()
    frozen = (draft.submitted_at, draft.result)
    second = alice_client.post(f"/assessments/{draft.pk}/submit/")

    draft.refresh_from_db()
    assert first["Location"] == second["Location"] == f"/assessments/{draft.pk}/result/"
    assert (draft.submitted_at, draft.result) == frozen
    assert draft.submitted_by.username == "alice"
    assert draft.result["overall"]["score"] == 50.0


def test_a_submitted_result_stays_the_same_after_the_question_bank_is_edited(
    alice_client: Client, submitted: Assessment
) -> None:
    before = alice_client.get(f"/assessments/{submitted.pk}/result/")
    stored = dict(submitted.result)

    # A new version with other values is published, and, going round the model's
    # protection, the pinned version's rows are rewritten in the database itself.
    document = make_document(version=2)
    for element in document["elements"]:
        for question in element["questions"]:
            question["weight"] = 3.0
    questionnaire_publish(questionnaire=questionnaire_import(document=document))
    with connection.cursor() as cursor:
        table = AnswerOption._meta.db_table
        cursor.execute(f"UPDATE {table} SET value = 1.0 WHERE key = 'partial'")
        cursor.execute(f"UPDATE {Question._meta.db_table} SET weight = 5.0")

    submitted.refresh_from_db()
    after = alice_client.get(f"/assessments/{submitted.pk}/result/")
    assert submitted.result == stored
    assert before.context["page"].result == after.context["page"].result
    assert "50.0 / 100" in after.text


def test_a_new_assessment_from_an_old_one_copies_the_answers_onto_the_current_version(
    alice_client: Client, submitted: Assessment
) -> None:
    Answer.objects.filter(question__key="action-crawl-0").update(note="Keep me")
    document = make_document(version=2)
    document["elements"][0]["questions"].append(
        {**document["elements"][0]["questions"][0], "key": "action-crawl-new"}
    )
    questionnaire_publish(questionnaire=questionnaire_import(document=document))

    response = alice_client.post(f"/assessments/{submitted.pk}/copy/", follow=True)

    copy = Assessment.objects.exclude(pk=submitted.pk).get()
    assert copy.is_draft
    assert copy.questionnaire.version == 2
    assert copy.copied_from == submitted
    assert copy.answers.count() == 18
    assert copy.answers.get(question__key="action-crawl-0").note == "Keep me"
    assert {a.option.key for a in copy.answers.select_related("option")} == {"partial"}
    assert "New in this version: action crawl 0?" in response.text
    submitted.refresh_from_db()
    assert submitted.answers.count() == 18  # the original is untouched


def test_a_copied_answer_whose_level_is_gone_is_named_and_starts_unanswered(
    alice_client: Client, submitted: Assessment
) -> None:
    # version 1 said "not applicable" to privacy-crawl-0; version 2 makes it a legal duty (a gate)
    na = AnswerOption.objects.get(question__key="privacy-crawl-0", key="na")
    Answer.objects.filter(question__key="privacy-crawl-0").update(option=na, note="We sell B2B")
    questionnaire_publish(
        questionnaire=questionnaire_import(
            document=make_document(version=2, gates=("privacy-crawl-0",))
        )
    )

    response = alice_client.post(f"/assessments/{submitted.pk}/copy/", follow=True)

    copy = Assessment.objects.exclude(pk=submitted.pk).get()
    carried = copy.answers.get(question__key="privacy-crawl-0")
    assert carried.option is None  # unanswered, not silently "not in place"
    assert carried.note == "We sell B2B"
    assert copy.answers.filter(option__isnull=False).count() == 17
    assert "Answer these again" in response.text
    assert "privacy crawl 0?" in response.text


def test_a_submitted_assessment_is_read_only(alice_client: Client, submitted: Assessment) -> None:
    assert alice_client.get(f"/assessments/{submitted.pk}/review/")["Location"] == (
        f"/assessments/{submitted.pk}/result/"
    )
    assert alice_client.get(f"/assessments/{submitted.pk}/")["Location"] == (
        f"/assessments/{submitted.pk}/result/"
    )
