"""Nobody opens or changes another organization's assessment: 404 on every URL."""

import pytest
from django.contrib.auth.models import User
from django.test import Client

from assessments.models import Answer, Assessment, Goal

pytestmark = pytest.mark.django_db


def urls(assessment: Assessment, goal: Goal | None = None) -> list[tuple[str, str, dict]]:
    pk = assessment.pk
    key = assessment.questionnaire.questions.first().key
    question = assessment.questionnaire.questions.first()
    found = [
        ("get", f"/assessments/{pk}/", {}),
        ("get", f"/assessments/{pk}/answer/action/", {}),
        ("post", f"/assessments/{pk}/answer/action/", {}),
        ("post", f"/assessments/{pk}/autosave/", {"question": question.pk, "option": "full"}),
        ("get", f"/assessments/{pk}/review/", {}),
        ("post", f"/assessments/{pk}/submit/", {}),
        ("get", f"/assessments/{pk}/result/", {}),
        ("get", f"/assessments/{pk}/roadmap/", {}),
        ("post", f"/assessments/{pk}/roadmap/", {"phase_1": 3, "phase_2": 9, "phase_3": 18}),
        ("get", f"/assessments/{pk}/goals/{key}/new/", {}),
        ("post", f"/assessments/{pk}/goals/{key}/new/", {"action": "x"}),
        ("post", f"/assessments/{pk}/copy/", {}),
    ]
    if goal is not None:
        found += [
            ("get", f"/assessments/{pk}/goals/{key}/{goal.pk}/", {}),
            ("post", f"/assessments/{pk}/goals/{goal.pk}/delete/", {}),
        ]
    return found


def test_charlie_gets_404_on_every_url_of_alices_draft(
    client: Client, charlie: User, draft: Assessment
) -> None:
    client.force_login(charlie)

    for method, url, data in urls(draft):
        response = getattr(client, method)(url, data)
        assert response.status_code == 404, (method, url)

    assert not Answer.objects.exists()
    assert Assessment.objects.get().is_draft


def test_charlie_gets_404_on_every_url_of_alices_submitted_assessment(
    client: Client, charlie: User, submitted: Assessment, alice: User
) -> None:
    question = submitted.questionnaire.questions.first()
    goal = Goal.objects.create(
        assessment=submitted,
        question=question,
        action="a",
        metric="m",
        baseline=1,
        target=2,
        due="2027-01-01",
    )
    client.force_login(charlie)

    for method, url, data in urls(submitted, goal):
        response = getattr(client, method)(url, data)
        assert response.status_code == 404, (method, url)

    assert Goal.objects.count() == 1
    assert Assessment.objects.count() == 1


def test_charlie_cannot_start_an_assessment_for_acme(
    client: Client, charlie: User, questionnaire
) -> None:
    client.force_login(charlie)

    response = client.post("/organizations/acme/assessments/new/")

    assert response.status_code == 404
    assert not Assessment.objects.exists()


def test_an_anonymous_visitor_is_sent_to_the_login_page(client: Client, draft: Assessment) -> None:
    response = client.get(f"/assessments/{draft.pk}/answer/action/")

    assert response.status_code == 302
    assert response["Location"].startswith("/login/")


def test_bob_on_alices_team_opens_her_draft(client: Client, bob: User, draft: Assessment) -> None:
    client.force_login(bob)

    assert client.get(f"/assessments/{draft.pk}/answer/action/").status_code == 200
