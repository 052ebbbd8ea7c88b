"""What is frozen is cached: a published version's content, the peer set, and a submitted
result's rendered body and figures. Pages are the same with the cache on (local memory,
Redis) and off (DummyCache); a new submission shows a new peer median at once."""

import uuid
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.cache import cache, caches
from django.test import Client

from assessments.models import Assessment
from assessments.services import assessment_plan_update, assessment_start, assessment_submit
from config.env import BAD_CACHE_URL, cache_from_url
from maturity.models import Questionnaire
from maturity.services import _FROZEN as frozen_in_process
from maturity.services import questionnaire_content, questionnaire_import, questionnaire_publish
from organizations.models import Membership, Organization
from tests.factories import answer_all, make_document, make_user

pytestmark = pytest.mark.django_db

LOCMEM = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
DUMMY = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
REDIS_URL = "redis://127.0.0.1:6379/0"
# The result's live plan (drop-off, start here: never cached with the frozen result), with no
# orders import: answers, latest import, typed months, lifecycle stages, benchmarks.
LIVE_PLAN = 5


@pytest.fixture(params=["locmem", "dummy"])
def cache_on_and_off(request: pytest.FixtureRequest, settings: Any) -> str:
    settings.CACHES = LOCMEM if request.param == "locmem" else DUMMY
    cache.clear()
    return str(request.param)


def submit(organization: Organization, user: User, choose: str) -> Assessment:
    assessment = assessment_start(organization=organization, user=user)
    answer_all(assessment, choose)
    return assessment_submit(assessment=assessment, user=user)


def strangers(count: int, choose: str) -> None:
    for _ in range(count):
        n = uuid.uuid4().hex[:8]
        other = Organization.objects.create(name=f"Stranger {n}", slug=f"stranger-{n}")
        submit(other, make_user(f"stranger{n}", other), choose)


def result(client: Client, assessment: Assessment) -> Any:
    response = client.get(f"/assessments/{assessment.pk}/result/")
    assert response.status_code == 200
    return response


# -- configuration ---------------------------------------------------------------------


def test_without_a_url_the_cache_is_this_processes_memory() -> None:
    assert cache_from_url(None)["BACKEND"].endswith("LocMemCache")
    assert cache_from_url("")["BACKEND"].endswith("LocMemCache")


