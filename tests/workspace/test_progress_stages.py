"""Progress over time draws the stage as steps and the scores as lines, with no score band
that would make a score look like a stage."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone

from assessments.models import Assessment
from assessments.services import assessment_start, assessment_submit
from maturity.models import Questionnaire
from organizations.models import Organization
from tests.factories import answer_all

pytestmark = pytest.mark.django_db


def submit(organization: Organization, user: User, choose: str, days_ago: int) -> None:
    assessment = assessment_start(organization=organization, user=user)
    answer_all(assessment, choose)
    assessment_submit(assessment=assessment, user=user)
    when = timezone.now() - timedelta(days=days_ago)
    Assessment.objects.filter(pk=assessment.pk).update(submitted_at=when)


def test_the_overall_stage_is_drawn_as_steps_above_the_score_lines(
    alice_client: Client, acme: Organization, alice: User, questionnaire: Questionnaire
) -> None:
    submit(acme, alice, "partial", days_ago=90)
    submit(acme, alice, "full", days_ago=10)

    chart = alice_client.get("/organizations/acme/progress/").context["page"].chart

    steps, overall = chart["data"][0], chart["data"][1]
    assert steps["y"] == ["Crawl", "Run"]
    assert steps["line"]["shape"] == "hv"
    assert steps["yaxis"] == "y2"
    assert chart["layout"]["yaxis2"]["categoryarray"] == ["Crawl", "Walk", "Run"]
    assert overall["y"] == [50.0, 100.0]
    assert overall.get("yaxis", "y") == "y"


def test_no_band_of_scores_stands_for_a_stage(
    alice_client: Client, acme: Organization, alice: User, questionnaire: Questionnaire
) -> None:
    submit(acme, alice, "partial", days_ago=3)

    response = alice_client.get("/organizations/acme/progress/")

    chart = response.context["page"].chart
    assert "shapes" not in chart["layout"]
    assert "annotations" not in chart["layout"]
    assert "shaded bands" not in response.text
