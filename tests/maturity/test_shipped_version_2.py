"""The shipped version 2 of the question bank loads the way `make run` loads it: the first
version from its fixture, then fixtures/ecommerce-maturity-v2.yaml imported and published."""

from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from maturity import interchange
from maturity.models import Questionnaire
from maturity.services import questionnaire_document

pytestmark = pytest.mark.django_db

SHIPPED = Path(settings.BASE_DIR) / "fixtures" / "ecommerce-maturity-v2.yaml"


def set_up() -> None:
    """What the Makefile's setup target runs for the question bank."""
    call_command("loaddata", "questionnaire", "lifecycle", verbosity=0)
    call_command("load_question_bank", stdout=StringIO(), stderr=StringIO())


@pytest.mark.skipif(not SHIPPED.exists(), reason="version 2 is not shipped yet")
def test_set_up_publishes_version_2_beside_version_1() -> None:
    set_up()

    first, second = Questionnaire.objects.order_by("version")
    assert (first.label, first.status) == ("ecommerce-maturity@1", "published")
    assert (second.label, second.status) == ("ecommerce-maturity@2", "published")
    assert Questionnaire.objects.latest_published() == second
    assert second.questions.filter(gate=True).exists()


@pytest.mark.skipif(not SHIPPED.exists(), reason="version 2 is not shipped yet")
def test_the_shipped_version_2_has_no_validation_error() -> None:
    problems = interchange.validate(interchange.read_document(SHIPPED))

    assert interchange.errors(problems) == []


@pytest.mark.skipif(not SHIPPED.exists(), reason="version 2 is not shipped yet")
def test_setting_up_twice_changes_nothing() -> None:
    set_up()
    documents = [questionnaire_document(questionnaire=q) for q in Questionnaire.objects.all()]

    set_up()

    assert Questionnaire.objects.count() == 2
    assert [questionnaire_document(questionnaire=q) for q in Questionnaire.objects.all()] == (
        documents
    )
