"""Builders for team assessment tests: a draft with respondents, their answers by hand."""

from django.contrib.auth.models import User
from django.test import Client

from assessments.models import Assessment, Respondent, Response
from assessments.team_services import respondent_invite_member


def login(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def ask(draft: Assessment, owner: User, user: User, *elements: str) -> Respondent:
    """`user` answers `elements` of `draft` (none: the whole questionnaire)."""
    return respondent_invite_member(
        assessment=draft, owner=owner, user=user, elements=list(elements)
    )


def respond(respondent: Respondent, choices: dict[str, str]) -> None:
    """Question key -> option key, written straight in the database."""
    questions = respondent.assessment.questionnaire.questions.prefetch_related("options")
    by_key = {q.key: q for q in questions}
    for key, option in choices.items():
        question = by_key[key]
        Response.objects.update_or_create(
            respondent=respondent,
            question=question,
            defaults={"option": question.option_by_key(option)},
        )


def respond_all(respondent: Respondent, option: str) -> None:
    questions = respondent.assessment.questionnaire.questions.select_related("element")
    respond(
        respondent,
        {q.key: option for q in questions if respondent.covers(q.element.key)},
    )
