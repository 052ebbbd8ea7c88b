"""What is frozen is cached: a published version's content, the peer set, and a submitted
result's rendered body and figures. Pages are the same with the cache on (local memory,
Redis) and off (DummyCache); a new submission shows a new peer median at once."""

import re
import uuid
from datetime import date
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.cache import cache, caches
from django.core.management import call_command
from django.test import Client

from assessments.models import Assessment, Goal
from assessments.services import assessment_plan_update, assessment_start, assessment_submit
from config.env import BAD_CACHE_URL, cache_from_url
from lifecycle.models import Benchmark, PeriodFigures
from lifecycle.services import orders_import_start, period_figures_save
from maturity.models import Questionnaire
from maturity.services import _FROZEN as frozen_in_process
from maturity.services import questionnaire_content, questionnaire_import, questionnaire_publish
from organizations.models import Membership, Organization
from tests.factories import answer_all, make_document, make_user
from tests.lifecycle.files import upload

pytestmark = pytest.mark.django_db

LOCMEM = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
DUMMY = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
REDIS_URL = "redis://127.0.0.1:6379/0"
# The result's live plan (drop-off, start here: cached apart from the frozen result, under
# the version of the organization's lifecycle figures), with no orders import, when it is not
# cached: answers, latest import, typed months, lifecycle stages, benchmarks.
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
    # organizations, the live share links, the version of the organization's lifecycle
    # figures, which names the cached live plan
    with django_assert_num_queries(7):
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
    # memory whatever the cache: submitting read it), the version of the organization's
    # lifecycle figures, and the live plan
    with django_assert_num_queries(9 + LIVE_PLAN):
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


def test_a_deleted_submission_shows_a_new_peer_median_at_once(
    cache_on_and_off: str, alice_client: Client, acme: Organization, alice: User, questionnaire
) -> None:
    strangers(3, "full")
    strangers(3, "none")  # the latest submissions
    mine = submit(acme, alice, "partial")
    assert set(result(alice_client, mine).context["page"].peer.values()) == {50.0}

    # an early one deleted: neither the latest submission nor a publication changes
    Assessment.objects.submitted().exclude(pk=mine.pk).order_by("submitted_at").first().delete()

    assert set(result(alice_client, mine).context["page"].peer.values()) == {0.0}


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


# -- the live plan and the roadmap, cached under the organization's lifecycle figures ------


@pytest.fixture
def lifecycle_reference(db: None) -> None:
    call_command("loaddata", "lifecycle", verbosity=0)


NO_FIGURES = "No lifecycle figures yet"
DROP_OFF = "drop off most at <strong>Acquisition</strong>"
NO_DROP_OFF = "No drop-off stage"
MARCH, APRIL = date(2026, 3, 1), date(2026, 4, 1)


def without_tokens(html: str) -> str:
    """A page without its form tokens, which change with every request."""
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)


def roadmap(client: Client, assessment: Assessment) -> Any:
    response = client.get(f"/assessments/{assessment.pk}/roadmap/")
    assert response.status_code == 200
    return response


def test_the_live_plan_follows_typed_figures_and_the_benchmarks(
    cache_on_and_off: str,
    lifecycle_reference: None,
    alice_client: Client,
    acme: Organization,
    alice: User,
    questionnaire,
) -> None:
    mine = submit(acme, alice, "partial")
    assert NO_FIGURES in result(alice_client, mine).text
    assert NO_FIGURES in result(alice_client, mine).text  # cached

    # a new month: conversion 5 of 1,000 sessions, far below the 2.5 % benchmark
    period_figures_save(organization=acme, rows=[{"month": APRIL, "visitors": 1000, "orders": 5}])
    assert DROP_OFF in result(alice_client, mine).text

    # the month before, typed since: 5 of 100, above it; April is still the latest
    period_figures_save(organization=acme, rows=[{"month": MARCH, "visitors": 100, "orders": 5}])
    assert DROP_OFF in result(alice_client, mine).text

    # April deleted (March keeps the latest change: only the number of months tells)
    PeriodFigures.objects.filter(organization=acme, month=APRIL).delete()
    assert NO_DROP_OFF in result(alice_client, mine).text

    # the benchmark raised in the admin (a save: the reference data's version)
    benchmark = Benchmark.objects.get(key="conversion")
    benchmark.value = 0.5
    benchmark.save()
    assert DROP_OFF in result(alice_client, mine).text

    # March changed: 50 of 100 is above even that
    period_figures_save(organization=acme, rows=[{"month": MARCH, "orders": 50}])
    assert NO_DROP_OFF in result(alice_client, mine).text

    # every month deleted
    PeriodFigures.objects.filter(organization=acme).delete()
    assert NO_FIGURES in result(alice_client, mine).text


