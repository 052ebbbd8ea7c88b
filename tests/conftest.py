"""The cast: Alice and Bob work for Acme (Alice markets, Bob consults), Charlie for Globex."""

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from django.conf import settings as django_settings
from django.contrib.auth.models import User
from django.core.management import call_command
from django.db import connection
from django.http import HttpResponse
from django.test import Client
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

from assessments.models import Assessment
from assessments.services import assessment_start, assessment_submit
from maturity.models import Questionnaire
from organizations.models import Membership, Organization
from tests.factories import answer_all, make_user, publish

# The machine is shared and noisy: property tests judge correctness, never speed.
hypothesis_settings.register_profile(
    "ci", deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
hypothesis_settings.load_profile("ci")


@pytest.fixture(scope="session", autouse=True)
def _compiled_messages() -> None:
    """Plain `pytest` on a fresh clone: the .mo catalogs are built, not committed."""
    catalogs = [
        po
        for folder in django_settings.LOCALE_PATHS
        for po in Path(folder).glob("*/LC_MESSAGES/django.po")
    ]
    stale = [
        po.parent.parent.name
        for po in catalogs
        if not po.with_suffix(".mo").exists()
        or po.with_suffix(".mo").stat().st_mtime < po.stat().st_mtime
    ]
    if stale:
        call_command("compilemessages", locale=stale, verbosity=0, ignore=[".venv"])


@pytest.fixture
def django_assert_num_queries() -> Callable[..., AbstractContextManager[CaptureQueriesContext]]:
    """pytest-django's fixture of this name, stricter: every test-client request inside the
    block must also answer 200. A query count taken on an error page, a 404 or a redirect to
    the login page proves nothing about the page, so the status is checked here, once, for
    every query-count test, instead of in each test (where it was forgotten)."""

    @contextmanager
    def assert_num_queries(num: int) -> Iterator[CaptureQueriesContext]:
        responses: list[HttpResponse] = []
        send = Client.request

        def recording(self: Client, **request: Any) -> HttpResponse:
            response = send(self, **request)
            responses.append(response)
            return response

        with (
            mock.patch.object(Client, "request", recording),
            CaptureQueriesContext(connection) as context,
        ):
            yield context
        not_ok = [
            f"{response.request['PATH_INFO']} answered {response.status_code}"
            for response in responses
            if response.status_code != 200
        ]
        assert not not_ok, "query count taken on a failed request: " + "; ".join(not_ok)
        queries = "\n".join(f"  {query['sql']}" for query in context.captured_queries)
        assert len(context) == num, f"{len(context)} queries, expected {num}:\n{queries}"

    return assert_num_queries


@pytest.fixture(autouse=True)
def _fast_passwords(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def acme(db: None) -> Organization:
    return Organization.objects.create(name="Acme Outdoor", slug="acme")


@pytest.fixture
def globex(db: None) -> Organization:
    return Organization.objects.create(name="Globex Beauty", slug="globex")


@pytest.fixture
def alice(acme: Organization) -> User:
    return make_user("alice", acme, Membership.Role.MARKETER)


@pytest.fixture
def bob(acme: Organization) -> User:
    return make_user("bob", acme, Membership.Role.CONSULTANT)


@pytest.fixture
def charlie(globex: Organization) -> User:
    return make_user("charlie", globex, Membership.Role.MARKETER)


@pytest.fixture
def alice_client(client: Client, alice: User) -> Client:
    client.force_login(alice)
    return client


@pytest.fixture
def questionnaire(db: None) -> Questionnaire:
    return publish()


@pytest.fixture
def draft(questionnaire: Questionnaire, acme: Organization, alice: User) -> Assessment:
    return assessment_start(organization=acme, user=alice)


@pytest.fixture
def submitted(questionnaire: Questionnaire, acme: Organization, alice: User) -> Assessment:
    assessment = assessment_start(organization=acme, user=alice)
    answer_all(assessment, "partial")
    return assessment_submit(assessment=assessment, user=alice)
