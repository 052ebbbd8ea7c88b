"""The API cast: the people of tests/conftest.py, each with a token, and their assessments."""

import pytest
from django.contrib.auth.models import User
from rest_framework.authtoken.models import Token

from assessments.models import Assessment
from assessments.services import assessment_start, assessment_submit
from organizations.models import Organization
from tests.factories import answer_all


def auth(user: User) -> dict[str, str]:
    """Headers for a request with `user`'s API token (made on first use)."""
    token, _created = Token.objects.get_or_create(user=user)
    return {"Authorization": f"Token {token.key}"}


def make_submitted(organization: Organization, user: User, choose: str = "partial") -> Assessment:
    assessment = assessment_start(organization=organization, user=user)
    answer_all(assessment, choose)
    return assessment_submit(assessment=assessment, user=user)


@pytest.fixture
def globex_submitted(questionnaire: object, globex: Organization, charlie: User) -> Assessment:
    return make_submitted(globex, charlie)


@pytest.fixture
def globex_draft(questionnaire: object, globex: Organization, charlie: User) -> Assessment:
    return assessment_start(organization=globex, user=charlie)
