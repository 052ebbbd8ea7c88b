"""List endpoints do a fixed number of queries, whatever the number of rows."""

import pytest
from django.contrib.auth.models import User
from django.test import Client

from assessments.models import Assessment
from organizations.models import Membership, Organization
from tests.api.conftest import auth

pytestmark = pytest.mark.django_db

# token with its user, count for the page, the page (organizations joined to the user's
# membership for the role)
ORGANIZATIONS_LIST = 3
# token with its user, count for the page, the page (organization and questionnaire
# joined, answered and total counted in subqueries)
ASSESSMENTS_LIST = 3
# token with its user, the assessments, the element order of their versions
COMPARISON = 3


def copies(submitted: Assessment, organization: Organization, count: int) -> list[Assessment]:
    """`count` submitted assessments with the result of `submitted`, made in one query."""
    return Assessment.objects.bulk_create(
        Assessment(
            organization=organization,
            questionnaire=submitted.questionnaire,
            status=Assessment.Status.SUBMITTED,
            submitted_at=submitted.submitted_at,
            result=submitted.result,
        )
        for _ in range(count)
    )


@pytest.mark.parametrize("count", [2, 50])
def test_the_organization_list_does_the_same_queries_for_2_or_50_organizations(
    client: Client, bob: User, count: int, django_assert_num_queries
) -> None:
    organizations = Organization.objects.bulk_create(
        Organization(name=f"Client {n:02}", slug=f"client-{n}") for n in range(count - 1)
    )
    Membership.objects.bulk_create(
        Membership(user=bob, organization=o, role=Membership.Role.CONSULTANT) for o in organizations
    )
    headers = auth(bob)

    with django_assert_num_queries(ORGANIZATIONS_LIST):
        response = client.get("/api/v1/organizations/", headers=headers)

    assert len(response.json()["results"]) == count


@pytest.mark.parametrize("count", [2, 50])
def test_the_assessment_list_does_the_same_queries_for_2_or_50_assessments(
    client: Client,
    alice: User,
    acme: Organization,
    submitted: Assessment,
    count: int,
    django_assert_num_queries,
) -> None:
    copies(submitted, acme, count - 1)
    headers = auth(alice)

    with django_assert_num_queries(ASSESSMENTS_LIST):
        response = client.get("/api/v1/assessments/", headers=headers)

    results = response.json()["results"]
    assert len(results) == count
    assert {a["overall_score"] for a in results} == {50.0}


@pytest.mark.parametrize("count", [2, 50])
def test_a_filtered_assessment_list_does_the_same_queries_too(
    client: Client,
    alice: User,
    acme: Organization,
    submitted: Assessment,
    count: int,
    django_assert_num_queries,
) -> None:
    copies(submitted, acme, count - 1)
    headers = auth(alice)

    with django_assert_num_queries(ASSESSMENTS_LIST):
        response = client.get(
            "/api/v1/assessments/?organization=acme&status=submitted", headers=headers
        )

    assert len(response.json()["results"]) == count


@pytest.mark.parametrize("count", [2, 50])
def test_a_comparison_does_the_same_queries_for_2_or_50_assessments(
    client: Client,
    alice: User,
    acme: Organization,
    submitted: Assessment,
    count: int,
    django_assert_num_queries,
) -> None:
    ids = ",".join(str(a.pk) for a in [submitted, *copies(submitted, acme, count - 1)])
    headers = auth(alice)

    with django_assert_num_queries(COMPARISON):
        response = client.get(f"/api/v1/comparisons/?assessments={ids}", headers=headers)

    assert len(response.json()["assessments"]) == count


def test_a_detail_and_a_result_take_two_queries(
    client: Client, alice: User, submitted: Assessment, django_assert_num_queries
) -> None:
    headers = auth(alice)

    with django_assert_num_queries(2):
        client.get(f"/api/v1/assessments/{submitted.pk}/", headers=headers)
    with django_assert_num_queries(2):
        client.get(f"/api/v1/assessments/{submitted.pk}/result/", headers=headers)
    with django_assert_num_queries(2):
        client.get("/api/v1/organizations/acme/", headers=headers)
