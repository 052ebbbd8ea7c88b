"""The services behind share links and goals: each write has one service."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.utils import timezone

from assessments.models import Assessment, Goal
from assessments.services import (
    NOT_SUBMITTED,
    AssessmentLocked,
    goal_delete,
    goal_save,
    share_link_create,
    share_link_from_token,
    share_link_revoke,
)


def test_a_draft_cannot_be_shared(draft: Assessment, alice: User) -> None:
    with pytest.raises(AssessmentLocked, match=str(NOT_SUBMITTED)):
        share_link_create(assessment=draft, user=alice, days=7)


def test_a_share_link_opens_until_revoked_and_revoking_twice_keeps_the_first_time(
    submitted: Assessment, alice: User
) -> None:
    link = share_link_create(assessment=submitted, user=alice, days=30)
    assert link.expires_at - timezone.now() > timedelta(days=29, hours=23)
    assert share_link_from_token(link.token) == link
    first = share_link_revoke(link=link).revoked_at
    assert first is not None
    assert share_link_revoke(link=link).revoked_at == first
    assert share_link_from_token(link.token) is None


def test_a_forged_or_non_integer_token_names_no_link(submitted: Assessment) -> None:
    from django.core import signing

    assert share_link_from_token("nonsense") is None
    assert share_link_from_token(signing.dumps(True, salt="assessments.share")) is None


def test_a_goal_is_saved_checked_and_deleted_only_through_its_assessment(
    submitted: Assessment, alice: User, acme
) -> None:
    question = submitted.questionnaire.questions.first()
    goal = Goal(assessment=submitted, question=question, created_by=alice)
    values = {
        "action": "Implement cart emails",
        "metric": "conversion",
        "baseline": Decimal("1.5"),
        "target": Decimal("2.5"),
        "unit": "%",
        "due": date(2027, 6, 30),
    }
    saved = goal_save(goal=goal, values=values)
    assert Goal.objects.get(pk=saved.pk).metric == "conversion"
    with pytest.raises(ValidationError):
        goal_save(goal=saved, values={"metric": ""})
    assert Goal.objects.get(pk=saved.pk).metric == "conversion"

    other = Assessment.objects.create(organization=acme, questionnaire=submitted.questionnaire)
    assert goal_delete(assessment=other, goal_pk=saved.pk) is False
    assert Goal.objects.filter(pk=saved.pk).exists()
    assert goal_delete(assessment=submitted, goal_pk=saved.pk) is True
    assert not Goal.objects.filter(pk=saved.pk).exists()
