"""Whole pages and the app bar from the cache (core.page_cache): each request gets its own
CSRF token and address, each user her own app bar, and a page changes as soon as anything
it shows changes; a shared cache names the release in every key."""

import re
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from assessments.models import Assessment, ShareLink
from config.env import cache_from_url
from core import page_cache
from organizations.models import Membership, Organization
from tests.factories import make_user
from tests.workspace.builders import clients_with_results, submit

pytestmark = pytest.mark.django_db

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@pytest.fixture(autouse=True)
def _locmem(settings: Any) -> None:
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    cache.clear()


def result_url(assessment: Assessment) -> str:
    return f"/assessments/{assessment.pk}/result/"


def csrf_client(user: User) -> Client:
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    return client


def tokens(html: str) -> set[str]:
    return set(TOKEN.findall(html))


def test_a_cached_result_page_carries_the_requests_own_working_token(
    submitted: Assessment, alice: User
) -> None:
    client = csrf_client(alice)
    first = client.get(result_url(submitted))
    second = client.get(result_url(submitted))
    assert first.status_code == second.status_code == 200

    assert second.context is None  # from the cache, not rendered
    assert page_cache.CSRF_PLACEHOLDER not in second.text
    assert page_cache.PATH_PLACEHOLDER not in second.text
    # every form of the page (share, copy, language, log out) has a token, each masked anew
    assert len(TOKEN.findall(second.text)) >= 4
    assert tokens(first.text).isdisjoint(tokens(second.text))
    # and it is accepted: the share form of the cached page creates a link
    token = TOKEN.findall(second.text)[0]
    created = client.post(
        f"/assessments/{submitted.pk}/share/", {"days": "7", "csrfmiddlewaretoken": token}
    )
    assert created.status_code == 302
    assert ShareLink.objects.filter(assessment=submitted).count() == 1


def test_the_language_switcher_sends_back_to_the_address_asked_for(
    submitted: Assessment, alice: User
) -> None:
    client = csrf_client(alice)
    client.get(result_url(submitted))
    page = client.get(result_url(submitted) + "?from=home").text

    assert f'name="next" value="{result_url(submitted)}?from=home"' in page


def test_each_user_sees_her_own_app_bar_on_the_same_result(
    submitted: Assessment, alice: User, bob: User
) -> None:
    bob.first_name, bob.last_name = "Bob", "Berater"
    bob.save()
    for user in (alice, bob, alice, bob):
        client = Client()
        client.force_login(user)
        page = client.get(result_url(submitted)).text
        own = "Bob Berater" if user == bob else "alice"
        other = "alice" if user == bob else "Bob Berater"
        assert re.search(rf"Account:</span>\s*{own}\s*<", page), user
        assert not re.search(rf"Account:</span>\s*{other}\s*<", page)
        # Bob consults: his app bar has the workspace links, Alice's has not
        assert ('href="/portfolio/"' in page) == (user == bob)


def test_a_new_share_link_shows_on_the_cached_page_and_an_expired_one_leaves_it(
    submitted: Assessment, alice_client: Client
) -> None:
    assert "share-none" in alice_client.get(result_url(submitted)).text
    assert "share-none" in alice_client.get(result_url(submitted)).text  # cached

    response = alice_client.post(f"/assessments/{submitted.pk}/share/", {"days": "30"})
    after = alice_client.get(response["Location"]).text
    assert "The share link is ready" in after  # the message, shown once
    again = alice_client.get(result_url(submitted)).text
    assert "The share link is ready" not in again
    assert "share-none" not in again
    assert again.count('class="list-group-item share-link"') == 1

    # nothing is saved when a link runs out: the page asks which links are live
    ShareLink.objects.update(expires_at=timezone.now() - timedelta(minutes=1))
    assert "share-none" in alice_client.get(result_url(submitted)).text


def test_a_message_is_shown_once_on_a_page_that_is_otherwise_cached(
    submitted: Assessment, alice_client: Client
) -> None:
    alice_client.get(result_url(submitted))
    alice_client.get(result_url(submitted))
    link = ShareLink.objects.create(
        assessment=submitted, expires_at=timezone.now() + timedelta(days=3)
    )
    response = alice_client.post(f"/assessments/{submitted.pk}/share/{link.pk}/revoke/")
    shown = alice_client.get(response["Location"]).text
    assert "The share link is revoked" in shown
    assert "The share link is revoked" not in alice_client.get(result_url(submitted)).text


def test_the_organizations_new_name_shows_on_the_cached_result(
    submitted: Assessment, alice_client: Client, acme: Organization
) -> None:
    assert "Acme Outdoor" in alice_client.get(result_url(submitted)).text
    Organization.objects.filter(pk=acme.pk).update(name="Acme Trails")
    assert "Acme Trails" in alice_client.get(result_url(submitted)).text


def test_the_cached_portfolio_follows_a_renamed_client_and_a_new_client(
    bob: User, questionnaire: Any
) -> None:
    clients_with_results(bob, 3, per_client=1)
    client = Client()
    client.force_login(bob)
    before = client.get("/portfolio/").text
    assert before.count("<tr data-client=") == 3
    again = client.get("/portfolio/")
    assert again.context is None  # from the cache: the same page, but for the tokens
    assert TOKEN.sub("", again.text) == TOKEN.sub("", before)

    renamed = Organization.objects.filter(memberships__user=bob).exclude(slug="acme").first()
    assert renamed is not None
    Organization.objects.filter(pk=renamed.pk).update(name="Renamed Client")
    assert "Renamed Client" in client.get("/portfolio/").text

    clients_with_results(bob, 1, per_client=1, prefix="Late")
    assert client.get("/portfolio/").text.count("<tr data-client=") == 4


