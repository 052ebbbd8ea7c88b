"""The portfolio names the clients, shows quartiles only from five clients on (and says
why not before), takes each client's latest result in SQL, and does a fixed number of
queries (five once cached)."""

from datetime import date
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from hypothesis import given
from hypothesis import strategies as st

from assessments import comparison
from organizations.models import Membership, Organization
from tests.workspace.builders import clients_with_results, submit

pytestmark = pytest.mark.django_db


@pytest.fixture
def bob_client(client: Client, bob: User) -> Client:
    client.force_login(bob)
    return client


def add_clients(bob: User, chooses: list[str], name: str = "Client") -> list[Organization]:
    organizations = []
    for n, choose in enumerate(chooses):
        organization = Organization.objects.create(name=f"{name} {n}", slug=f"{name}-{n}".lower())
        Membership.objects.create(
            user=bob, organization=organization, role=Membership.Role.CONSULTANT
        )
        submit(organization, bob, choose)
        organizations.append(organization)
    return organizations


def test_the_portfolio_names_each_client_with_its_latest_result(
    bob_client: Client, bob: User, acme: Organization, alice: User, questionnaire
) -> None:
    submit(acme, alice, "full", days_ago=100)
    submit(acme, alice, "none", days_ago=1)

    response = bob_client.get("/portfolio/")

    page = response.context["page"]
    assert [(c.name, c.stage, c.score) for c in page.latest] == [("Acme Outdoor", "crawl", 0.0)]
    assert 'href="/organizations/acme/progress/">Acme Outdoor</a>' in response.text
    assert "Acme Outdoor" in page.charts["stages"]["data"][0]["text"][0]


def test_below_five_clients_there_are_no_quartiles_and_the_page_says_why(
    bob_client: Client, bob: User, questionnaire
) -> None:
    add_clients(bob, ["none", "partial", "full", "full"])

    response = bob_client.get("/portfolio/")

    page = response.context["page"]
    assert page.clients == 4
    assert page.spread == []
    assert "spread" not in page.charts
    assert "Quartiles are shown from 5 clients on" in response.text
    assert "4 clients have a result" in response.text


def test_from_five_clients_the_quartiles_are_shown(
    bob_client: Client, bob: User, questionnaire
) -> None:
    add_clients(bob, ["none", "partial", "full", "full", "full"])

    response = bob_client.get("/portfolio/")

    assert response.context["page"].spread
    assert "spread" in response.context["page"].charts
    assert "Quartiles are shown from" not in response.text


def test_two_clients_of_the_same_name_are_two_clients(
    bob_client: Client, bob: User, questionnaire
) -> None:
    for slug in ("twin-a", "twin-b"):
        twin = Organization.objects.create(name="Twin Shop", slug=slug)
        Membership.objects.create(user=bob, organization=twin, role=Membership.Role.CONSULTANT)
        submit(twin, bob)

    assert bob_client.get("/portfolio/").context["page"].clients == 2


@pytest.mark.parametrize("clients", [10, 120])
def test_the_portfolio_does_not_grow_with_clients(
    bob_client: Client, bob: User, questionnaire, clients: int, django_assert_num_queries
) -> None:
    clients_with_results(bob, clients, per_client=3)

    bob_client.get("/portfolio/")  # the page is cached once rendered

    # session, user, consultant check, which assessment is each client's latest, the
    # peer-set version (these two name the cached page)
    with django_assert_num_queries(5):
        response = bob_client.get("/portfolio/")
    assert response.text.count("<tr data-client=") == clients


@pytest.mark.parametrize("clients", [10, 120])
def test_without_a_cache_the_portfolio_does_not_grow_with_clients(
    bob_client: Client,
    bob: User,
    questionnaire,
    clients: int,
    settings: Any,
    django_assert_num_queries,
) -> None:
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    clients_with_results(bob, clients, per_client=3)

    # the 5 above, then the page: each client's latest result, the latest bank version,
    # the version, its elements' and stages' titles
    with django_assert_num_queries(10):
        response = bob_client.get("/portfolio/")
    assert response.context["page"].clients == clients
    assert response.text.count("<tr data-client=") == clients


@given(
    st.lists(
        st.lists(
            st.one_of(st.none(), st.floats(0, 100, allow_nan=False).map(lambda v: round(v, 1))),
            min_size=3,
            max_size=3,
        ),
        min_size=1,
        max_size=12,
    )
)
def test_the_portfolio_in_one_pass_equals_the_pandas_one(scores: list[list[float | None]]) -> None:
    keys = ["action", "data", "privacy"]
    entries = [
        comparison.Entry(
            id=n,
            organization=f"Client {n}",
            submitted=date(2026, 1, 1),
            result={
                "overall": {"stage": comparison.STAGES[n % 3], "score": 50.0},
                "elements": {
                    key: {"score": score, "stage": "crawl"}
                    for key, score in zip(keys, row, strict=True)
                },
            },
        )
        for n, row in enumerate(scores)
    ]

    fast = comparison.portfolio_summary(entries, keys, latest=True)
    framed = comparison.portfolio_summary(entries, keys)
    # An element no client scored has no quartiles (pandas says NaN): left out.
    scored = [row for row in framed[1] if row["clients"]]

    assert fast[0] == framed[0]
    assert [row["key"] for row in fast[1]] == [row["key"] for row in scored]
    for mine, theirs in zip(fast[1], scored, strict=True):
        assert mine == pytest.approx(theirs)
