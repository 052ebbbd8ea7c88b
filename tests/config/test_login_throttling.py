"""Login throttling: after AXES_FAILURE_LIMIT wrong passwords for one user from one address,
even the right password is refused until the cool-down ends (django-axes)."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone

from tests.factories import PASSWORD

LOCKED = "Too many failed log-ins"


def wrong(client: Client, url: str, username: str, times: int) -> list[int]:
    return [
        client.post(url, {"username": username, "password": "not-it"}).status_code
        for _ in range(times)
    ]


def test_five_wrong_passwords_lock_the_login_even_for_the_right_one(
    client: Client, alice: User, settings
) -> None:
    assert settings.AXES_FAILURE_LIMIT == 5
    assert wrong(client, "/login/", "alice", 4) == [200] * 4
    response = client.post("/login/", {"username": "alice", "password": "not-it"})
    assert response.status_code == 429
    response = client.post("/login/", {"username": "alice", "password": PASSWORD})
    assert response.status_code == 429
    assert LOCKED in response.content.decode()
    assert "15 minutes" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_admin_login_is_throttled_too(client: Client, db: None) -> None:
    User.objects.create_superuser("root", "root@example.com", PASSWORD)
    statuses = wrong(client, "/admin/login/", "root", 5)
    assert statuses[-1] == 429
    response = client.post("/admin/login/", {"username": "root", "password": PASSWORD})
    assert response.status_code == 429


def test_the_right_password_before_the_limit_logs_in_and_forgets_the_failures(
    client: Client, alice: User
) -> None:
    wrong(client, "/login/", "alice", 4)
    response = client.post("/login/", {"username": "alice", "password": PASSWORD})
    assert response.status_code == 302
    client.logout()
    # The counter started again: four more failures do not lock.
    assert wrong(client, "/login/", "alice", 4) == [200] * 4


def test_another_user_from_the_same_address_is_not_locked_out(
    client: Client, alice: User, charlie: User
) -> None:
    wrong(client, "/login/", "alice", 5)
    response = client.post("/login/", {"username": "charlie", "password": PASSWORD})
    assert response.status_code == 302


@pytest.mark.django_db
def test_the_lock_ends_after_the_cool_down(client: Client, alice: User) -> None:
    from axes.models import AccessAttempt

    wrong(client, "/login/", "alice", 5)
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=16))
    response = client.post("/login/", {"username": "alice", "password": PASSWORD})
    assert response.status_code == 302
