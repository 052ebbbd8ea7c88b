from django.contrib.auth.models import User
from django.test import Client

from organizations.models import Membership, Organization
from tests.factories import make_user


def test_the_home_page_asks_an_anonymous_visitor_to_log_in(client: Client, db: None) -> None:
    response = client.get("/")

    assert response.status_code == 302
    assert response["Location"] == "/login/?next=/"


def test_alice_sees_her_organization_and_not_charlies(alice_client: Client, charlie: User) -> None:
    response = alice_client.get("/")

    assert response.status_code == 200
    assert "Acme Outdoor" in response.text
    assert "Globex Beauty" not in response.text


def test_a_consultant_sees_every_organization_he_belongs_to(
    client: Client, bob: User, globex: Organization
) -> None:
    Membership.objects.create(user=bob, organization=globex, role=Membership.Role.CONSULTANT)
    client.force_login(bob)

    response = client.get("/")

    assert "Acme Outdoor" in response.text
    assert "Globex Beauty" in response.text


def test_a_user_without_organizations_is_told_how_to_join(client: Client, db: None) -> None:
    client.force_login(make_user("dora"))

    response = client.get("/")

    assert "not a member of any organization" in response.text


def test_the_home_page_speaks_german_and_korean(alice_client: Client) -> None:
    german = alice_client.get("/", headers={"accept-language": "de"})
    korean = alice_client.get("/", headers={"accept-language": "ko"})

    assert "Willkommen" in german.text
    assert 'lang="de"' in german.text
    assert "환영합니다" in korean.text
    assert 'lang="ko"' in korean.text


def test_the_language_switcher_keeps_the_choice(alice_client: Client) -> None:
    response = alice_client.post("/i18n/setlang/", {"language": "ko", "next": "/"}, follow=True)

    assert 'lang="ko"' in response.text


def test_the_home_page_does_five_queries(alice_client: Client, django_assert_num_queries) -> None:
    # session, user, memberships with organizations and member counts, their assessments,
    # published questionnaire (none here, so no stages)
    with django_assert_num_queries(5):
        alice_client.get("/")


def test_the_home_page_queries_do_not_grow_with_organizations(
    alice_client: Client, alice: User, django_assert_num_queries
) -> None:
    for n in range(20):
        organization = Organization.objects.create(name=f"Client {n}", slug=f"client-{n}")
        Membership.objects.create(user=alice, organization=organization)
        make_user(f"colleague-{n}", organization)
    # the first visit writes the 20 new organizations into the session's app bar
    alice_client.get("/")

    with django_assert_num_queries(5):
        response = alice_client.get("/")

    assert response.text.count("organization-card") == 21
