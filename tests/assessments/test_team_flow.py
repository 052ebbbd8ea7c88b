"""Team assessments end to end: invite, answer in one's own part, consolidate, submit.

Alice (marketer of Acme) owns the draft; Bob (Acme's consultant) answers everything; Dana
(Acme) answers privacy only; Erin is in Acme but not asked; Charlie is in Globex."""

import pytest
from django.contrib.auth.models import User
from django.test import Client

from assessments.models import Answer, Assessment, Consolidation, Respondent, Response
from assessments.services import ALREADY_SUBMITTED, assessment_data, assessment_submit
from assessments.team_services import (
    OUT_OF_SCOPE,
    REASON_NEEDED,
    ConsolidationInvalid,
    Decision,
    consolidation_save,
)
from organizations.models import Organization
from tests.assessments.team_builders import ask, login, respond, respond_all
from tests.factories import answer_all, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def dana(acme: Organization) -> User:
    return make_user("dana", acme)


@pytest.fixture
def erin(acme: Organization) -> User:
    return make_user("erin", acme)


@pytest.fixture
def team_draft(draft: Assessment, alice: User, bob: User, dana: User) -> Assessment:
    ask(draft, alice, bob)
    ask(draft, alice, dana, "privacy")
    draft.refresh_from_db()
    return draft


def respondent(draft: Assessment, user: User) -> Respondent:
    return Respondent.objects.get(assessment=draft, user=user)


def qid(draft: Assessment, key: str) -> int:
    return draft.questionnaire.questions.get(key=key).pk


def test_asking_a_colleague_makes_a_team_draft_and_keeps_the_owners_answers_as_hers(
    draft: Assessment, alice: User, bob: User
) -> None:
    answer_all(draft, "partial")
    ask(draft, alice, bob, "data")
    draft.refresh_from_db()
    assert draft.team
    # Answer rows hold only consolidated answers from now on
    assert not Answer.objects.filter(assessment=draft).exists()
    alices = respondent(draft, alice)
    assert alices.elements == []
    assert Response.objects.filter(respondent=alices, option__key="partial").count() == 18
    assert respondent(draft, bob).elements == ["data"]


def test_only_members_can_be_asked(draft: Assessment, alice: User, charlie: User) -> None:
    client = login(alice)
    response = client.post(f"/assessments/{draft.pk}/team/invite/", {"user": charlie.pk})
    assert response.status_code == 302
    assert not Respondent.objects.filter(assessment=draft).exists()


def test_the_owner_asks_through_the_team_page(draft: Assessment, alice: User, dana: User) -> None:
    client = login(alice)
    response = client.post(
        f"/assessments/{draft.pk}/team/invite/", {"user": dana.pk, "elements": ["privacy"]}
    )
    assert response.status_code == 302
    assert respondent(draft, dana).elements == ["privacy"]
    page = client.get(f"/assessments/{draft.pk}/team/")
    assert page.status_code == 200
    assert b"dana" in page.content
    assert b"0 of 3 answered" in page.content


def test_a_privacy_respondent_cannot_read_or_write_data_answers(
    team_draft: Assessment, bob: User, dana: User
) -> None:
    respond(respondent(team_draft, bob), {"data-crawl-0": "full"})
    client = login(dana)
    assert client.get(f"/assessments/{team_draft.pk}/answer/data/").status_code == 404
    saved = client.post(
        f"/assessments/{team_draft.pk}/autosave/",
        {"question": qid(team_draft, "data-crawl-0"), "option": "none", "seq": 1},
    )
    assert saved.status_code == 404
    assert saved.json()["error"] == str(OUT_OF_SCOPE)
    assert not Response.objects.filter(respondent__user=dana).exists()
    assert client.get(f"/assessments/{team_draft.pk}/evidence/data-crawl-0/").status_code == 404
    # her own part she answers
    page = client.get(f"/assessments/{team_draft.pk}/answer/privacy/")
    assert page.status_code == 200
    assert b"Data</span>" not in page.content  # no tab outside her part
    saved = client.post(
        f"/assessments/{team_draft.pk}/autosave/",
        {"question": qid(team_draft, "privacy-crawl-0"), "option": "full", "seq": 1},
    )
    assert saved.status_code == 200
    assert saved.json()["progress"]["total"] == 3


def test_respondents_do_not_see_each_others_answers(
    team_draft: Assessment, bob: User, dana: User
) -> None:
    respond(respondent(team_draft, bob), {"privacy-crawl-0": "none"})
    page = login(dana).get(f"/assessments/{team_draft.pk}/answer/privacy/")
    assert page.status_code == 200
    assert not page.context["form"]["q-" + str(qid(team_draft, "privacy-crawl-0"))].value()


