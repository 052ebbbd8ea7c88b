"""The compare page's picker: search and filters by client, date and stage, one page of
candidates at a time, the chosen ones kept ticked, the cut at 50 said out loud, and a
query count that does not grow with the number of clients."""

from datetime import timedelta
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone

from assessments.models import Assessment
from organizations.models import Membership, Organization
from tests.workspace.builders import clients_with_results, submit
from workspace.pages import MAX_COMPARED, PICKS_PER_PAGE

pytestmark = pytest.mark.django_db


@pytest.fixture
def bob_client(client: Client, bob: User) -> Client:
    client.force_login(bob)
    return client


def picked(response) -> list[int]:
    return [pick.pk for pick in response.context["page"].picks]


@pytest.fixture
def three_clients(bob: User, acme: Organization, alice: User, questionnaire) -> dict:
    globex = Organization.objects.create(name="Globex Beauty", slug="globex-b")
    initech = Organization.objects.create(name="Initech Shop", slug="initech")
    for organization in (globex, initech):
        Membership.objects.create(
            user=bob, organization=organization, role=Membership.Role.CONSULTANT
        )
    return {
        "acme_old": submit(acme, alice, "none", days_ago=200),
        "acme_new": submit(acme, alice, "full", days_ago=5),
        "globex": submit(globex, bob, "partial", days_ago=40),
        "initech": submit(initech, bob, "full", days_ago=90),
    }


def test_the_picker_filters_by_client_name(bob_client: Client, three_clients: dict) -> None:
    response = bob_client.get("/compare/?q=glob")

    assert picked(response) == [three_clients["globex"].pk]
    assert "1 more matches the filters" in response.text


def test_the_picker_filters_by_client(bob_client: Client, three_clients: dict) -> None:
    response = bob_client.get("/compare/?client=acme")

    assert set(picked(response)) == {three_clients["acme_old"].pk, three_clients["acme_new"].pk}


def test_the_picker_filters_by_stage(bob_client: Client, three_clients: dict) -> None:
    response = bob_client.get("/compare/?stage=run")

    assert set(picked(response)) == {three_clients["acme_new"].pk, three_clients["initech"].pk}


def test_the_picker_filters_by_date(bob_client: Client, three_clients: dict) -> None:
    since = (timezone.now() - timedelta(days=100)).date().isoformat()
    until = (timezone.now() - timedelta(days=10)).date().isoformat()

    response = bob_client.get(f"/compare/?since={since}&until={until}")

    assert set(picked(response)) == {three_clients["globex"].pk, three_clients["initech"].pk}


def test_a_filter_that_does_not_parse_is_left_out(bob_client: Client, three_clients: dict) -> None:
    response = bob_client.get("/compare/?since=yesterday&stage=sprint&client=nobody")

    assert response.status_code == 200
    assert len(picked(response)) == 4


def test_chosen_assessments_stay_ticked_and_leave_the_candidates(
    bob_client: Client, three_clients: dict
) -> None:
    chosen = three_clients["initech"].pk

    response = bob_client.get(f"/compare/?a={chosen}&q=acme")

    page = response.context["page"]
    assert [pick.pk for pick in page.selected] == [chosen]
    assert chosen not in picked(response)
    assert f'value="{chosen}" checked' in response.text
    assert page.table.columns[0].startswith("Initech Shop")


def test_the_candidates_come_a_page_at_a_time(bob_client: Client, bob: User, questionnaire) -> None:
    clients_with_results(bob, PICKS_PER_PAGE + 5)

    first = bob_client.get("/compare/")
    second = bob_client.get("/compare/?page=2")

    assert len(picked(first)) == PICKS_PER_PAGE
    assert len(picked(second)) == 5
    assert not set(picked(first)) & set(picked(second))
    assert 'name="page" value="2"' in first.text


def test_a_selection_past_fifty_is_cut_and_the_page_says_so(
    bob_client: Client, bob: User, questionnaire
) -> None:
    clients_with_results(bob, MAX_COMPARED + 2)
    ids = list(Assessment.objects.order_by("organization__name").values_list("pk", flat=True))

    response = bob_client.get("/compare/?" + "&".join(f"a={pk}" for pk in ids))

    page = response.context["page"]
    assert len(page.table.columns) == MAX_COMPARED
    assert len(page.selected) == MAX_COMPARED + 2
    assert page.table.cut
    assert "You selected 52 assessments; only the first 50 are compared." in response.text


def test_a_selection_of_fifty_is_not_cut(bob_client: Client, bob: User, questionnaire) -> None:
    clients_with_results(bob, MAX_COMPARED)
    ids = list(Assessment.objects.values_list("pk", flat=True))

    response = bob_client.get("/compare/?" + "&".join(f"a={pk}" for pk in ids))

    assert not response.context["page"].table.cut
    assert "only the first" not in response.text


def test_both_compare_charts_have_a_title(bob_client: Client, three_clients: dict) -> None:
    ids = f"a={three_clients['acme_old'].pk}&a={three_clients['acme_new'].pk}"

    charts = bob_client.get(f"/compare/?{ids}").context["page"].charts

    assert charts["radar"]["layout"]["title"]["text"] == "Element scores, overlaid"
    assert charts["heatmap"]["layout"]["title"]["text"] == "Element scores per assessment"


@pytest.mark.parametrize("clients", [10, 120])
def test_the_compare_page_does_not_grow_with_clients(
    bob_client: Client,
    bob: User,
    questionnaire,
    clients: int,
    settings: Any,
    django_assert_num_queries,
) -> None:
    clients_with_results(bob, clients, per_client=3)
    ids = list(Assessment.objects.values_list("pk", flat=True)[:10])

    url = "/compare/?" + "&".join(f"a={pk}" for pk in ids)
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    # without a cache: session, user, client choices, peer-set version (these two name the
    # cached page), latest bank version, the version, its elements and stages (titles),
    # chosen ones (values), their results, count and page of the picker
    with django_assert_num_queries(12):
        response = bob_client.get(url)
    assert len(response.context["page"].picks.object_list) == PICKS_PER_PAGE

    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    bob_client.get(url)
    # the page from the cache: session, user, client choices, peer-set version
    with django_assert_num_queries(4):
        cached = bob_client.get(url)
    assert cached.context is None
    assert cached.text.count('name="a"') == response.text.count('name="a"')


def test_a_clients_assessments_are_offered_oldest_first_so_the_oldest_is_the_reference(
    bob_client: Client, three_clients: dict
) -> None:
    response = bob_client.get("/compare/?client=acme")

    assert picked(response) == [three_clients["acme_old"].pk, three_clients["acme_new"].pk]
