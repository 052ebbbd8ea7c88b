"""The clients page: each client's latest and previous results picked in SQL, a page of
clients at a time with a search, and the same queries for 10 clients as for 120."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone

from assessments.models import Assessment
from assessments.services import assessment_start
from organizations.models import Membership, Organization
from tests.factories import make_user
from tests.workspace.builders import clients_with_results, submit
from workspace.pages import CLIENTS_PER_PAGE

pytestmark = pytest.mark.django_db


@pytest.fixture
def bob_client(client: Client, bob: User) -> Client:
    client.force_login(bob)
    return client


def test_the_latest_result_is_the_last_submitted_not_the_last_started(
    bob_client: Client, acme: Organization, alice: User, questionnaire
) -> None:
    started_first = submit(acme, alice, "full", days_ago=1)
    submit(acme, alice, "none", days_ago=30)  # started later, submitted long before

    row = bob_client.get("/clients/").context["page"].rows[0]

    assert (row.score, row.stage) == (started_first.result["overall"]["score"], "run")
    assert row.previous_score == 0.0
    assert row.change == 100.0


def test_a_client_without_results_shows_dashes_and_its_drafts(
    bob_client: Client, acme: Organization, alice: User, questionnaire
) -> None:
    assessment_start(organization=acme, user=alice)
    assessment_start(organization=acme, user=alice)

    response = bob_client.get("/clients/")

    row = response.context["page"].rows[0]
    assert (row.score, row.stage, row.change, row.drafts) == (None, None, None, 2)
    assert row.last_date is not None


def test_only_the_clients_a_consultant_advises_are_listed(
    bob_client: Client, bob: User, globex: Organization, questionnaire
) -> None:
    Membership.objects.create(user=bob, organization=globex, role=Membership.Role.MARKETER)
    other = Organization.objects.create(name="Not Bobs", slug="not-bobs")
    make_user("olga", other, Membership.Role.CONSULTANT)

    names = [row.name for row in bob_client.get("/clients/").context["page"].rows]

    assert names == ["Acme Outdoor"]


def test_clients_come_a_page_at_a_time_and_can_be_searched(
    bob_client: Client, bob: User, questionnaire
) -> None:
    clients_with_results(bob, CLIENTS_PER_PAGE + 3)

    first = bob_client.get("/clients/").context["page"]
    second = bob_client.get("/clients/?page=2").context["page"]
    found = bob_client.get("/clients/?q=client 00").context["page"]

    assert len(first.rows) == CLIENTS_PER_PAGE
    assert len(second.rows) == 4  # the last three clients and Acme
    assert first.total == CLIENTS_PER_PAGE + 4
    assert [row.name for row in found.rows] == [f"Client {n:03d}" for n in range(10)]
    assert found.total == CLIENTS_PER_PAGE + 4


def test_pending_invitations_are_counted_per_client(
    bob_client: Client, bob: User, acme: Organization, questionnaire
) -> None:
    from organizations.services import invitation_create

    invitation_create(
        organization=acme, email="new@example.com", created_by=bob, link_for=lambda t: t
    )

    assert bob_client.get("/clients/").context["page"].rows[0].pending_invitations == 1


@pytest.mark.parametrize("clients", [10, 120])
def test_the_clients_page_does_not_grow_with_clients(
    bob_client: Client, bob: User, questionnaire, clients: int, django_assert_num_queries
) -> None:
    clients_with_results(bob, clients, per_client=3)
    Assessment.objects.filter(submitted_at__lt=timezone.now() - timedelta(hours=30)).update(
        status=Assessment.Status.DRAFT
    )

    bob_client.get("/clients/")  # the stage titles are cached once read

    # session, user, count (the consultant check), the page's ids, their figures (latest
    # and previous score, drafts, last activity, invitations), the latest bank version
    with django_assert_num_queries(6):
        response = bob_client.get("/clients/")
    assert len(response.context["page"].rows) == min(clients + 1, CLIENTS_PER_PAGE)
