"""The question bank in Django admin: staff edit it, nobody else reaches it."""

import pytest
from django.contrib.auth.models import User
from django.test import Client

from maturity.models import Question, Questionnaire
from maturity.services import questionnaire_import
from tests.factories import make_document


@pytest.fixture
def questionnaire(db: None) -> Questionnaire:
    return questionnaire_import(document=make_document(per_cell=1))


@pytest.fixture
def staff_client(client: Client, db: None) -> Client:
    client.force_login(User.objects.create_superuser("ada", "ada@example.com", "x"))
    return client


def test_staff_open_every_question_bank_page(
    staff_client: Client, questionnaire: Questionnaire
) -> None:
    question = Question.objects.first()
    element = question.element
    for url in [
        "/admin/maturity/questionnaire/",
        f"/admin/maturity/questionnaire/{questionnaire.pk}/change/",
        "/admin/maturity/element/",
        f"/admin/maturity/element/{element.pk}/change/",
        "/admin/maturity/question/",
        "/admin/maturity/question/?q=crawl",
        f"/admin/maturity/question/{question.pk}/change/",
    ]:
        assert staff_client.get(url).status_code == 200, url


def test_a_question_can_only_use_its_own_versions_element_and_stage(
    staff_client: Client, questionnaire: Questionnaire
) -> None:
    other = questionnaire_import(document=make_document(per_cell=1, version=2))
    question = questionnaire.questions.first()
    foreign_element = other.elements.first()
    data = {
        "questionnaire": questionnaire.pk,
        "element": foreign_element.pk,
        "stage": question.stage_id,
        "key": question.key,
        "order": 0,
        "weight": 1,
        "text_en": "Changed",
        "options-TOTAL_FORMS": 0,
        "options-INITIAL_FORMS": 0,
    }

    response = staff_client.post(f"/admin/maturity/question/{question.pk}/change/", data)

    assert response.status_code == 200
    assert "Pick one of this questionnaire version" in response.text
    question.refresh_from_db()
    assert question.text_en != "Changed"


def test_a_marketer_cannot_reach_the_question_bank_admin(
    alice_client: Client, questionnaire: Questionnaire
) -> None:
    response = alice_client.get("/admin/maturity/question/")

    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_staff_publish_a_draft_on_its_compare_page(
    staff_client: Client, questionnaire: Questionnaire
) -> None:
    page = staff_client.get(f"/admin/maturity/questionnaire/{questionnaire.pk}/compare/")
    assert "Publish ecommerce-maturity@1" in page.text

    response = staff_client.post(
        f"/admin/maturity/questionnaire/{questionnaire.pk}/compare/", {"publish": "1"}, follow=True
    )

    questionnaire.refresh_from_db()
    assert questionnaire.status == Questionnaire.Status.PUBLISHED
    assert questionnaire.published_at is not None
    assert "Published ecommerce-maturity@1." in response.text
    assert Questionnaire.objects.latest_published() == questionnaire
