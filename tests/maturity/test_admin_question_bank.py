"""The question bank admin: one version at a time, filters with their own names, a new
draft offered from published versions only, admin breadcrumbs on every page, and German
and Korean texts flagged for review when the English changes."""

import pytest
from django.contrib.auth.models import User
from django.test import Client

from maturity.admin import NEW_DRAFT_FROM_DRAFT
from maturity.models import AnswerOption, Question, Questionnaire
from maturity.services import questionnaire_import, questionnaire_publish
from maturity.translation import review_flags
from tests.factories import make_document

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client: Client, db: None) -> Client:
    client.force_login(User.objects.create_superuser("ada", "ada@example.com", "x"))
    return client


@pytest.fixture
def published(db: None) -> Questionnaire:
    return questionnaire_publish(questionnaire=questionnaire_import(document=make_document()))


@pytest.fixture
def draft(published: Questionnaire) -> Questionnaire:
    return questionnaire_import(document=make_document(per_cell=2, version=2))


def listed(response) -> list[Question]:
    return list(response.context["cl"].result_list)


def test_the_question_list_shows_the_newest_version_unless_another_is_picked(
    staff_client: Client, published: Questionnaire, draft: Questionnaire
) -> None:
    newest = staff_client.get("/admin/maturity/question/")
    older = staff_client.get(f"/admin/maturity/question/?version={published.pk}")
    every = staff_client.get("/admin/maturity/question/?version=all")

    assert {q.questionnaire_id for q in listed(newest)} == {draft.pk}
    assert len(listed(newest)) == draft.questions.count() == 36
    assert {q.questionnaire_id for q in listed(older)} == {published.pk}
    assert len(listed(every)) == 36 + 18
    assert "ecommerce-maturity@2 (Draft)" in newest.text


def test_no_two_filters_share_a_name(staff_client: Client, published: Questionnaire) -> None:
    response = staff_client.get("/admin/maturity/question/")

    titles = [str(spec.title) for spec in response.context["cl"].filter_specs]
    assert len(titles) == len(set(titles))
    assert "key" not in titles
    assert {"element", "stage", "questionnaire version"} <= set(titles)


def test_a_new_draft_is_offered_from_a_published_version_only(
    staff_client: Client, published: Questionnaire, draft: Questionnaire
) -> None:
    on_published = staff_client.get(f"/admin/maturity/questionnaire/{published.pk}/change/")
    on_draft = staff_client.get(f"/admin/maturity/questionnaire/{draft.pk}/change/")

    link = f'href="/admin/maturity/questionnaire/{published.pk}/new-draft/" class="new-draft-link"'
    assert link in on_published.text
    assert "new-draft" not in on_draft.text


def test_making_a_draft_asks_first_and_refuses_a_draft_as_its_source(
    staff_client: Client, published: Questionnaire, draft: Questionnaire
) -> None:
    confirm = staff_client.get(f"/admin/maturity/questionnaire/{published.pk}/new-draft/")
    refused = staff_client.post(f"/admin/maturity/questionnaire/{draft.pk}/new-draft/", follow=True)

    assert confirm.status_code == 200
    assert "Make the draft" in confirm.text
    assert Questionnaire.objects.count() == 2
    assert str(NEW_DRAFT_FROM_DRAFT) in refused.text


@pytest.mark.parametrize("page", ["compare/", "new-draft/", "import"])
def test_every_question_bank_page_has_admin_breadcrumbs(
    staff_client: Client, published: Questionnaire, draft: Questionnaire, page: str
) -> None:
    source = draft if page == "compare/" else published
    url = (
        "/admin/maturity/questionnaire/import/"
        if page == "import"
        else f"/admin/maturity/questionnaire/{source.pk}/{page}"
    )

    response = staff_client.get(url)

    assert '<ol class="breadcrumbs">' in response.text
    assert '<div class="breadcrumbs">' not in response.text


def test_the_review_rule() -> None:
    names = ("text",)
    before = {"text_en": "A", "text_de": "A (de)", "text_ko": "A (ko)"}

    assert review_flags(before, {**before, "text_en": "B"}, names) == {"de": True, "ko": True}
    assert review_flags(before, {**before, "text_en": "B", "text_de": "B (de)"}, names) == {
        "de": False,
        "ko": True,
    }
    assert review_flags(before, {**before, "text_ko": "B (ko)"}, names) == {
        "de": None,
        "ko": False,
    }
    assert review_flags(before, dict(before), names) == {"de": None, "ko": None}


def test_an_english_change_flags_the_translations_until_they_are_edited(
    draft: Questionnaire,
) -> None:
    question = draft.questions.first()
    question.help_en = "Better help"
    question.save()
    question.refresh_from_db()
    assert (question.review_de, question.review_ko) == (True, True)

    question.help_de = "Bessere Hilfe"
    question.save()
    question.refresh_from_db()
    assert (question.review_de, question.review_ko) == (False, True)

    question.weight = 2  # neither language touched: the flags stay
    question.save(update_fields=["weight"])
    question.refresh_from_db()
    assert (question.review_de, question.review_ko) == (False, True)


def test_an_option_label_change_flags_its_translations(draft: Questionnaire) -> None:
    option = AnswerOption.objects.filter(question__questionnaire=draft).first()
    option.label_en = "Not there at all"
    option.save()
    option.refresh_from_db()

    assert option.review_languages == ["de", "ko"]


def test_the_admin_flags_shows_and_filters_translations_to_review(
    staff_client: Client, draft: Questionnaire
) -> None:
    question = draft.questions.order_by("pk").first()
    data = {
        "questionnaire": draft.pk,
        "element": question.element_id,
        "stage": question.stage_id,
        "key": question.key,
        "order": question.order,
        "weight": 1,
        "lifecycle": "[]",
        "requires": "[]",
        "effort_weeks": "",
        "text_en": "A new English question?",
        "text_de": question.text_de,
        "text_ko": question.text_ko,
        "help_en": question.help_en,
        "help_de": question.help_de,
        "help_ko": question.help_ko,
        "recommendation_en": question.recommendation_en,
        "recommendation_de": question.recommendation_de,
        "recommendation_ko": question.recommendation_ko,
        "options-TOTAL_FORMS": 0,
        "options-INITIAL_FORMS": 0,
    }

    response = staff_client.post(f"/admin/maturity/question/{question.pk}/change/", data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    question.refresh_from_db()
    assert (question.review_de, question.review_ko) == (True, True)
    form = staff_client.get(f"/admin/maturity/question/{question.pk}/change/")
    assert 'name="review_de"' in form.text and 'name="review_ko"' in form.text
    flagged = staff_client.get("/admin/maturity/question/?review=de")
    assert [q.pk for q in listed(flagged)] == [question.pk]
    assert "DE, KO" in flagged.text
