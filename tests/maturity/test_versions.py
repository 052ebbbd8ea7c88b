"""A published version is frozen, through the admin and through code; drafts are not."""

import pytest
from django.contrib.auth.models import User
from django.test import Client

from assessments.models import Assessment
from assessments.services import assessment_start
from maturity.models import (
    AnswerOption,
    Element,
    PublishedVersionError,
    Question,
    Questionnaire,
    Stage,
)
from maturity.services import (
    questionnaire_document,
    questionnaire_draft_from,
    questionnaire_import,
    questionnaire_publish,
)
from organizations.models import Organization
from tests.factories import make_document

pytestmark = pytest.mark.django_db


@pytest.fixture
def published() -> Questionnaire:
    return questionnaire_publish(questionnaire=questionnaire_import(document=make_document()))


@pytest.fixture
def staff_client(client: Client) -> Client:
    client.force_login(User.objects.create_superuser("ada", "ada@example.com", "x"))
    return client


def test_a_published_version_refuses_every_change_through_code(published: Questionnaire) -> None:
    question = published.questions.first()
    option = question.options.first()
    stage = published.stages.first()
    element = published.elements.first()
    attempts = [
        lambda: Questionnaire.objects.get(pk=published.pk).save(),
        lambda: published.delete(),
        lambda: Questionnaire.objects.filter(pk=published.pk).update(threshold=0.5),
        lambda: stage.save(),
        lambda: element.save(),
        lambda: question.save(),
        lambda: option.save(),
        lambda: option.delete(),
        lambda: question.delete(),
        lambda: Question.objects.filter(pk=question.pk).update(weight=9),
        lambda: AnswerOption.objects.filter(pk=option.pk).update(value=0.3),
        lambda: Element.objects.filter(questionnaire=published).delete(),
        lambda: Stage.objects.filter(pk=stage.pk).update(title_en="x"),
        lambda: Question.objects.create(
            questionnaire=published, element=element, stage=stage, key="sneaky", text_en="?"
        ),
        lambda: AnswerOption.objects.create(question=question, key="more", label_en="More"),
    ]
    before = questionnaire_document(questionnaire=published)

    for attempt in attempts:
        with pytest.raises(PublishedVersionError, match="is published and cannot be changed"):
            attempt()

    assert questionnaire_document(questionnaire=published) == before


def test_a_draft_can_be_edited_and_then_published(published: Questionnaire) -> None:
    draft = questionnaire_draft_from(questionnaire=published)
    question = draft.questions.get(key="action-crawl-0")

    question.weight = 2.0
    question.save()
    questionnaire_publish(questionnaire=draft)

    assert draft.version == 2
    assert Questionnaire.objects.latest_published() == draft
    assert published.questions.get(key="action-crawl-0").weight == 1.0


def test_a_published_version_is_view_only_in_the_admin(
    staff_client: Client, published: Questionnaire
) -> None:
    question = published.questions.first()
    data = {
        "questionnaire": published.pk,
        "element": question.element_id,
        "stage": question.stage_id,
        "key": question.key,
        "order": 0,
        "weight": 7,
        "text_en": "Changed",
        "options-TOTAL_FORMS": 0,
        "options-INITIAL_FORMS": 0,
    }

    page = staff_client.get(f"/admin/maturity/question/{question.pk}/change/")
    change = staff_client.post(f"/admin/maturity/question/{question.pk}/change/", data)
    delete = staff_client.post(f"/admin/maturity/question/{question.pk}/delete/", {"post": "yes"})
    version = staff_client.post(
        f"/admin/maturity/questionnaire/{published.pk}/delete/", {"post": "yes"}
    )

    assert page.status_code == 200 and 'name="weight"' not in page.text  # read-only view
    assert change.status_code == 403
    assert delete.status_code == 403
    assert version.status_code == 403
    question.refresh_from_db()
    assert (question.weight, question.text_en) == (1.0, "action crawl 0?")


def test_new_assessments_start_on_the_latest_published_version_and_old_ones_keep_theirs(
    published: Questionnaire, acme: Organization, alice: User
) -> None:
    old = assessment_start(organization=acme, user=alice)
    newer = questionnaire_publish(questionnaire=questionnaire_draft_from(questionnaire=published))

    new = assessment_start(organization=acme, user=alice)

    assert new.questionnaire == newer
    assert Assessment.objects.get(pk=old.pk).questionnaire == published


def test_staff_make_a_new_draft_from_a_published_version(
    staff_client: Client, published: Questionnaire
) -> None:
    response = staff_client.post(f"/admin/maturity/questionnaire/{published.pk}/new-draft/")

    draft = Questionnaire.objects.get(version=2)
    assert draft.status == Questionnaire.Status.DRAFT
    assert response["Location"] == f"/admin/maturity/questionnaire/{draft.pk}/change/"
    assert draft.questions.count() == published.questions.count()
