"""The question bank in fixtures/ is whole: SPEC.md section 2, in three languages."""

from collections import Counter

import pytest
from django.core.management import call_command

from maturity import interchange
from maturity.models import AnswerOption, Question, Questionnaire
from maturity.services import questionnaire_document
from maturity.translation import LANGUAGE_CODES

pytestmark = pytest.mark.django_db


@pytest.fixture
def shipped() -> Questionnaire:
    call_command("loaddata", "questionnaire", verbosity=0)
    return Questionnaire.objects.get()


def test_the_shipped_bank_is_one_published_version(shipped: Questionnaire) -> None:
    assert shipped.label == "ecommerce-maturity@1"
    assert shipped.status == Questionnaire.Status.PUBLISHED
    assert Questionnaire.objects.latest_published() == shipped
    assert shipped.threshold == 0.7


def test_the_stages_and_elements_are_the_models_in_order(shipped: Questionnaire) -> None:
    assert [s.key for s in shipped.stages.order_by("order")] == list(interchange.STAGE_KEYS)
    assert [e.key for e in shipped.elements.order_by("order")] == list(interchange.ELEMENT_KEYS)


def test_every_element_has_at_least_three_questions_at_every_stage(shipped: Questionnaire) -> None:
    cells = Counter(shipped.questions.values_list("element__key", "stage__key"))

    for element in interchange.ELEMENT_KEYS:
        for stage in interchange.STAGE_KEYS:
            assert cells[(element, stage)] >= 3, (element, stage)
    assert sum(cells.values()) >= 54


def test_every_text_is_there_in_english_german_and_korean(shipped: Questionnaire) -> None:
    # A warning (a missing translation) counts here too: the shipped bank has none.
    assert interchange.validate(questionnaire_document(questionnaire=shipped)) == []
    for question in Question.objects.all():
        for name in ("text", "help", "recommendation"):
            for code in LANGUAGE_CODES:
                assert getattr(question, f"{name}_{code}").strip(), (question.key, name, code)


def test_keys_are_unique_and_values_lie_between_0_and_1(shipped: Questionnaire) -> None:
    keys = list(shipped.questions.values_list("key", flat=True))
    assert len(keys) == len(set(keys))
    for option in AnswerOption.objects.all():
        assert option.value is None or 0 <= option.value <= 1
    for question in shipped.questions.prefetch_related("options"):
        values = [option.value for option in question.options.all()]
        assert None in values, question.key  # "not applicable" is always offered
        assert 0.0 in values and 1.0 in values, question.key


def test_each_seed_capability_has_its_question(shipped: Questionnaire) -> None:
    keys = set(shipped.questions.values_list("key", flat=True))
    for key in [
        "action-abandoned-cart-email",
        "data-page-view-tracking",
        "insights-rfm-analysis",
        "privacy-policy-online",
    ]:
        assert key in keys


def test_loading_the_fixtures_twice_changes_nothing(shipped: Questionnaire) -> None:
    before = questionnaire_document(questionnaire=shipped)

    call_command("loaddata", "questionnaire", verbosity=0)

    assert Questionnaire.objects.count() == 1
    assert questionnaire_document(questionnaire=shipped) == before
