"""In a real browser: a marketer answers a small version 2 of the question bank, leaves its
privacy-policy gate only partly in place, and the result's headline names it."""

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from organizations.models import Membership, Organization
from tests.e2e.conftest import BrowserProblems
from tests.factories import ELEMENTS, PASSWORD, make_user, publish

pytestmark = pytest.mark.browser

GATE = "privacy-crawl-0"
HEADLINE = (
    "Crawl — not yet reached: 92% of the 70% needed; "
    "blocked by: privacy crawl 0? (must be fully in place)"
)


def test_a_failed_gate_is_named_in_the_headline_of_the_result(
    transactional_db: None,
    live_server: Any,
    page: Page,
    browser_problems: BrowserProblems,
    screenshot: Callable[[Page, str], Path],
) -> None:
    publish(version=2, gates=(GATE,))
    acme = Organization.objects.create(name="Acme Outdoor", slug="acme")
    make_user("alice", acme, Membership.Role.MARKETER)

    page.goto("/login/")
    page.fill("input[name=username]", "alice")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit].w-100")
    card = page.locator('.organization-card[data-organization="acme"]')
    card.get_by_role("button", name="Start a new assessment").click()
    expect(page).to_have_url(re.compile(r"/assessments/\d+/answer/action/$"))

    for element in ELEMENTS:
        expect(page).to_have_url(re.compile(rf"/answer/{element}/$"))
        for question in page.locator(".question-card").all():
            level = "Partly" if question.get_attribute("id") == f"question-{GATE}" else "Fully"
            question.locator("label", has_text=level).click()
            expect(question).to_have_class(re.compile(r"\bis-answered\b"))
        if element == "privacy":
            gate = page.locator(f"#question-{GATE}")
            # each level beside what it means; the gate offers no "not applicable"
            expect(gate.locator(".level-description")).to_have_count(3)
            expect(gate.locator(".level-description").nth(1)).to_have_text(
                "One of the two parts runs."
            )
            expect(gate.locator("label", has_text="Not applicable")).to_have_count(0)
            screenshot(page, "gate-answer-privacy")
        expect(page.locator("#autosave-status")).to_have_attribute("data-state", "saved")
        page.click("button[type=submit][name=next]")

    expect(page).to_have_url(re.compile(r"/review/$"))
    page.get_by_role("button", name="Submit the assessment").click()

    expect(page).to_have_url(re.compile(r"/result/$"))
    expect(page.locator(".overall-headline")).to_have_text(HEADLINE)
    expect(page.locator(".failed-gate")).to_have_count(1)
    expect(page.locator(".failed-gate")).to_contain_text("privacy crawl 0?")
    expect(page.locator(".score-meaning")).to_have_text(
        "share of capabilities in place, all stages"
    )
    expect(page.locator("#chart-radar")).to_have_attribute("data-drawn", "true")
    expect(page.get_by_text("ecommerce-maturity@2")).to_have_count(0)
    screenshot(page, "gate-result")
    assert browser_problems.messages == []