def test_a_redis_url_gives_djangos_redis_cache_under_the_apps_prefix() -> None:
    config = cache_from_url("redis://cache.internal:6379/2")
    assert config["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
    assert config["LOCATION"] == "redis://cache.internal:6379/2"
    assert config["KEY_PREFIX"] == "maturity"
    assert cache_from_url("dummy://")["BACKEND"].endswith("DummyCache")


def test_an_unknown_cache_url_is_refused_with_its_message() -> None:
    with pytest.raises(ValueError, match="REDIS_URL/CACHE_URL must look like"):
        cache_from_url("memcached://127.0.0.1:11211")
    assert "redis://" in BAD_CACHE_URL


# -- the pages, with the cache on and off -------------------------------------------------


def test_the_result_page_is_the_same_with_the_cache_on_and_off(
    cache_on_and_off: str, alice_client: Client, acme: Organization, alice: User, questionnaire
) -> None:
    strangers(5, "full")
    mine = submit(acme, alice, "partial")

    first, second = result(alice_client, mine), result(alice_client, mine)

    assert first.context["page"].peer == {key: 100.0 for key in first.context["page"].peer}
    for response in (first, second):
        assert 'id="chart-radar-data"' in response.text
        assert "Median of 5 other organizations" in response.text
        assert response.text.count("accordion-item") == 6  # the answers, one per element
    # the live part around the cached body is there on a warm page too
    assert "share-none" in second.text


def test_a_warm_result_page_reads_neither_answers_nor_the_peer_set(
    alice_client: Client,
    acme: Organization,
    alice: User,
    questionnaire,
    settings: Any,
    django_assert_num_queries,
) -> None:
    settings.CACHES = LOCMEM
    strangers(5, "full")
    mine = submit(acme, alice, "partial")
    result(alice_client, mine)

    # session, user, assessment (membership checked), peer-set version, the viewer's
    # organizations, the live share links, and the live plan
    with django_assert_num_queries(6 + LIVE_PLAN):
        result(alice_client, mine)


def test_without_a_cache_the_result_page_does_a_fixed_number_of_queries(
    alice_client: Client,
    acme: Organization,
    alice: User,
    questionnaire,
    settings: Any,
    django_assert_num_queries,
) -> None:
    settings.CACHES = DUMMY
    strangers(5, "full")
    mine = submit(acme, alice, "partial")

    # session, user, assessment, peer-set version, the viewer's organizations, answers, the
    # peer set, the live share links (the frozen version's content stays in the process's
    # memory whatever the cache: submitting read it), and the live plan
    with django_assert_num_queries(8 + LIVE_PLAN):
        result(alice_client, mine)


def test_a_new_submission_shows_a_new_peer_median_at_once(
    cache_on_and_off: str, alice_client: Client, acme: Organization, alice: User, questionnaire
) -> None:
    strangers(5, "none")
    mine = submit(acme, alice, "partial")
    assert set(result(alice_client, mine).context["page"].peer.values()) == {0.0}

    strangers(6, "full")  # now 6 of 11 others have everything in place

    response = result(alice_client, mine)
    assert set(response.context["page"].peer.values()) == {100.0}
    assert '"r": [100.0' in response.text or '"r":[100.0' in response.text.replace(" ", "")


def test_a_changed_target_shows_on_the_cached_result(
    alice_client: Client, acme: Organization, alice: User, questionnaire, settings: Any
) -> None:
    settings.CACHES = LOCMEM
    mine = submit(acme, alice, "none")
    assert "target Walk" in result(alice_client, mine).text  # the next stage, by default

    assessment_plan_update(
        assessment=mine,
        targets=dict.fromkeys(mine.result["elements"], "run"),
        phase_ends=[3, 9, 18],
    )

    text = result(alice_client, mine).text
    assert "target Run" in text
    assert "target Walk" not in text


def test_each_language_has_its_own_cached_result(
    alice_client: Client, acme: Organization, alice: User, questionnaire, settings: Any
) -> None:
    settings.CACHES = LOCMEM
    mine = submit(acme, alice, "partial")
    english = result(alice_client, mine).text

    alice_client.cookies["django_language"] = "de"
    german = result(alice_client, mine).text

    assert "Your answers" in english
    assert "Your answers" not in german
    assert "Action (de)" in german  # the element titles of the version, in German


def test_the_peer_line_depends_on_who_looks(
    client: Client, bob: User, acme: Organization, questionnaire, settings: Any
) -> None:
    """Cached per peer line: a viewer who created some of the others never sees the median
    rendered for a viewer who did not."""
    settings.CACHES = LOCMEM
    strangers(5, "full")
    mine = submit(acme, bob, "none")
    outsider = make_user("outsider", acme, Membership.Role.CONSULTANT)
    client.force_login(outsider)
    assert result(client, mine).context["page"].peer is not None
    for organization in Organization.objects.exclude(pk=acme.pk):
        organization.created_by = bob
        organization.save()

    client.force_login(bob)
    assert result(client, mine).context["page"].peer is None
    assert "Median of " not in result(client, mine).text


# -- published content --------------------------------------------------------------------


def test_published_content_is_read_once_then_from_the_cache(
    questionnaire: Questionnaire, settings: Any, django_assert_num_queries
) -> None:
    settings.CACHES = LOCMEM
    with django_assert_num_queries(5):  # questionnaire, stages, elements, questions, options
        questionnaire_content(questionnaire)
    with django_assert_num_queries(0):
        cached = questionnaire_content(questionnaire)
    assert len(list(cached.questions.all())) == 18
    assert all(len(q.options.all()) == 4 for q in cached.questions.all())


def test_another_process_reads_published_content_from_the_shared_cache(
    questionnaire: Questionnaire, settings: Any, django_assert_num_queries
) -> None:
    settings.CACHES = LOCMEM
    first = questionnaire_content(questionnaire)
    frozen_in_process.clear()  # as in a fresh worker process

    with django_assert_num_queries(0):
        again = questionnaire_content(questionnaire)
    assert again is not first
    assert [q.key for q in again.questions.all()] == [q.key for q in first.questions.all()]


def test_a_draft_is_never_cached_and_publishing_names_a_new_entry(
    settings: Any, django_assert_num_queries
) -> None:
    settings.CACHES = LOCMEM
    draft = questionnaire_import(document=make_document(version=7))
    questionnaire_content(draft)
    with django_assert_num_queries(5):
        questionnaire_content(draft)

    questionnaire_publish(questionnaire=draft)
    questionnaire_content(draft)
    with django_assert_num_queries(0):
        assert questionnaire_content(draft).is_published


# -- Redis --------------------------------------------------------------------------------


@pytest.fixture
def redis_cache(settings: Any) -> None:
    redis = pytest.importorskip("redis")
    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
    except redis.exceptions.ConnectionError:
        pytest.skip("no Redis at 127.0.0.1:6379")
    # A prefix of its own, so the test never reads or clears anybody else's keys.
    settings.CACHES = {
        "default": cache_from_url(REDIS_URL, prefix=f"maturity-test-{uuid.uuid4().hex}")
    }


def test_with_redis_the_result_is_cached_and_a_submission_changes_the_median(
    redis_cache: None,
    alice_client: Client,
    acme: Organization,
    alice: User,
    questionnaire,
    django_assert_num_queries,
) -> None:
    assert type(caches["default"]).__name__ == "RedisCache"
    strangers(5, "none")
    mine = submit(acme, alice, "partial")
    assert set(result(alice_client, mine).context["page"].peer.values()) == {0.0}
    with django_assert_num_queries(6 + LIVE_PLAN):
        result(alice_client, mine)

    strangers(6, "full")

    assert set(result(alice_client, mine).context["page"].peer.values()) == {100.0}
