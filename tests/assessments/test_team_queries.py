"""Every team page and endpoint does the same queries with 1 or 10 respondents (each with
answers and evidence). The published version's content is cached, so it costs none."""

import pytest
from django.contrib.auth.models import User
from django.test import Client

from assessments.models import Assessment, Evidence, Respondent
from assessments.services import assessment_submit
from organizations.models import Organization
from tests.assessments.team_builders import ask, login, respond_all
from tests.factories import answer_all, make_user

pytestmark = pytest.mark.django_db

SESSION_USER_ASSESSMENT = 3  # session, user, the assessment (membership in the same query)


@pytest.fixture(params=[1, 10], ids=["1 respondent", "10 respondents"])
def team(request: pytest.FixtureRequest, draft: Assessment, alice: User, acme: Organization):
    """The draft with n respondents, every other one on privacy only, all answered (each a
    different level, so they disagree), each with evidence on a privacy question."""
    users = [make_user(f"respondent{i}", acme) for i in range(request.param)]
    for i, user in enumerate(users):
        respondent = ask(draft, alice, user, *(["privacy"] if i % 2 else []))
        respond_all(respondent, ["none", "partial", "full", "na"][i % 4])
        Evidence.objects.create(
            assessment=draft,
            question=draft.questionnaire.questions.get(key="privacy-crawl-0"),
            respondent=respondent,
            url=f"https://evidence.example/{i}",
        )
    draft.refresh_from_db()
    return draft, users[0]


def twice(client: Client, url: str) -> None:
    """The first request fills the caches (version content, outline); the second counts."""
    assert client.get(url).status_code == 200


def test_the_owners_team_page(team, alice: User, django_assert_num_queries) -> None:
    draft, _first = team
    client = login(alice)
    url = f"/assessments/{draft.pk}/team/"
    twice(client, url)
    # + consolidated answers, respondents with users and invitations, respondents' answers,
    # the members offered in the invitation form
    with django_assert_num_queries(SESSION_USER_ASSESSMENT + 4):
        client.get(url)


def test_the_consolidation_page(team, alice: User, django_assert_num_queries) -> None:
    draft, _first = team
    client = login(alice)
    url = f"/assessments/{draft.pk}/team/consolidate/privacy/"
    twice(client, url)
    # + consolidated answers, respondents, their answers to the element, evidence with who
    # added it, reasons
    with django_assert_num_queries(SESSION_USER_ASSESSMENT + 5):
        client.get(url)


def test_the_team_review_page(team, alice: User, django_assert_num_queries) -> None:
    draft, _first = team
    client = login(alice)
    url = f"/assessments/{draft.pk}/review/"
    twice(client, url)
    with django_assert_num_queries(SESSION_USER_ASSESSMENT + 1):  # + consolidated answers
        client.get(url)


def test_a_respondents_answer_page_and_part(team, django_assert_num_queries) -> None:
    draft, first = team
    client = login(first)
    url = f"/assessments/{draft.pk}/answer/privacy/"
    twice(client, url)
    # + her place among respondents, her answers, her evidence counts, the owner's name
    with django_assert_num_queries(SESSION_USER_ASSESSMENT + 4):
        client.get(url)
    url = f"/assessments/{draft.pk}/team/"
    twice(client, url)
    # + consolidated answers, her place among respondents, her answered questions
    with django_assert_num_queries(SESSION_USER_ASSESSMENT + 3):
        client.get(url)


def test_a_respondents_autosave(team, django_assert_num_queries) -> None:
    draft, first = team
    client = login(first)
    question = draft.questionnaire.questions.get(key="privacy-walk-0").pk
    url = f"/assessments/{draft.pk}/autosave/"
    assert client.post(url, {"question": question, "option": "full", "seq": 1}).status_code == 200
    # + her place, SAVEPOINT, the draft's last change (locks it), her answer read and
    # written, RELEASE, her answered questions
    with django_assert_num_queries(SESSION_USER_ASSESSMENT + 7):
        client.post(url, {"question": question, "option": "none", "seq": 2})


def test_the_evidence_page(team, alice: User, django_assert_num_queries) -> None:
    draft, _first = team
    client = login(alice)
    url = f"/assessments/{draft.pk}/evidence/privacy-crawl-0/"
    twice(client, url)
    # + the question, the owner's place among respondents, the evidence with who added it
    with django_assert_num_queries(SESSION_USER_ASSESSMENT + 3):
        client.get(url)


@pytest.fixture
def submitted_team(team, alice: User) -> Assessment:
    draft, _first = team
    answer_all(draft, "full")
    return assessment_submit(assessment=draft, user=alice)


def test_the_team_result_with_its_confidence_lines(
    submitted_team: Assessment, alice: User, django_assert_num_queries
) -> None:
    client = login(alice)
    url = f"/assessments/{submitted_team.pk}/result/"
    twice(client, url)
    # the result's own 7: the whole page is cached, confidence lines included (a submitted
    # team assessment's answers and evidence no longer change)
    with django_assert_num_queries(7):
        response = client.get(url)
    assert response.text.count("data-confidence=") == 6


def test_the_team_report_and_export(
    submitted_team: Assessment, alice: User, django_assert_num_queries
) -> None:
    client = login(alice)
    url = f"/assessments/{submitted_team.pk}/report/"
    twice(client, url)
    # the report's own 13, + respondents, reasons and evidence: answers, respondents, their
    # answers, reasons, evidence; + the confidence lines: answers, their answers, evidence
    with django_assert_num_queries(13 + 5 + 3):
        client.get(url)
    url = f"/assessments/{submitted_team.pk}/export.json"
    twice(client, url)
    # the export's own 4, + answers, respondents, their answers, reasons, evidence
    with django_assert_num_queries(4 + 5):
        client.get(url)


def test_the_respondent_count_is_what_the_fixture_says(team) -> None:
    draft, _first = team
    assert Respondent.objects.filter(assessment=draft).count() in (1, 10)
