"""Answering: autosave, the no-JavaScript form, progress, resuming."""

import pytest
from django.contrib.auth.models import User
from django.test import Client

from assessments.models import Answer, Assessment
from organizations.models import Organization
from tests.factories import publish

pytestmark = pytest.mark.django_db


def test_alice_starts_an_assessment_on_the_published_version(
    alice_client: Client, questionnaire
) -> None:
    response = alice_client.post("/organizations/acme/assessments/new/")

    assessment = Assessment.objects.get()
    assert assessment.questionnaire == questionnaire
    assert assessment.is_draft
    assert response["Location"] == f"/assessments/{assessment.pk}/"
    assert alice_client.get(response["Location"])["Location"] == (
        f"/assessments/{assessment.pk}/answer/action/"
    )


def test_an_element_page_shows_its_questions_options_and_the_stages(
    alice_client: Client, draft: Assessment
) -> None:
    response = alice_client.get(f"/assessments/{draft.pk}/answer/data/")

    assert response.status_code == 200
    for stage in ("crawl", "walk", "run"):
        assert f"data {stage} 0?" in response.text
    assert "Not applicable" in response.text
    assert "About crawl" in response.text  # the stage descriptions at hand
    assert 'data-autosave-url="/assessments/' in response.text


def test_an_unknown_element_is_404(alice_client: Client, draft: Assessment) -> None:
    assert alice_client.get(f"/assessments/{draft.pk}/answer/sales/").status_code == 404


def test_autosave_writes_one_answer_per_question_however_often_it_is_sent(
    alice_client: Client, draft: Assessment
) -> None:
    question = draft.questionnaire.questions.get(key="action-crawl-0")
    url = f"/assessments/{draft.pk}/autosave/"

    alice_client.post(url, {"question": question.pk, "option": "none"})
    alice_client.post(url, {"question": question.pk, "option": "full"})
    response = alice_client.post(url, {"question": question.pk, "note": "Since March."})

    assert response.status_code == 200
    assert response.json()["saved"] is True
    assert response.json()["progress"]["elements"]["action"] == 33
    answer = Answer.objects.get()
    assert (answer.option.key, answer.note) == ("full", "Since March.")


def test_not_applicable_is_a_real_answer(alice_client: Client, draft: Assessment) -> None:
    question = draft.questionnaire.questions.get(key="action-crawl-0")

    response = alice_client.post(
        f"/assessments/{draft.pk}/autosave/", {"question": question.pk, "option": "na"}
    )

    assert response.json()["answered"] is True
    assert Answer.objects.get().option.value is None


def test_autosave_refuses_an_unknown_option_or_question_and_writes_nothing(
    alice_client: Client, draft: Assessment
) -> None:
    question = draft.questionnaire.questions.first()
    other = publish(version=2).questions.first()
    url = f"/assessments/{draft.pk}/autosave/"

    assert alice_client.post(url, {"question": question.pk, "option": "great"}).status_code == 400
    assert alice_client.post(url, {"question": other.pk, "option": "full"}).status_code == 400
    assert alice_client.post(url, {"question": "x", "option": "full"}).status_code == 400
    assert not Answer.objects.exists()


def test_the_page_form_saves_without_javascript_and_goes_on(
    alice_client: Client, draft: Assessment
) -> None:
    questions = list(draft.questionnaire.questions.filter(element__key="action"))
    data = {f"q-{q.pk}": "partial" for q in questions}
    data[f"note-{questions[0].pk}"] = "Evidence: dashboard link"
    data["next"] = ""

    response = alice_client.post(f"/assessments/{draft.pk}/answer/action/", data)

    assert response["Location"] == f"/assessments/{draft.pk}/answer/data/"
    assert Answer.objects.filter(option__key="partial").count() == 3
    assert Answer.objects.get(question=questions[0]).note == "Evidence: dashboard link"
    page = alice_client.get(f"/assessments/{draft.pk}/answer/action/")
    assert page.text.count("checked") == 3
    assert "Evidence: dashboard link" in page.text


def test_a_draft_is_resumed_from_the_home_page(alice_client: Client, draft: Assessment) -> None:
    response = alice_client.get("/")

    assert f'href="/assessments/{draft.pk}/"' in response.text
    assert "Resume" in response.text


def test_answering_a_submitted_assessment_is_refused(
    alice_client: Client, submitted: Assessment
) -> None:
    question = submitted.questionnaire.questions.first()

    autosave = alice_client.post(
        f"/assessments/{submitted.pk}/autosave/", {"question": question.pk, "option": "none"}
    )
    page = alice_client.get(f"/assessments/{submitted.pk}/answer/action/")

    assert autosave.status_code == 409
    assert page["Location"] == f"/assessments/{submitted.pk}/result/"
    assert not Answer.objects.filter(option__key="none").exists()


def test_bob_and_alice_share_a_draft_of_their_organization(
    client: Client, bob: User, draft: Assessment, acme: Organization
) -> None:
    client.force_login(bob)
    question = draft.questionnaire.questions.first()

    client.post(f"/assessments/{draft.pk}/autosave/", {"question": question.pk, "option": "full"})

    assert Answer.objects.filter(assessment__organization=acme).count() == 1


def test_a_page_post_with_an_unknown_option_saves_nothing_and_says_why(
    alice_client: Client, draft: Assessment
) -> None:
    questions = list(draft.questionnaire.questions.filter(element__key="action"))
    data = {f"q-{q.pk}": "full" for q in questions}
    data[f"q-{questions[1].pk}"] = "brilliant"

    response = alice_client.post(f"/assessments/{draft.pk}/answer/action/", data)

    assert response.status_code == 200
    assert "could not be saved" in response.text
    assert "Select a valid choice" in response.text
    assert not Answer.objects.exists()