def test_a_respondent_cannot_consolidate_review_or_submit(
    team_draft: Assessment, bob: User
) -> None:
    client = login(bob)
    pk = team_draft.pk
    assert client.get(f"/assessments/{pk}/team/consolidate/data/").status_code == 404
    assert client.post(f"/assessments/{pk}/team/invite/", {"user": bob.pk}).status_code == 404
    assert client.get(f"/assessments/{pk}/review/").status_code == 302
    assert client.post(f"/assessments/{pk}/submit/").status_code == 404
    # and her tabs offer her part, not a review she cannot do
    page = client.get(f"/assessments/{pk}/answer/data/").text
    assert f'href="/assessments/{pk}/review/"' not in page
    assert "Review and submit" not in page
    assert f'href="/assessments/{pk}/team/"' in page


@pytest.mark.parametrize("who", ["charlie", "erin"])
def test_outsiders_and_members_not_asked_get_404_everywhere(
    team_draft: Assessment, who: str, request: pytest.FixtureRequest
) -> None:
    client = login(request.getfixturevalue(who))
    pk = team_draft.pk
    question = qid(team_draft, "data-crawl-0")
    for url in [
        f"/assessments/{pk}/team/",
        f"/assessments/{pk}/team/consolidate/data/",
        f"/assessments/{pk}/answer/data/",
        f"/assessments/{pk}/evidence/data-crawl-0/",
    ]:
        assert client.get(url).status_code == 404, url
    assert (
        client.post(f"/assessments/{pk}/autosave/", {"question": question, "option": "full"})
    ).status_code == 404
    assert client.post(f"/assessments/{pk}/submit/").status_code == 404
    assert not Response.objects.filter(question_id=question).exists()


def test_consolidation_marks_disagreement_and_wants_a_reason(
    team_draft: Assessment, alice: User, bob: User, dana: User
) -> None:
    respond(respondent(team_draft, bob), {"privacy-crawl-0": "none", "privacy-walk-0": "full"})
    respond(respondent(team_draft, dana), {"privacy-crawl-0": "full", "privacy-walk-0": "full"})
    client = login(alice)
    page = client.get(f"/assessments/{team_draft.pk}/team/consolidate/privacy/")
    assert page.status_code == 200
    rows = {row.question.key: row for row in page.context["form"].rows}
    assert rows["privacy-crawl-0"].disagreement
    assert not rows["privacy-walk-0"].disagreement
    assert rows["privacy-walk-0"].suggested == "full"
    crawl, walk = qid(team_draft, "privacy-crawl-0"), qid(team_draft, "privacy-walk-0")
    refused = client.post(
        f"/assessments/{team_draft.pk}/team/consolidate/privacy/",
        {f"answer-{crawl}": "full", f"answer-{walk}": "full"},
    )
    assert refused.status_code == 200
    assert str(REASON_NEEDED) in refused.content.decode()
    assert not Answer.objects.filter(assessment=team_draft).exists()  # all or nothing
    saved = client.post(
        f"/assessments/{team_draft.pk}/team/consolidate/privacy/",
        {
            f"answer-{crawl}": "full",
            f"reason-{crawl}": "The DPO showed the policy page",
            f"answer-{walk}": "full",
        },
    )
    assert saved.status_code == 302
    answers = {a.question.key: a.option.key for a in Answer.objects.filter(assessment=team_draft)}
    assert answers == {"privacy-crawl-0": "full", "privacy-walk-0": "full"}
    assert Consolidation.objects.get(question_id=crawl).reason == "The DPO showed the policy page"


def test_only_consolidated_answers_are_scored(
    team_draft: Assessment, alice: User, bob: User, dana: User
) -> None:
    respond_all(respondent(team_draft, bob), "full")
    respond_all(respondent(team_draft, dana), "none")
    data = assessment_data(assessment=team_draft)
    assert data.values() == {}  # respondents' answers alone score nothing
    consolidation_save(
        data=data,
        element_key="privacy",
        user=alice,
        decisions=[
            Decision(question=q, option=q.option_by_key("partial"), reason="Workshop")
            for q in data.questions
            if q.element.key == "privacy"
        ],
    )
    assert set(assessment_data(assessment=team_draft).values().values()) == {0.5}


def test_consolidating_a_disagreement_without_reason_changes_nothing(
    team_draft: Assessment, alice: User, bob: User, dana: User
) -> None:
    respond(respondent(team_draft, bob), {"privacy-crawl-0": "none", "privacy-walk-0": "full"})
    respond(respondent(team_draft, dana), {"privacy-crawl-0": "na", "privacy-walk-0": "full"})
    data = assessment_data(assessment=team_draft)
    questions = {q.key: q for q in data.questions}
    with pytest.raises(ConsolidationInvalid) as refused:
        consolidation_save(
            data=data,
            element_key="privacy",
            user=alice,
            decisions=[
                Decision(
                    questions["privacy-walk-0"],
                    questions["privacy-walk-0"].option_by_key("full"),
                    "",
                ),
                Decision(
                    questions["privacy-crawl-0"],
                    questions["privacy-crawl-0"].option_by_key("none"),
                    "",
                ),
            ],
        )
    assert list(refused.value.errors) == [questions["privacy-crawl-0"].pk]
    assert not Answer.objects.filter(assessment=team_draft).exists()


