"""Organizations: only the ones the user is a member of, with the user's role."""

import pytest
from django.contrib.auth.models import User
from django.test import Client

from organizations.models import Membership, Organization
from tests.api.conftest import auth
from tests.factories import make_user

pytestmark = pytest.mark.django_db


def test_alice_lists_only_her_organization(client: Client, alice: User, charlie: User) -> None:
    response = client.get("/api/v1/organizations/", headers=auth(alice))

    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1
    assert body["results"] == [
        {
            "id": Organization.objects.get(slug="acme").pk,
            "slug": "acme",
            "name": "Acme Outdoor",
            "role": "marketer",
        }
    ]


def test_a_consultant_of_two_clients_sees_both_with_his_own_role_once_each(
    client: Client, bob: User, alice: User, globex: Organization, charlie: User
) -> None:
    Membership.objects.create(user=bob, organization=globex, role=Membership.Role.MARKETER)

    response = client.get("/api/v1/organizations/", headers=auth(bob))

    assert [(o["slug"], o["role"]) for o in response.json()["results"]] == [
        ("acme", "consultant"),
        ("globex", "marketer"),
    ]


def test_the_organization_detail_shows_the_users_role(client: Client, bob: User) -> None:
    response = client.get("/api/v1/organizations/acme/", headers=auth(bob))

    assert response.status_code == 200
    assert response.json()["role"] == "consultant"


def test_charlie_gets_404_on_acme(client: Client, charlie: User, alice: User) -> None:
    response = client.get("/api/v1/organizations/acme/", headers=auth(charlie))

    assert response.status_code == 404


def test_an_unknown_organization_is_the_same_404_as_someone_elses(
    client: Client, charlie: User, alice: User
) -> None:
    others = client.get("/api/v1/organizations/acme/", headers=auth(charlie))
    unknown = client.get("/api/v1/organizations/initech/", headers=auth(charlie))

    assert others.status_code == unknown.status_code == 404
    assert others.json() == unknown.json()


def test_a_user_without_organizations_gets_an_empty_list(client: Client, db: None) -> None:
    response = client.get("/api/v1/organizations/", headers=auth(make_user("dora")))

    assert response.status_code == 200
    assert response.json()["results"] == []
