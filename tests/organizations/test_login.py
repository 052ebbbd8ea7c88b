from django.contrib.auth.models import User
from django.test import Client

from tests.factories import PASSWORD


def test_the_login_page_uses_the_app_layout(client: Client, db: None) -> None:
    response = client.get("/login/")

    assert response.status_code == 200
    assert "vendor/bootstrap/bootstrap.min.css" in response.text
    assert 'name="username"' in response.text


def test_alice_logs_in_and_lands_on_her_home_page(client: Client, alice: User) -> None:
    response = client.post("/login/", {"username": "alice", "password": PASSWORD}, follow=True)

    assert response.redirect_chain[-1][0] == "/"
    assert "Acme Outdoor" in response.text


def test_a_wrong_password_is_refused_with_a_message(client: Client, alice: User) -> None:
    response = client.post("/login/", {"username": "alice", "password": "nope"})

    assert response.status_code == 200
    assert "correct username and password" in response.text
    assert "_auth_user_id" not in client.session


def test_logging_out_takes_a_post_and_returns_to_the_login_page(alice_client: Client) -> None:
    response = alice_client.post("/logout/")

    assert response.status_code == 302
    assert response["Location"] == "/login/"
    assert alice_client.get("/").status_code == 302


def test_an_unknown_page_shows_the_apps_404_page_without_details(alice_client: Client) -> None:
    response = alice_client.get("/no/such/page/")

    assert response.status_code == 404
    assert "Page not found" in response.text
    assert "Traceback" not in response.text
