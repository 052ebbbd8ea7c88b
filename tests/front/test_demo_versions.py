"""The demo data shows both versions of the question bank: assessments on version 1, and one
carried over to version 2 with "new assessment from this one"."""

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from assessments.models import Assessment
from maturity.models import Questionnaire
from maturity.services import questionnaire_ship
from tests.factories import make_document

pytestmark = pytest.mark.django_db


def load_demo() -> None:
    call_command("load_demo_data", stdout=StringIO())


def per_version(slug: str) -> list[tuple[int, str]]:
    return sorted(
        Assessment.objects.filter(organization__slug=slug).values_list(
            "questionnaire__version", "status"
        )
    )


@pytest.fixture
def two_versions(db: None) -> Questionnaire:
    call_command("loaddata", "questionnaire", "lifecycle", verbosity=0)
    # version 2 keys its options otherwise and makes the privacy policy a gate
    document = make_document(version=2, gates=("privacy-crawl-0",))
    document["elements"][0]["questions"][0]["key"] = "action-abandoned-cart-email"
    second, _loaded = questionnaire_ship(document=document)
    return second


def test_each_demo_organization_has_version_1_assessments_and_one_carried_over_to_2(
    two_versions: Questionnaire, tmp_path: Path, settings
) -> None:
    settings.MEDIA_ROOT = tmp_path
    load_demo()

    for slug in ("nordlicht", "hanbit"):
        assert per_version(slug) == [
            (1, "draft"),
            (1, "submitted"),
            (1, "submitted"),
            (2, "submitted"),
        ]
        carried = Assessment.objects.get(organization__slug=slug, questionnaire=two_versions)
        assert carried.copied_from is not None
        assert carried.copied_from.questionnaire.version == 1
        assert carried.result["questionnaire"] == "ecommerce-maturity@2"
        assert "failed_gates" in carried.result
        # the carried-over answer kept its key from version 1
        assert carried.answers.filter(question__key="action-abandoned-cart-email").exists()


def test_loading_the_demo_twice_changes_nothing(
    two_versions: Questionnaire, tmp_path: Path, settings
) -> None:
    settings.MEDIA_ROOT = tmp_path
    load_demo()
    before = list(Assessment.objects.order_by("pk").values_list("pk", "status", "result"))

    load_demo()

    assert list(Assessment.objects.order_by("pk").values_list("pk", "status", "result")) == before


def test_with_version_1_alone_the_demo_stays_on_it(db: None, tmp_path: Path, settings) -> None:
    settings.MEDIA_ROOT = tmp_path
    call_command("loaddata", "questionnaire", "lifecycle", verbosity=0)

    load_demo()

    assert per_version("nordlicht") == [(1, "draft"), (1, "submitted"), (1, "submitted")]
