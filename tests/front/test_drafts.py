"""Drafts on the home page: resume the open one rather than make a second, and show each
draft's progress and last edit."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone

from assessments.models import Answer, Assessment
from assessments.services import assessment_start
from maturity.models import Questionnaire
from organizations.models import Organization

pytestmark = pytest.mark.django_db


def _answer(assessment: Assessment, count: int, option: str = "full") -> None:
    for question in assessment.questionnaire.questions.order_by("pk")[:count]:
        Answer.objects.create(
            assessment=assessment, question=question, option=question.option_by_key(option)
        )


def test_start_resumes_the_open_draft_instead_of_making_a_second(
    alice_client: Client, draft: Assessment
) -> None:
    response = alice_client.post("/organizations/acme/assessments/new/")

    assert response.status_code == 302
    assert response["Location"] == f"/assessments/{draft.pk}/"
    assert Assessment.objects.count() == 1


def test_start_resumes_the_draft_changed_last(
    alice_client: Client, draft: Assessment, acme: Organization, alice: User
) -> None:
    newer = assessment_start(organization=acme, user=alice)
    Assessment.objects.filter(pk=newer.pk).update(updated_at=timezone.now() - timedelta(days=3))

    response = alice_client.post("/organizations/acme/assessments/new/")

    assert response["Location"] == f"/assessments/{draft.pk}/"


def test_a_second_draft_only_by_explicit_choice(alice_client: Client, draft: Assessment) -> None:
    response = alice_client.post("/organizations/acme/assessments/new/", {"another": "1"})

    second = Assessment.objects.exclude(pk=draft.pk).get()
    assert second.is_draft
    assert response["Location"] == f"/assessments/{second.pk}/"


def test_a_submitted_assessment_is_not_resumed(alice_client: Client, submitted: Assessment) -> None:
    response = alice_client.post("/organizations/acme/assessments/new/")

    new = Assessment.objects.exclude(pk=submitted.pk).get()
    assert response["Location"] == f"/assessments/{new.pk}/"


def test_charlies_draft_is_never_resumed_for_alice(
    alice_client: Client, questionnaire: Questionnaire, globex: Organization, charlie: User
) -> None:
    theirs = assessment_start(organization=globex, user=charlie)

    assert alice_client.post("/organizations/globex/assessments/new/").status_code == 404
    response = alice_client.post("/organizations/acme/assessments/new/")

    assert response["Location"] != f"/assessments/{theirs.pk}/"


def test_the_home_page_offers_to_resume_the_draft_and_shows_its_progress(
    alice_client: Client, draft: Assessment
) -> None:
    total = draft.questionnaire.questions.count()
    _answer(draft, 3)
    _answer_na = draft.questionnaire.questions.order_by("pk")[3]
    Answer.objects.create(assessment=draft, question=_answer_na, note="only a note")

    text = alice_client.get("/").text

    percent = round(100 * 3 / total)
    assert f"Resume your draft ({percent} % answered)" in text
    assert f"3 of {total} answered" in text  # a note alone is not an answer
    assert f'aria-valuenow="{percent}"' in text
    assert "last edit 0\xa0minutes ago" in text
    assert "Start another assessment" in text
    assert 'name="another"' in text
    assert "Start a new assessment" not in text


def test_without_a_draft_the_home_page_offers_a_new_assessment(
    alice_client: Client, submitted: Assessment
) -> None:
    text = alice_client.get("/").text

    assert "Start a new assessment" in text
    assert "Resume your draft" not in text


@pytest.mark.parametrize("drafts", [1, 6])
def test_the_home_page_queries_do_not_grow_with_drafts(
    alice_client: Client,
    questionnaire: Questionnaire,
    acme: Organization,
    alice: User,
    drafts: int,
    django_assert_num_queries,
) -> None:
    for _ in range(drafts):
        _answer(assessment_start(organization=acme, user=alice), 2)
    alice_client.get("/")

    # session, user, memberships with organizations and member counts, their assessments
    # with who started them and their answered and question counts (subqueries), the
    # published questionnaire with its question count, its stages
    with django_assert_num_queries(6):
        response = alice_client.get("/")

    assert response.status_code == 200
    assert response.text.count("draft-progress") == min(drafts, 5)
