"""The peer line counts only organizations the viewer neither created nor belongs to, with
the threshold of five applied to those, so nobody can read another tenant out of it."""

from django.contrib.auth.models import User
from django.test import Client

from assessments.models import Assessment, ShareLink
from assessments.services import assessment_start, assessment_submit
from organizations.models import Organization
from organizations.services import client_create
from tests.factories import answer_all, make_user


def submit(organization: Organization, user: User, choose: str) -> Assessment:
    assessment = assessment_start(organization=organization, user=user)
    answer_all(assessment, choose)
    return assessment_submit(assessment=assessment, user=user)


def strangers(count: int, choose: str = "partial") -> None:
    """`count` organizations with nothing to do with Bob, each with one submitted result."""
    for n in range(count):
        other = Organization.objects.create(name=f"Stranger {n}", slug=f"stranger-{n}")
        submit(other, make_user(f"stranger{n}", other), choose)


def peer(client: Client, assessment: Assessment) -> dict | None:
    response = client.get(f"/assessments/{assessment.pk}/result/")
    assert response.status_code == 200
    return response.context["page"].peer


def test_clients_a_consultant_created_herself_do_not_count_as_peers(
    client: Client, bob: User, acme: Organization, questionnaire
) -> None:
    # The attack: one real other tenant, four clients of Bob's own with known answers.
    victim = Organization.objects.create(name="Victim", slug="victim")
    submit(victim, make_user("victim", victim), "partial")
    for n, choose in enumerate(["none", "none", "full", "full"]):
        own = client_create(consultant=bob, name=f"Decoy {n}")
        submit(own, bob, choose)
    mine = submit(acme, bob, "full")
    client.force_login(bob)

    assert peer(client, mine) is None


def test_a_client_created_by_the_viewer_is_left_out_even_after_she_leaves_it(
    client: Client, bob: User, acme: Organization, questionnaire
) -> None:
    strangers(4, "partial")
    decoy = client_create(consultant=bob, name="Decoy")
    submit(decoy, bob, "full")
    decoy.memberships.filter(user=bob).delete()
    mine = submit(acme, bob, "full")
    client.force_login(bob)

    assert peer(client, mine) is None  # four strangers only: below the threshold
    fifth = Organization.objects.create(name="Stranger 9", slug="stranger-9")
    submit(fifth, make_user("stranger9", fifth), "none")
    assert set(peer(client, mine).values()) == {50.0}  # median of 0, 50, 50, 50, 50


def test_five_unrelated_organizations_give_their_median(
    client: Client, bob: User, acme: Organization, questionnaire
) -> None:
    strangers(3, "partial")
    strangers_full = [Organization.objects.create(name=f"Full {n}", slug=f"full-{n}") for n in "ab"]
    for n, organization in enumerate(strangers_full):
        submit(organization, make_user(f"full{n}", organization), "full")
    mine = submit(acme, bob, "none")
    client.force_login(bob)

    line = peer(client, mine)
    assert line is not None
    assert set(line.values()) == {50.0}  # median of 50, 50, 50, 100, 100


def test_a_shared_result_shows_the_peer_line_as_its_sharer_would_see_it(
    client: Client, bob: User, acme: Organization, questionnaire
) -> None:
    strangers(4)
    decoy = client_create(consultant=bob, name="Decoy")
    submit(decoy, bob, "full")
    mine = submit(acme, bob, "full")
    client.force_login(bob)
    client.post(f"/assessments/{mine.pk}/share/", {"days": "7"})
    link = ShareLink.objects.get()
    client.logout()

    response = client.get(f"/shared/{link.token}/")
    assert response.status_code == 200
    assert response.context["page"].peer is None
