"""The demo has a team assessment: three respondents, a disagreement, evidence on a gate."""

from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

from assessments.models import Assessment, Evidence
from assessments.services import assessment_data
from assessments.team_demo import EVIDENCE_URL
from assessments.team_services import consolidation_rows
from maturity.services import questionnaire_ship
from tests.factories import make_document

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(tmp_path: Path, settings: Any) -> Assessment:
    settings.MEDIA_ROOT = tmp_path
    call_command("loaddata", "questionnaire", "lifecycle", verbosity=0)
    questionnaire_ship(document=make_document(version=2, gates=("privacy-crawl-0",)))
    call_command("load_demo_data", stdout=StringIO())
    return Assessment.objects.get(organization__slug="birkenhain")


def test_birkenhain_has_a_team_draft_with_three_respondents(demo: Assessment) -> None:
    assert demo.team and demo.is_draft
    assert demo.questionnaire.version == 2
    parts = {r.user.username: r.elements for r in demo.respondents.select_related("user")}
    assert parts == {
        "lena": [],
        "sven": ["data", "privacy"],
        "chris": ["methodology", "governance"],
    }
    assert demo.started_by.username == "chris"


def test_lena_and_sven_disagree_on_the_privacy_gate_which_carries_evidence(
    demo: Assessment,
) -> None:
    rows = consolidation_rows(data=assessment_data(assessment=demo), element_key="privacy")
    disputed = [row.question.key for row in rows if row.disagreement]
    assert disputed == ["privacy-crawl-0"]
    gate = Evidence.objects.get(assessment=demo)
    assert gate.question.key == "privacy-crawl-0" and gate.question.gate
    assert gate.url == EVIDENCE_URL


def test_loading_the_demo_again_adds_no_second_team_assessment(demo: Assessment) -> None:
    call_command("load_demo_data", stdout=StringIO())
    assert Assessment.objects.filter(organization__slug="birkenhain").count() == 1
