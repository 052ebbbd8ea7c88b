"""Gates reach the assessments: the submitted result keeps the failed ones beside the
threshold, `score` prints SPEC.md section 4's shape, and the answer page describes each level."""

import json
import re
from io import StringIO
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.test import Client

from assessments.models import Answer, Assessment
from assessments.services import assessment_start, assessment_submit
from maturity.models import Questionnaire
from organizations.models import Organization
from tests.factories import answer_all, publish

pytestmark = pytest.mark.django_db

GATES = ("privacy-crawl-0", "data-walk-0")


@pytest.fixture
def gated(db: None) -> Questionnaire:
    return publish(gates=GATES)


def choose(assessment: Assessment, key: str, option: str) -> None:
    answer = Answer.objects.get(assessment=assessment, question__key=key)
    answer.option = answer.question.options.get(key=option)
    answer.save()


def test_a_submitted_result_keeps_its_failed_gates_beside_the_threshold(
    gated: Questionnaire, acme: Organization, alice: User
) -> None:
    assessment = assessment_start(organization=acme, user=alice)
    answer_all(assessment, "full")
    choose(assessment, "data-walk-0", "partial")

    assessment_submit(assessment=assessment, user=alice)

    assessment.refresh_from_db()
    result = assessment.result
    assert result["threshold"] == 0.7
    assert result["failed_gates"] == ["data-walk-0"]
    # data walk: one question, the gate, at 0.5: walk is not achieved, and run is blocked
    assert result["elements"]["data"]["stage"] == "crawl"
    assert result["elements"]["data"]["next_stage"] == "walk"
    # overall walk attainment is (5 + 0.5) / 6, far above 0.7: the gate alone blocks it
    assert result["overall"]["attainment"]["walk"] == 0.9167
    assert result["overall"]["next_stage"] == "walk"
    assert result["overall"]["stage"] == "crawl"


def test_a_result_with_every_gate_fully_in_place_lists_none(
    gated: Questionnaire, acme: Organization, alice: User
) -> None:
    assessment = assessment_start(organization=acme, user=alice)
    answer_all(assessment, "full")

    assessment_submit(assessment=assessment, user=alice)

    assessment.refresh_from_db()
    assert assessment.result["failed_gates"] == []
    assert assessment.result["overall"]["stage"] == "run"


def test_score_prints_the_spec_shape_without_the_failed_gates(
    gated: Questionnaire, tmp_path: Path
) -> None:
    path = tmp_path / "answers.json"
    answers = {"privacy-crawl-0": "partial", "privacy-walk-0": "full"}
    path.write_text(
        json.dumps({"questionnaire": "ecommerce-maturity@1", "answers": answers}),
        encoding="utf-8",
    )
    out = StringIO()

    call_command("score", str(path), stdout=out)

    result = json.loads(out.getvalue())
    assert list(result) == ["questionnaire", "complete", "overall", "elements"]
    assert result["elements"]["privacy"]["next_stage"] == "crawl"
    assert result["elements"]["privacy"]["attainment"]["crawl"] == 0.5


def test_the_answer_page_shows_each_levels_description_beside_its_choice(
    alice_client: Client, gated: Questionnaire, acme: Organization, alice: User
) -> None:
    draft = assessment_start(organization=acme, user=alice)

    response = alice_client.get(f"/assessments/{draft.pk}/answer/privacy/")

    assert response.status_code == 200
    question = gated.questions.get(key="privacy-walk-0")
    radio = f"id_q-{question.pk}_1"
    assert re.search(
        rf'<input[^>]*id="{radio}"[^>]*aria-describedby="{radio}-description"', response.text
    ) or re.search(
        rf'<input[^>]*aria-describedby="{radio}-description"[^>]*id="{radio}"', response.text
    )
    assert (
        f'<span class="small level-description" id="{radio}-description">'
        "One of the two parts runs.</span>"
    ) in response.text
    # the gate offers no "not applicable": three levels, the others four
    assert response.text.count('class="option level-option') == 3 + 4 + 4
    assert 'data-autosave="option"' in response.text


def test_the_answer_page_describes_the_levels_in_the_active_language(
    alice_client: Client, gated: Questionnaire, acme: Organization, alice: User
) -> None:
    draft = assessment_start(organization=acme, user=alice)

    response = alice_client.get(
        f"/assessments/{draft.pk}/answer/action/", headers={"accept-language": "de"}
    )

    assert "Einer der zwei Teile läuft." in response.text
    assert "One of the two parts runs." not in response.text


def test_a_version_without_level_descriptions_shows_its_fully_in_place_help_beside_that_level(
    alice_client: Client, acme: Organization, alice: User
) -> None:
    call_command("loaddata", "questionnaire", verbosity=0)
    draft = assessment_start(organization=acme, user=alice)
    question = draft.questionnaire.questions.filter(element__key="action").first()
    assert question is not None and question.help_en.startswith("Fully in place: ")

    response = alice_client.get(f"/assessments/{draft.pk}/answer/action/")

    assert response.status_code == 200
    assert "described-levels" not in response.text
    # one compact radio list, no row of outlined buttons
    assert "btn-outline-primary" not in response.text
    assert 'class="options level-list mb-2"' in response.text
    # the help's text is the description of the level it names, said once
    rest = question.help_en.removeprefix("Fully in place: ")
    assert response.text.count(rest) == 1
    assert "Fully in place:" not in response.text
    assert 'class="small text-body-secondary mb-2 question-help"' not in response.text
