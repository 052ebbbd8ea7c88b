"""What a submitted team assessment shows: a confidence line per element on the result and
the report, and respondents, reasons and evidence references in the JSON export."""

import json

import pytest
from django.contrib.auth.models import User

from assessments.models import Assessment, Evidence, Respondent
from assessments.services import assessment_data, assessment_submit
from assessments.team_services import Decision, consolidation_save
from organizations.models import Organization
from tests.assessments.team_builders import ask, login, respond, respond_all
from tests.factories import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def dana(acme: Organization) -> User:
    return make_user("dana", acme)


@pytest.fixture
def workshop(draft: Assessment, alice: User, bob: User, dana: User) -> Assessment:
    """Bob answers everything "full"; Dana, privacy only, says its crawl question is not in
    place (two levels from Bob: a disagreement). Alice takes "full" everywhere, with a reason
    on the disagreement, and there is evidence on two privacy questions."""
    bobs = ask(draft, alice, bob)
    danas = ask(draft, alice, dana, "privacy")
    respond_all(bobs, "full")
    respond(danas, {"privacy-crawl-0": "none", "privacy-walk-0": "full", "privacy-run-0": "full"})
    questions = {q.key: q for q in draft.questionnaire.questions.all()}
    for key in ("privacy-walk-0", "privacy-run-0"):
        Evidence.objects.create(
            assessment=draft,
            question=questions[key],
            respondent=danas,
            url=f"https://acme.example/{key}",
            name=f"Proof of {key}",
        )
    draft.refresh_from_db()
    data = assessment_data(assessment=draft)
    for element in {q.element.key for q in data.questions}:
        consolidation_save(
            data=data,
            element_key=element,
            user=alice,
            decisions=[
                Decision(
                    question=q,
                    option=q.option_by_key("full"),
                    reason="Dana showed the banner" if q.key == "privacy-crawl-0" else "",
                )
                for q in data.questions
                if q.element.key == element
            ],
        )
    return assessment_submit(assessment=draft, user=alice)


def test_the_result_shows_a_confidence_line_per_element(workshop: Assessment, bob: User) -> None:
    page = login(bob).get(f"/assessments/{workshop.pk}/result/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "Confidence per element" in text
    # privacy: 2 respondents, 1 of 3 questions disputed (not more than a third), evidence on
    # 2 of 3: medium. data: Bob alone, no evidence: low.
    assert "medium: 2 respondents, disagreeing on 1 of 3 questions, evidence on 2 of 3" in text
    assert "low: 1 respondent, evidence on 0 of 3" in text


def test_a_single_respondent_result_has_no_confidence_lines(
    submitted: Assessment, alice: User
) -> None:
    page = login(alice).get(f"/assessments/{submitted.pk}/result/")
    assert "Confidence per element" not in page.content.decode()


def test_the_confidence_line_speaks_german(workshop: Assessment, bob: User) -> None:
    client = login(bob)
    page = client.get(f"/assessments/{workshop.pk}/result/", HTTP_ACCEPT_LANGUAGE="de")
    assert "Konfidenz je Element" in page.content.decode()


def test_the_export_carries_respondents_reasons_and_evidence(
    workshop: Assessment, bob: User
) -> None:
    response = login(bob).get(f"/assessments/{workshop.pk}/export.json")
    document = json.loads(response.content)
    # the answers document stays the consolidated, scored answers
    assert set(document["answers"].values()) == {"full"}
    team = document["team"]
    assert team["respondents"] == [
        {"name": "bob", "elements": "all"},
        {"name": "dana", "elements": ["privacy"]},
    ]
    assert team["responses"]["privacy-crawl-0"] == {"bob": "full", "dana": "none"}
    assert team["reasons"] == {"privacy-crawl-0": "Dana showed the banner"}
    assert team["evidence"]["privacy-walk-0"] == [
        {
            "by": "dana",
            "name": "Proof of privacy-walk-0",
            "url": "https://acme.example/privacy-walk-0",
        }
    ]


def test_the_report_names_respondents_reasons_and_evidence(workshop: Assessment, bob: User) -> None:
    text = login(bob).get(f"/assessments/{workshop.pk}/report/").content.decode()
    assert "Respondents and evidence" in text
    assert "Dana showed the banner" in text
    assert "https://acme.example/privacy-run-0" in text
    assert "medium: 2 respondents" in text


def test_a_team_drafts_export_is_the_owners_only(draft: Assessment, alice: User, bob: User) -> None:
    ask(draft, alice, bob, "data")
    assert login(bob).get(f"/assessments/{draft.pk}/export.json").status_code == 404
    assert login(alice).get(f"/assessments/{draft.pk}/export.json").status_code == 200


def test_the_api_shows_a_respondent_no_answers_of_others(
    draft: Assessment, alice: User, bob: User, dana: User
) -> None:
    ask(draft, alice, bob)
    respond_all(Respondent.objects.get(user=bob), "full")
    ask(draft, alice, dana, "privacy")
    found = login(dana).get(f"/api/v1/assessments/{draft.pk}/").json()
    assert found["answered"] == 0  # consolidated answers only, and none yet
    assert "answers" not in found