def test_the_live_plan_follows_a_new_import(
    cache_on_and_off: str,
    lifecycle_reference: None,
    alice_client: Client,
    acme: Organization,
    alice: User,
    questionnaire,
) -> None:
    mine = submit(acme, alice, "partial")
    period_figures_save(organization=acme, rows=[{"month": MARCH, "visitors": 100}])
    assert NO_FIGURES in result(alice_client, mine).text

    # March's orders from a file: 5 orders of 100 sessions, above the benchmark
    orders = "".join(f"c{n},2026-03-0{n},10\n" for n in range(1, 6))
    orders_import_start(
        organization=acme, user=None, upload=upload("customer_id,order_date,amount\n" + orders)
    )
    assert NO_DROP_OFF in result(alice_client, mine).text

    # a newer file: 1 order in March, below it
    orders_import_start(
        organization=acme,
        user=None,
        upload=upload("customer_id,order_date,amount\nz,2026-03-02,10\n"),
    )
    assert DROP_OFF in result(alice_client, mine).text


def test_the_roadmap_follows_figures_targets_and_goals(
    cache_on_and_off: str,
    lifecycle_reference: None,
    alice_client: Client,
    acme: Organization,
    alice: User,
    questionnaire,
) -> None:
    mine = submit(acme, alice, "none")
    first = roadmap(alice_client, mine).text
    assert "show no drop-off stage" in first
    assert without_tokens(roadmap(alice_client, mine).text) == without_tokens(first)

    period_figures_save(organization=acme, rows=[{"month": MARCH, "visitors": 1000, "orders": 5}])
    assert DROP_OFF in roadmap(alice_client, mine).text

    # a goal, then the same goal changed (a goal keeps no time of change)
    question = mine.questionnaire.questions.order_by("pk").first()
    goal = Goal.objects.create(
        assessment=mine,
        question=question,
        action="Recover carts",
        metric="recovered carts",
        baseline=0,
        target=5,
        due=date(2027, 6, 1),
        created_by=alice,
    )
    assert "Recover carts" in roadmap(alice_client, mine).text
    goal.action = "Win carts back"
    goal.save()
    text = roadmap(alice_client, mine).text
    assert "Win carts back" in text and "Recover carts" not in text
    # its delete button posts the page's one token-bearing form
    assert f'formaction="/assessments/{mine.pk}/goals/{goal.pk}/delete/"' in text
    assert 'id="goal-delete"' in text and "csrfmiddlewaretoken" in text

    # targets and phases set by hand
    alice_client.post(
        f"/assessments/{mine.pk}/roadmap/",
        {
            **{f"target-{key}": "crawl" for key in mine.result["elements"]},
            "phase_1": 2,
            "phase_2": 6,
            "phase_3": 12,
        },
    )
    text = roadmap(alice_client, mine).text
    assert "months 0\u20132" in text
    assert "Leave all three empty" in text


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
    with django_assert_num_queries(7):
        result(alice_client, mine)

    strangers(6, "full")

    assert set(result(alice_client, mine).context["page"].peer.values()) == {100.0}
