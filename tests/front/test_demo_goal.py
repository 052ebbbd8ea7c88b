"""The demo data has a goal the lifecycle tracker measures: on each demo organization's
latest result, a roadmap item's stage rate, from the figure of the day to a fifth better."""

from decimal import Decimal
from io import StringIO

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.test import Client

from assessments.models import Assessment, Goal
from lifecycle.metrics import GOAL_RATES, LOWER_IS_BETTER, goal_value, lifecycle_snapshot
from organizations.models import Organization

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(db: None) -> None:
    call_command("loaddata", "questionnaire", "lifecycle", verbosity=0)
    call_command("load_question_bank", verbosity=0)
    call_command("load_demo_data", stdout=StringIO())


def test_each_demo_organizations_latest_result_has_a_measured_goal(demo: None) -> None:
    for slug in ("nordlicht", "hanbit"):
        organization = Organization.objects.get(slug=slug)
        latest = organization.assessments.submitted().order_by("-submitted_at").first()
        assert latest is not None
        [goal] = Goal.objects.filter(assessment__organization=organization)
        assert goal.assessment_id == latest.pk
        assert goal.lifecycle_metric in GOAL_RATES
        # its baseline is the tracker's figure, its target a fifth better
        measured = goal_value(
            goal.lifecycle_metric,
            lifecycle_snapshot(organization=organization).metrics[goal.lifecycle_metric],
        )
        assert measured is not None
        assert goal.baseline == Decimal(str(measured)).quantize(Decimal("0.01"))
        factor = Decimal("0.8") if goal.lifecycle_metric in LOWER_IS_BETTER else Decimal("1.2")
        assert goal.target == (goal.baseline * factor).quantize(Decimal("0.01"))
        # set on the day the result was submitted, due half a year later
        assert goal.created_at == latest.submitted_at
        assert (goal.due - latest.submitted_at.date()).days in (181, 182, 183)
        # an item still to do: its answer is not "fully in place"
        answer = latest.answers.select_related("option").get(question=goal.question)
        assert answer.option is None or answer.option.value is None or answer.option.value < 1


def test_the_demo_goal_shows_measured_on_the_roadmap(demo: None) -> None:
    goal = (
        Goal.objects.select_related("assessment")
        .filter(assessment__organization__slug="nordlicht")
        .get()
    )
    client = Client()
    client.force_login(User.objects.get(username="mara"))
    page = client.get(f"/assessments/{goal.assessment_id}/roadmap/").text
    shown = page.split(f'id="goal-{goal.pk}"')[1].split('<div class="goal-progress"')[1]
    assert 'data-on-track="none"' not in shown[:40]  # measured: on track or off
    assert "Measured: " in shown.split("</div>")[0]


def test_loading_the_demo_twice_keeps_one_goal(demo: None) -> None:
    before = list(Goal.objects.values_list("pk", "assessment_id", "baseline", "target"))
    call_command("load_demo_data", stdout=StringIO())
    assert list(Goal.objects.values_list("pk", "assessment_id", "baseline", "target")) == before
    assert Assessment.objects.filter(goals__isnull=False).count() == 2
