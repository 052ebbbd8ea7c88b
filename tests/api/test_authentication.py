"""Every endpoint needs a user: a token or a session; anonymous callers get 401."""

import pytest
from django.contrib.auth.models import User
from django.test import Client
from rest_framework.authtoken.models import Token

from assessments.models import Assessment
from tests.api.conftest import auth

pytestmark = pytest.mark.django_db


def every_url(assessment: Assessment) -> list[str]:
    return [
        "/api/v1/organizations/",
        "/api/v1/organizations/acme/",
        "/api/v1/assessments/",
        f"/api/v1/assessments/{assessment.pk}/",
        f"/api/v1/assessments/{assessment.pk}/result/",
        f"/api/v1/comparisons/?assessments={assessment.pk}",
        "/api/v1/schema/",
    ]


def test_an_anonymous_caller_gets_401_on_every_endpoint(
    client: Client, submitted: Assessment
) -> None:
    for url in every_url(submitted):
        response = client.get(url)

        assert response.status_code == 401, url
        assert response["WWW-Authenticate"] == "Token", url


def test_a_wrong_token_gets_401(client: Client, alice: User) -> None:
    response = client.get("/api/v1/organizations/", headers={"Authorization": "Token nope"})

    assert response.status_code == 401
    assert response.json() == {"detail": "Invalid token."}


def test_alices_token_opens_every_endpoint(
    client: Client, alice: User, submitted: Assessment
) -> None:
    for url in every_url(submitted):
        assert client.get(url, headers=auth(alice)).status_code == 200, url


def test_a_token_made_in_the_database_authenticates_its_user(client: Client, alice: User) -> None:
    token = Token.objects.create(user=alice)

    response = client.get("/api/v1/organizations/", headers={"Authorization": f"Token {token.key}"})

    assert response.status_code == 200
    assert [o["slug"] for o in response.json()["results"]] == ["acme"]


def test_a_logged_in_browser_session_works_too(alice_client: Client, submitted: Assessment) -> None:
    for url in every_url(submitted):
        assert alice_client.get(url).status_code == 200, url


def test_the_api_is_read_only(client: Client, alice: User, submitted: Assessment) -> None:
    for url in every_url(submitted):
        for method in ("post", "put", "patch", "delete"):
            response = getattr(client, method)(url, headers=auth(alice))

            assert response.status_code == 405, (method, url)

    assert Assessment.objects.get().result == submitted.result


def test_an_inactive_users_token_is_refused(client: Client, alice: User) -> None:
    headers = auth(alice)
    alice.is_active = False
    alice.save()

    assert client.get("/api/v1/organizations/", headers=headers).status_code == 401