def test_the_app_bars_log_out_works_with_a_cached_menu(alice: User) -> None:
    client = csrf_client(alice)
    client.get("/")
    home = client.get("/").text  # the menu is cached; the page around it is not
    assert page_cache.CSRF_PLACEHOLDER not in home
    [token] = [t for t in TOKEN.findall(home)][-1:]
    response = client.post("/logout/", {"csrfmiddlewaretoken": token})
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_the_app_bar_follows_a_new_membership(
    submitted: Assessment, alice: User, globex: Organization
) -> None:
    client = Client()
    client.force_login(alice)
    roadmap = f"/assessments/{submitted.pk}/roadmap/"
    for url in (result_url(submitted), roadmap):  # a cached page, a cached menu
        client.get(url)
        assert "Globex Beauty" not in client.get(url).text
    Membership.objects.create(user=alice, organization=globex, role=Membership.Role.MARKETER)
    # the home page reloads the memberships into the session; the app bar follows
    client.get("/")
    for url in (result_url(submitted), roadmap):
        assert "Globex Beauty" in client.get(url).text, url


def test_a_page_whose_app_bar_is_not_in_the_session_yet_is_rendered(
    submitted: Assessment, alice: User
) -> None:
    client = Client()
    client.force_login(alice)
    session = client.session
    session.pop(page_cache.APP_BAR_SESSION_KEY, None)
    session.save()
    request_free = client.get(result_url(submitted))
    assert request_free.status_code == 200
    assert request_free.context is not None  # rendered: it loads the app bar


# -- the release in every shared key ------------------------------------------------------


def test_a_shared_cache_names_the_release_in_every_key() -> None:
    config = cache_from_url("redis://127.0.0.1:6379/0")
    assert config["KEY_FUNCTION"] == "core.page_cache.cache_key"
    assert page_cache.cache_key("k", "maturity", 1) == f"maturity:{page_cache.release()}:1:k"


def test_the_release_changes_with_a_template(tmp_path: Path, settings: Any) -> None:
    (tmp_path / "templates").mkdir()
    template = tmp_path / "templates" / "page.html"
    template.write_text("<p>one</p>")
    settings.BASE_DIR = tmp_path
    settings.LOCALE_PATHS = []
    settings.STATIC_ROOT = tmp_path / "static"
    try:
        page_cache.release.cache_clear()
        before = page_cache.release()
        template.write_text("<p>two</p>")
        page_cache.release.cache_clear()
        after = page_cache.release()
    finally:
        page_cache.release.cache_clear()
    assert before != after


def test_the_release_names_the_static_manifest(tmp_path: Path, settings: Any) -> None:
    settings.BASE_DIR = tmp_path
    settings.LOCALE_PATHS = []
    settings.STATIC_ROOT = tmp_path / "static"
    settings.STATIC_ROOT.mkdir()
    manifest = settings.STATIC_ROOT / "staticfiles.json"
    try:
        page_cache.release.cache_clear()
        without = page_cache.release()
        manifest.write_text('{"paths": {"css/app.css": "css/app.0123.css"}}')
        page_cache.release.cache_clear()
        first = page_cache.release()
        manifest.write_text('{"paths": {"css/app.css": "css/app.4567.css"}}')
        page_cache.release.cache_clear()
        second = page_cache.release()
    finally:
        page_cache.release.cache_clear()
    assert len({without, first, second}) == 3


def test_a_new_name_shows_in_the_app_bar_of_cached_pages(
    submitted: Assessment, acme: Organization
) -> None:
    dora = make_user("dora", acme, Membership.Role.MARKETER)  # not who submitted
    client = Client()
    client.force_login(dora)
    for url in (result_url(submitted), "/"):  # a whole cached page, a cached menu
        client.get(url)
        client.get(url)
    User.objects.filter(pk=dora.pk).update(first_name="Dora", last_name="Daum")
    for url in (result_url(submitted), "/"):
        assert re.search(r"Account:</span>\s*Dora Daum\s*<", client.get(url).text), url


def test_another_member_sees_the_page_with_her_own_name(
    submitted: Assessment, acme: Organization
) -> None:
    dora = make_user("dora", acme, Membership.Role.MARKETER)
    client = Client()
    client.force_login(dora)
    assert re.search(r"Account:</span>\s*dora\s*<", client.get(result_url(submitted)).text)


def test_the_cached_compare_page_offers_a_new_submission_and_a_new_name(
    bob: User, alice: User, acme: Organization, submitted: Assessment
) -> None:
    client = Client()
    client.force_login(bob)
    client.get("/compare/")
    before = client.get("/compare/").text
    assert before.count('name="a" value=') == 1

    newer = submit(acme, alice, "full")
    after = client.get("/compare/").text
    assert after.count('name="a" value=') == 2
    assert f'value="{newer.pk}"' in after

    Organization.objects.filter(pk=acme.pk).update(name="Acme Trails")
    assert "Acme Trails" in client.get("/compare/").text
