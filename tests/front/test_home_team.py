"""A team draft on the home page lists its respondents, each with the answered questions of
her own part, in two queries whatever their number."""

import re

import pytest
from django.contrib.auth.models import User

from assessments.models import Assessment
from maturity.models import Question
from organizations.models import Organization
from tests.assessments.team_builders import ask, login, respond, respond_all
from tests.factories import make_user

pytestmark = pytest.mark.django_db


def shares(html: str) -> list[str]:
    return [
        re.sub(r"\s+", " ", item).strip()
        for item in re.findall(r'<li class="list-inline-item respondent-share">(.*?)</li>', html)
    ]


def test_each_respondent_shows_her_part_answered(
    draft: Assessment, alice: User, acme: Organization
) -> None:
    lena = make_user("lena", acme)
    lena.first_name, lena.last_name = "Lena", "Vogt"
    lena.save()
    sven = make_user("sven", acme)
    everything = Question.objects.filter(questionnaire=draft.questionnaire).count()
    privacy = Question.objects.filter(
        questionnaire=draft.questionnaire, element__key="privacy"
    ).count()
    assert 0 < privacy < everything
    respond_all(ask(draft, alice, lena), "partial")
    one_privacy_question = draft.questionnaire.questions.filter(element__key="privacy").first()
    assert one_privacy_question is not None
    outside = draft.questionnaire.questions.exclude(element__key="privacy").first()
    assert outside is not None
    # an answer outside her part (the part narrowed after she answered) does not count
    respond(
        ask(draft, alice, sven, "privacy"),
        {one_privacy_question.key: "full", outside.key: "full"},
    )

    page = login(alice).get("/").text

    assert shares(page) == [
        f"Lena Vogt: {everything} of {everything}",
        f"sven: 1 of {privacy}",
    ]


def test_a_single_respondent_draft_lists_nobody(draft: Assessment, alice: User) -> None:
    assert shares(login(alice).get("/").text) == []


@pytest.mark.parametrize("respondents", [1, 6])
def test_the_home_page_queries_do_not_grow_with_respondents(
    draft: Assessment,
    alice: User,
    acme: Organization,
    respondents: int,
    django_assert_num_queries,
) -> None:
    for n in range(respondents):
        respond_all(ask(draft, alice, make_user(f"respondent{n}", acme)), "mostly")
    client = login(alice)
    client.get("/")  # the version's outline is cached once read

    # session, user, memberships, assessments, questionnaire, its stages; the team draft's
    # respondents (with users and invitations), their answered questions
    with django_assert_num_queries(8):
        page = client.get("/").text
    assert len(shares(page)) == respondents
