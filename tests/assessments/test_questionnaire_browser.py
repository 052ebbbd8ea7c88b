"""The questionnaire in a real browser: one question in focus, keyboard answering (1 to 5, N)
that moves on to the next open question and is saved by autosave, the element's progress
counted as answers come, and a phone width with no sideways scrolling."""

import re
from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from assessments.models import Answer, Assessment
from assessments.services import assessment_start
from organizations.models import Membership, Organization
from tests.e2e import conftest as e2e
from tests.factories import PASSWORD, make_user, publish

pytestmark = pytest.mark.browser

browser = e2e.browser
browser_problems = e2e.browser_problems
new_page = e2e.new_page
screenshot = e2e.screenshot


def _log_in(page: Page, live_server: Any) -> None:
    page.goto("/login/")
    page.fill("input[name=username]", "alice")
    page.fill("input[name=password]", PASSWORD)
    page.click("form[action='/login/'] button[type=submit]")
    expect(page).to_have_url(f"{live_server.url}/")


@pytest.fixture
def draft(transactional_db: None) -> Assessment:
    publish(per_cell=2)
    acme = Organization.objects.create(name="Acme Outdoor", slug="acme")
    alice = make_user("alice", acme, Membership.Role.MARKETER)
    return assessment_start(organization=acme, user=alice)


def test_keys_answer_the_question_in_focus_and_move_on_to_the_next_open_one(
    draft: Assessment,
    live_server: Any,
    new_page: Callable[..., Page],
    browser_problems: e2e.BrowserProblems,
    screenshot: Callable[[Page, str], Any],
) -> None:
    page = new_page()
    _log_in(page, live_server)
    page.goto(f"/assessments/{draft.pk}/answer/action/")
    cards = page.locator(".question-card")
    expect(cards).to_have_count(6)
    expect(cards.nth(0)).to_have_class(re.compile(r"\bis-current\b"))
    progress = page.locator("[data-element-answered]")
    expect(progress).to_have_text("0 of 6 answered")

    # the test bank has three levels: 3 is the third ("fully"); 4 is none of them
    page.keyboard.press("4")
    expect(cards.nth(0).locator("input[type=radio]:checked")).to_have_count(0)
    page.keyboard.press("3")
    expect(cards.nth(0).locator("input[value=full]")).to_be_checked()
    expect(cards.nth(1)).to_have_class(re.compile(r"\bis-current\b"))
    expect(cards.nth(1).locator("input[type=radio]").first).to_be_focused()
    # N: not applicable
    page.keyboard.press("n")
    expect(cards.nth(1).locator("input[value=na]")).to_be_checked()
    expect(cards.nth(2)).to_have_class(re.compile(r"\bis-current\b"))
    page.keyboard.press("2")
    expect(progress).to_have_text("3 of 6 answered")
    expect(page.locator("#autosave-status")).to_have_text("All answers saved")

    # an answered question folds to its answer; the current one shows every level
    expect(cards.nth(0).locator(".level-option:visible")).to_have_count(1)
    expect(cards.nth(3).locator(".level-description:visible")).not_to_have_count(0)
    # typing in a note is typing, not answering
    cards.nth(3).locator("details.note summary").click()
    cards.nth(3).locator("textarea").press_sequentially("1 n")
    expect(cards.nth(3).locator("input[type=radio]:checked")).to_have_count(0)
    screenshot(page, "questionnaire-keyboard")

    stored = dict(
        Answer.objects.filter(assessment=draft, option__isnull=False).values_list(
            "question__key", "option__key"
        )
    )
    keys = [card.get_attribute("id") for card in cards.all()[:3]]
    assert stored == {
        keys[0].removeprefix("question-"): "full",  # type: ignore[union-attr]
        keys[1].removeprefix("question-"): "na",  # type: ignore[union-attr]
        keys[2].removeprefix("question-"): "partial",  # type: ignore[union-attr]
    }
    assert browser_problems.messages == []


def test_a_phone_gets_no_sideways_scrolling_and_the_stages_before_the_save_button(
    draft: Assessment,
    live_server: Any,
    new_page: Callable[..., Page],
    screenshot: Callable[[Page, str], Any],
) -> None:
    page = new_page()
    page.set_viewport_size({"width": 390, "height": 844})
    _log_in(page, live_server)
    page.goto(f"/assessments/{draft.pk}/answer/action/")

    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    stages = page.locator("details.stages-summary")
    expect(stages).to_be_visible()
    save = page.locator("button[name=stay]")
    assert stages.bounding_box()["y"] < save.bounding_box()["y"]  # type: ignore[index]
    # the tabs scroll sideways, and say so
    expect(page.locator(".element-tabs-hint")).to_be_visible()
    expect(page.locator("[data-element-tabs]")).to_have_class(re.compile(r"\bmore-right\b"))
    screenshot(page, "questionnaire-phone")
