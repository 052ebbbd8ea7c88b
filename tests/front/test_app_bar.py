"""The app bar: organizations, language, user menu, and the consultant's workspace links."""

import re

import pytest
from django.contrib.auth.models import User
from django.test import Client

from organizations.models import Membership, Organization


@pytest.fixture
def bob_client(client: Client, bob: User) -> Client:
    client.force_login(bob)
    return client


def _nav(html: str) -> str:
    match = re.search(r'<nav class="navbar[^"]*app-bar".*?</nav>', html, re.S)
    assert match, "no app bar"
    return match.group(0)


def test_alice_the_marketer_gets_her_organization_and_no_workspace_links(
    alice_client: Client,
) -> None:
    nav = _nav(alice_client.get("/").text)

    assert "Acme Outdoor" in nav
    assert 'href="/organizations/acme/lifecycle/"' in nav
    assert 'href="/clients/"' not in nav
    assert 'href="/portfolio/"' not in nav
    assert "Log out" in nav


def test_bob_the_consultant_gets_clients_compare_and_portfolio(bob_client: Client) -> None:
    nav = _nav(bob_client.get("/").text)

    assert 'href="/clients/"' in nav
    assert 'href="/compare/"' in nav
    assert 'href="/portfolio/"' in nav


def test_the_current_page_is_marked(bob_client: Client) -> None:
    nav = _nav(bob_client.get("/clients/").text)

    assert re.search(r'href="/clients/"\s+aria-current="page"', nav)
    assert not re.search(r'href="/compare/"\s+aria-current="page"', nav)


def test_the_current_organization_is_named_and_marked_in_the_switcher(
    alice_client: Client, alice: User, globex: Organization
) -> None:
    Membership.objects.create(user=alice, organization=globex)
    alice_client.get("/")  # the home page refreshes the app bar's organizations

    nav = _nav(alice_client.get("/organizations/globex/lifecycle/").text)

    assert re.search(r'href="/#organization-globex"\s+aria-current="true"', nav)
    assert 'href="/#organization-acme"' in nav
    assert re.search(r'href="/organizations/globex/lifecycle/"\s+aria-current="page"', nav)


def test_an_organization_joined_later_appears_once_the_home_page_is_seen(
    alice_client: Client, alice: User, globex: Organization
) -> None:
    Membership.objects.create(user=alice, organization=globex)

    home = alice_client.get("/")

    assert "/#organization-globex" in _nav(home.text)
    assert 'id="organization-globex"' in home.text


def test_a_visitor_gets_the_language_but_no_menu(client: Client, db: None) -> None:
    nav = _nav(client.get("/login/").text)

    assert "set_language" not in nav  # the form posts to its URL, not its name
    assert 'action="/i18n/setlang/"' in nav
    assert "app-bar-menu" not in nav


def test_the_app_bar_adds_no_query_to_a_page(
    alice_client: Client, django_assert_num_queries
) -> None:
    alice_client.get("/")
    # session, user, memberships with organizations and member counts, their assessments,
    # published questionnaire (none here): the app bar reads the session it already has
    with django_assert_num_queries(5):
        response = alice_client.get("/")

    assert response.status_code == 200
    assert "Acme Outdoor" in _nav(response.text)


def test_the_switcher_lists_eight_organizations_and_links_to_all_of_them(
    bob_client: Client, bob: User
) -> None:
    for n in range(12):
        organization = Organization.objects.create(name=f"Client {n:02d}", slug=f"client-{n:02d}")
        Membership.objects.create(
            user=bob, organization=organization, role=Membership.Role.CONSULTANT
        )
    bob_client.get("/")  # the home page refreshes the app bar's organizations

    nav = _nav(bob_client.get("/organizations/client-11/lifecycle/").text)

    assert nav.count('class="dropdown-item d-flex') == 8
    assert "All 13 organizations" in nav
    assert 'href="/#organization-client-11"' not in nav  # beyond the eight
    assert "Client 11" in nav  # but named as the current one
