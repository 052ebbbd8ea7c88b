"""bulk_create and bulk_update cannot change a published version either; drafts they still
build and edit."""

import pytest

from maturity.models import (
    PUBLISHED_IS_FROZEN,
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
from tests.factories import make_document

pytestmark = pytest.mark.django_db

FROZEN = PUBLISHED_IS_FROZEN % {"label": "ecommerce-maturity@1"}


@pytest.fixture
def published() -> Questionnaire:
    return questionnaire_publish(questionnaire=questionnaire_import(document=make_document()))


def test_bulk_creating_rows_in_a_published_version_is_refused_and_writes_nothing(
    published: Questionnaire,
) -> None:
    question = published.questions.get(key="action-crawl-0")
    element = published.elements.get(key="action")
    stage = published.stages.get(key="crawl")
    attempts = [
        lambda: AnswerOption.objects.bulk_create(
            [AnswerOption(question=question, key="more", order=9, value=0.7, label_en="More")]
        ),
        lambda: Question.objects.bulk_create(
            [Question(questionnaire=published, element=element, stage=stage, key="x", text_en="?")]
        ),
        lambda: Element.objects.bulk_create(
            [Element(questionnaire=published, key="loyalty", title_en="Loyalty")]
        ),
        lambda: Stage.objects.bulk_create(
            [Stage(questionnaire=published, key="fly", title_en="Fly", description_en="Up")]
        ),
    ]
    before = questionnaire_document(questionnaire=published)

    for attempt in attempts:
        with pytest.raises(PublishedVersionError) as refused:
            attempt()
        assert str(refused.value) == FROZEN

    assert questionnaire_document(questionnaire=published) == before
    assert AnswerOption.objects.filter(key="more").count() == 0


def test_a_batch_with_one_option_of_a_published_version_is_refused_whole(
    published: Questionnaire,
) -> None:
    draft = questionnaire_draft_from(questionnaire=published)
    drafts_question = draft.questions.get(key="data-walk-0")
    published_question = published.questions.get(key="data-walk-0")

    with pytest.raises(PublishedVersionError):
        AnswerOption.objects.bulk_create(
            [
                AnswerOption(question=drafts_question, key="more", value=0.7, label_en="More"),
                AnswerOption(question=published_question, key="more", value=0.7, label_en="More"),
            ]
        )

    assert not AnswerOption.objects.filter(key="more").exists()


def test_bulk_updating_rows_of_a_published_version_is_refused_and_writes_nothing(
    published: Questionnaire,
) -> None:
    question = published.questions.get(key="privacy-run-0")
    option = question.options.get(key="partial")
    question.weight = 9.0
    option.value = 0.3

    with pytest.raises(PublishedVersionError) as refused_question:
        Question.objects.bulk_update([question], ["weight"])
    with pytest.raises(PublishedVersionError) as refused_option:
        AnswerOption.objects.bulk_update([option], ["value"])

    assert str(refused_question.value) == str(refused_option.value) == FROZEN
    assert Question.objects.get(pk=question.pk).weight == 1.0
    assert AnswerOption.objects.get(pk=option.pk).value == 0.5


def test_moving_a_drafts_option_into_a_published_version_by_bulk_update_is_refused(
    published: Questionnaire,
) -> None:
    draft = questionnaire_draft_from(questionnaire=published)
    option = draft.questions.get(key="insights-crawl-0").options.get(key="full")
    option.question = published.questions.get(key="governance-run-0")

    with pytest.raises(PublishedVersionError) as refused:
        AnswerOption.objects.bulk_update([option], ["question"])

    assert str(refused.value) == FROZEN
    assert AnswerOption.objects.get(pk=option.pk).question.questionnaire == draft
    assert published.questions.get(key="governance-run-0").options.count() == 4


def test_a_draft_is_still_built_and_edited_in_bulk(published: Questionnaire) -> None:
    draft = questionnaire_draft_from(questionnaire=published)  # bulk_create on a draft
    question = draft.questions.get(key="methodology-walk-0")

    AnswerOption.objects.bulk_create(
        [AnswerOption(question=question, key="most", order=4, value=0.8, label_en="Mostly")]
    )
    question.weight = 3.0
    Question.objects.bulk_update([question], ["weight"])

    assert draft.version == 2
    assert list(question.options.values_list("key", flat=True)) == [
        "none",
        "partial",
        "full",
        "na",
        "most",
    ]
    assert Question.objects.get(pk=question.pk).weight == 3.0
    assert published.questions.get(key="methodology-walk-0").options.count() == 4