def test_a_late_autosave_after_submission_is_refused_with_409_and_changes_nothing(
    team_draft: Assessment, alice: User, bob: User
) -> None:
    bobs = respondent(team_draft, bob)
    respond(bobs, {"data-crawl-0": "partial"})
    answer_all(team_draft, "full")  # as if consolidated
    assessment_submit(assessment=team_draft, user=alice)
    response = login(bob).post(
        f"/assessments/{team_draft.pk}/autosave/",
        {"question": qid(team_draft, "data-crawl-0"), "option": "none", "seq": 99},
    )
    assert response.status_code == 409
    assert response.json()["error"] == str(ALREADY_SUBMITTED)
    assert Response.objects.get(respondent=bobs, question__key="data-crawl-0").option.key == (
        "partial"
    )
    assert Answer.objects.get(assessment=team_draft, question__key="data-crawl-0").option.key == (
        "full"
    )


def test_consolidating_after_submission_is_refused(team_draft: Assessment, alice: User) -> None:
    answer_all(team_draft, "full")
    data = assessment_data(assessment=team_draft)
    assessment_submit(assessment=team_draft, user=alice)
    client = login(alice)
    response = client.get(f"/assessments/{team_draft.pk}/team/consolidate/data/")
    assert response.status_code == 404
    from assessments.services import AssessmentLocked

    question = next(q for q in data.questions if q.element.key == "data")
    with pytest.raises(AssessmentLocked):
        consolidation_save(
            data=data,
            element_key="data",
            user=alice,
            decisions=[Decision(question, question.option_by_key("none"), "late")],
        )
    assert Answer.objects.get(assessment=team_draft, question=question).option.key == "full"


def test_the_owner_submits_the_consolidated_answers(team_draft: Assessment, alice: User) -> None:
    answer_all(team_draft, "full")
    response = login(alice).post(f"/assessments/{team_draft.pk}/submit/")
    assert response.status_code == 302
    team_draft.refresh_from_db()
    assert team_draft.result["overall"]["score"] == 100.0


def test_a_new_person_invited_by_email_answers_her_part_after_signing_up(
    draft: Assessment, alice: User
) -> None:
    client = login(alice)
    response = client.post(
        f"/assessments/{draft.pk}/team/invite/",
        {"email": "dpo@acme.example", "elements": ["privacy"]},
    )
    assert response.status_code == 200
    link = response.context["created"]["link"]
    assert Respondent.objects.get(assessment=draft).invitation.email == "dpo@acme.example"
    newcomer = Client()
    signup = newcomer.post(
        link,
        {
            "username": "dpo",
            "password1": "a long pass phrase 42",
            "password2": "a long pass phrase 42",
        },
    )
    assert signup.status_code == 302
    assert newcomer.get(f"/assessments/{draft.pk}/answer/privacy/").status_code == 200
    assert newcomer.get(f"/assessments/{draft.pk}/answer/data/").status_code == 404
    assert Respondent.objects.get(assessment=draft).user.username == "dpo"


def test_inviting_a_member_by_email_is_refused(draft: Assessment, alice: User, bob: User) -> None:
    response = login(alice).post(
        f"/assessments/{draft.pk}/team/invite/", {"email": bob.email}, follow=True
    )
    assert "member of the organization already" in response.content.decode()
    assert not Respondent.objects.filter(assessment=draft).exists()


def test_the_answer_pages_own_form_saves_a_respondents_answers_in_her_part_only(
    team_draft: Assessment, dana: User
) -> None:
    client = login(dana)
    crawl = qid(team_draft, "privacy-crawl-0")
    response = client.post(
        f"/assessments/{team_draft.pk}/answer/privacy/",
        {f"q-{crawl}": "full", f"note-{crawl}": "Policy page is live", "next": ""},
    )
    assert response.status_code == 302
    saved = Response.objects.get(respondent__user=dana, question_id=crawl)
    assert (saved.option.key, saved.note) == ("full", "Policy page is live")
    assert not Answer.objects.filter(assessment=team_draft).exists()  # not consolidated
    data_q = qid(team_draft, "data-crawl-0")
    refused = client.post(f"/assessments/{team_draft.pk}/answer/data/", {f"q-{data_q}": "full"})
    assert refused.status_code == 404
    assert not Response.objects.filter(question_id=data_q).exists()


def test_the_owner_removes_a_respondent_with_her_answers(
    team_draft: Assessment, alice: User, dana: User
) -> None:
    respond(respondent(team_draft, dana), {"privacy-crawl-0": "full"})
    pk = respondent(team_draft, dana).pk
    assert (
        login(dana).post(f"/assessments/{team_draft.pk}/team/respondents/{pk}/remove/").status_code
        == 404
    )
    response = login(alice).post(f"/assessments/{team_draft.pk}/team/respondents/{pk}/remove/")
    assert response.status_code == 302
    assert not Respondent.objects.filter(pk=pk).exists()
    assert not Response.objects.filter(respondent_id=pk).exists()
    assert login(dana).get(f"/assessments/{team_draft.pk}/answer/privacy/").status_code == 404
