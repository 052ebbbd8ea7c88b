"""Autosave in a real browser when the server does not answer well: the question itself says
it is not saved, errors worth retrying are retried with growing pauses, the latest choice
wins, and leaving the page asks first while anything is unsaved."""

import re
import time
from collections.abc import Callable
from itertools import pairwise
from typing import Any
from urllib.parse import parse_qs

import pytest
from playwright.sync_api import Dialog, Page, Request, Route, expect

from assessments.models import Answer, Assessment
from assessments.services import assessment_start
from organizations.models import Membership, Organization
from tests.e2e import conftest as e2e
from tests.factories import PASSWORD, make_user, publish

pytestmark = pytest.mark.browser

# The browser fixtures of the end-to-end tests.
browser = e2e.browser
browser_problems = e2e.browser_problems
new_page = e2e.new_page

# A beforeunload event as the browser sends it on leaving: true when the page asks first.
ASKS_BEFORE_LEAVING = """() => {
  const event = new Event("beforeunload", { cancelable: true });
  window.dispatchEvent(event);
  return event.defaultPrevented;
}"""


@pytest.fixture
def answering(
    transactional_db: None, live_server: Any, new_page: Callable[..., Page]
) -> tuple[Page, Assessment]:
    """Alice's draft, its first page open in a logged-in browser."""
    publish()
    acme = Organization.objects.create(name="Acme Outdoor", slug="acme")
    alice = make_user("alice", acme, Membership.Role.MARKETER)
    draft = assessment_start(organization=acme, user=alice)
    page = new_page()
    page.goto("/login/")
    page.fill("input[name=username]", "alice")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit].w-100")
    expect(page).to_have_url(f"{live_server.url}/")
    page.goto(f"/assessments/{draft.pk}/answer/action/")
    return page, draft


def posted(request: Request) -> dict[str, str]:
    """The fields of an autosave post (multipart form data)."""
    body = request.post_data or ""
    fields = dict(re.findall(r'name="([^"]+)"\r\n\r\n([^\r]*)\r\n', body))
    return fields or {key: values[0] for key, values in parse_qs(body).items()}


def test_an_answer_the_server_fails_to_take_says_so_on_the_question_until_a_retry_saves_it(
    answering: tuple[Page, Assessment], browser_problems: e2e.BrowserProblems
) -> None:
    page, draft = answering
    calls: list[dict[str, str]] = []
    times: list[float] = []

    def flaky(route: Route) -> None:
        calls.append(posted(route.request))
        times.append(time.monotonic())
        if len(calls) <= 2:
            route.fulfill(status=503, body="Service Unavailable")
        else:
            route.continue_()

    page.route("**/autosave/", flaky)
    page.add_init_script("Math.random = () => 0.5;")  # no jitter: pauses of 0.5 s, then 1 s
    page.reload()
    card = page.locator(".question-card").first
    card.locator("label", has_text="Fully in place").click()

    badge = card.locator("[data-save-state]")
    expect(badge).to_have_text("Not saved yet — retrying")
    expect(card).to_have_attribute("data-save-state", "retrying")
    expect(card).to_have_class(re.compile(r"\bborder-warning\b"))
    expect(page.locator("#autosave-status")).to_have_text(
        "Some answers are not saved yet — retrying"
    )
    assert page.evaluate(ASKS_BEFORE_LEAVING) is True

    expect(badge).to_have_text("Saved")
    expect(card).not_to_have_class(re.compile(r"\bborder-warning\b"))
    expect(page.locator("#autosave-status")).to_have_text("All answers saved")
    assert page.evaluate(ASKS_BEFORE_LEAVING) is False
    assert len(calls) == 3
    assert [call["option"] for call in calls] == ["full"] * 3
    seqs = [int(call["seq"]) for call in calls]
    assert seqs == sorted(set(seqs))  # each attempt a newer number
    pauses = [later - earlier for earlier, later in pairwise(times)]
    assert pauses[0] > 0.4
    assert pauses[1] > pauses[0] + 0.3
    assert Answer.objects.get(assessment=draft).option.key == "full"
    # 503s are logged as console errors by the browser; nothing else may be
    assert all("503" in message for message in browser_problems.messages)


def test_a_refused_answer_is_not_retried_and_stays_marked_unsaved(
    answering: tuple[Page, Assessment],
) -> None:
    page, draft = answering
    calls: list[Request] = []

    def refuse(route: Route) -> None:
        calls.append(route.request)
        route.fulfill(
            status=400,
            content_type="application/json",
            body='{"error": "Unknown answer option."}',
        )

    page.route("**/autosave/", refuse)
    card = page.locator(".question-card").first
    card.locator("label", has_text="Partly").click()

    expect(card.locator("[data-save-state]")).to_have_text("Not saved: Unknown answer option.")
    expect(card).to_have_class(re.compile(r"\bborder-danger\b"))
    expect(page.locator("#autosave-status")).to_have_attribute("data-state", "failed")
    time.sleep(1.5)  # longer than the first two pauses of a retry
    assert len(calls) == 1
    assert not Answer.objects.filter(assessment=draft).exists()
    # Leaving now asks first (the browser's own "Leave site?" dialog).
    dialogs: list[str] = []

    def stay(dialog: Dialog) -> None:
        dialogs.append(dialog.type)
        dialog.dismiss()

    page.on("dialog", stay)
    page.close(run_before_unload=True)
    expect(card).to_be_visible()  # still open: the person chose to stay
    assert dialogs == ["beforeunload"]


def test_one_request_per_question_is_in_flight_and_the_latest_choice_wins(
    answering: tuple[Page, Assessment],
) -> None:
    page, draft = answering
    held: list[Route] = []
    calls: list[dict[str, str]] = []

    def hold_the_first(route: Route) -> None:
        calls.append(posted(route.request))
        if len(calls) == 1:
            held.append(route)
        else:
            route.continue_()

    page.route("**/autosave/", hold_the_first)
    card = page.locator(".question-card").first
    card.locator("label", has_text="Not in place").click()
    expect(card).to_have_attribute("data-save-state", "saving")
    card.locator("label", has_text="Partly").click()
    card.locator("label", has_text="Fully in place").click()
    page.wait_for_timeout(300)
    assert len(calls) == 1

    held[0].continue_()

    expect(card.locator("[data-save-state]")).to_have_text("Saved")
    assert [call["option"] for call in calls] == ["none", "full"]
    assert int(calls[1]["seq"]) > int(calls[0]["seq"])
    assert Answer.objects.get(assessment=draft).option.key == "full"
    expect(card.locator("input[value=full]")).to_be_checked()


def test_a_newer_answer_saved_elsewhere_is_shown_when_the_server_keeps_it(
    answering: tuple[Page, Assessment],
) -> None:
    page, draft = answering
    card = page.locator(".question-card").first
    question = int(card.get_attribute("data-question") or 0)
    # Another window saved "partly" with a sequence number from the future.
    Answer.objects.create(
        assessment=draft,
        question_id=question,
        option=draft.questionnaire.questions.get(pk=question).options.get(key="partial"),
        seq=10**17,
    )

    card.locator("label", has_text="Fully in place").click()

    expect(card.locator("[data-save-state]")).to_have_text(
        "Saved (a newer answer from another window is kept)"
    )
    expect(card.locator("input[value=partial]")).to_be_checked()
    assert Answer.objects.get(assessment=draft).option.key == "partial"
