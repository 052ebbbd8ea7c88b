"""A goal is deleted only through the URL of the assessment it belongs to."""

import pytest
from django.contrib.auth.models import User
from django.test import Client

from assessments.models import Assessment, Goal
from assessments.services import assessment_start, assessment_submit
from organizations.models import Organization
from tests.factories import answer_all, make_goal

pytestmark = pytest.mark.django_db


def submit(organization: Organization, user: User) -> Assessment:
    assessment = assessment_start(organization=organization, user=user)
    answer_all(assessment, "none")
    return assessment_submit(assessment=assessment, user=user)


def test_a_goal_is_deleted_through_its_own_assessments_url(
    alice_client: Client, submitted: Assessment
) -> None:
    goal = make_goal(submitted)

    response = alice_client.post(f"/assessments/{submitted.pk}/goals/{goal.pk}/delete/")

    assert response.status_code == 302
    # back to its roadmap item, which is still there
    assert response["Location"] == f"/assessments/{submitted.pk}/roadmap/#item-action-crawl-0"
    assert not Goal.objects.filter(pk=goal.pk).exists()


def test_alice_cannot_delete_a_goal_of_one_assessment_through_her_other_assessments_url(
    alice_client: Client, submitted: Assessment, acme: Organization, alice: User
) -> None:
    goal = make_goal(submitted, action="Goal of the first assessment")
    other = submit(acme, alice)

    response = alice_client.post(f"/assessments/{other.pk}/goals/{goal.pk}/delete/")

    assert response.status_code == 404
    assert Goal.objects.get(pk=goal.pk).action == "Goal of the first assessment"


def test_charlie_cannot_delete_alices_goal_through_his_own_assessments_url(
    client: Client, submitted: Assessment, globex: Organization, charlie: User
) -> None:
    goal = make_goal(submitted)
    his = submit(globex, charlie)
    client.force_login(charlie)

    response = client.post(f"/assessments/{his.pk}/goals/{goal.pk}/delete/")

    assert response.status_code == 404
    assert Goal.objects.filter(pk=goal.pk, assessment=submitted).exists()
