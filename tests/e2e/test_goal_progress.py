"""In a real browser: a marketer turns a roadmap item into a goal measured by the lifecycle
tracker, imports her orders twice, and sees the goal's measured value move on the roadmap."""

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from playwright.sync_api import Page, expect

from assessments.services import assessment_start, assessment_submit
from maturity.services import questionnaire_import, questionnaire_publish
from organizations.models import Membership, Organization
from tests.e2e.conftest import BrowserProblems
from tests.factories import PASSWORD, answer_all, make_document, make_user

pytestmark = pytest.mark.browser

# Referral = orders naming a referrer / all orders of the month: February 0 of 2 (0 %), then
# with March's orders, 2 of 4 (50 %).
FIRST = (
    "customer_id,order_date,amount,referred_by\n"
    "a,2026-01-05,10,\nb,2026-01-20,20,a\nc,2026-02-03,30,\nd,2026-02-10,15,\n"
)
SECOND = FIRST + "e,2026-03-02,10,c\nf,2026-03-09,10,\ng,2026-03-15,10,c\na,2026-03-20,10,\n"


def upload(page: Page, name: str, content: str) -> None:
    page.goto("/organizations/acme/lifecycle/imports/")
    page.set_input_files(
        "input[type=file]", {"name": name, "mimeType": "text/csv", "buffer": content.encode()}
    )
    page.get_by_role("button", name="Import", exact=True).click()
    expect(page).to_have_url(re.compile(r"/lifecycle/imports/\d+/$"))


def test_a_goal_measured_by_the_tracker_moves_with_each_orders_import(
    transactional_db: None,
    live_server: Any,
    page: Page,
    browser_problems: BrowserProblems,
    screenshot: Callable[[Page, str], Path],
) -> None:
    call_command("loaddata", "lifecycle", verbosity=0)
    document = make_document()
    for question in document["elements"][0]["questions"]:
        if question["key"] == "action-crawl-0":
            question["lifecycle"] = ["advocacy"]
    questionnaire_publish(questionnaire=questionnaire_import(document=document))
    acme = Organization.objects.create(name="Acme Outdoor", slug="acme")
    alice = make_user("alice", acme, Membership.Role.MARKETER)
    assessment = assessment_start(organization=acme, user=alice)
    answer_all(assessment, "partial")
    assessment_submit(assessment=assessment, user=alice)

    page.goto("/login/")
    page.fill("input[name=username]", "alice")
    page.fill("input[name=password]", PASSWORD)
    page.click("form[action='/login/'] button[type=submit]")
    page.goto(f"/assessments/{assessment.pk}/roadmap/")
    expect(page.locator(".start-here-item").first).to_have_attribute(
        "data-question", "action-crawl-0"
    )
    page.locator("#item-action-crawl-0").get_by_role(
        "link", name="Make it a measurable goal"
    ).click()

    # The item serves advocacy: its referral rate is offered first, with no figure yet.
    expect(page.locator("select[name=lifecycle_metric]")).to_have_value("referral")
    expect(page.locator("input[name=unit]")).to_have_value("%")
    page.get_by_role("button", name="Save the goal").click()
    baseline = page.locator("input[name=baseline]")
    expect(baseline).to_have_class(re.compile(r"\bis-invalid\b"))
    baseline.fill("5")
    # the "required" error goes once the field is filled, before saving again
    expect(baseline).not_to_have_class(re.compile(r"\bis-invalid\b"))
    page.fill("input[name=target]", "20")
    page.fill("input[name=due]", "2099-12-31")
    screenshot(page, "goal-form-lifecycle-metric")
    page.get_by_role("button", name="Save the goal").click()

    expect(page).to_have_url(re.compile(r"/roadmap/#goal-\d+$"))
    goal = page.locator(".goal")
    expect(goal).to_contain_text("Moves Referral rate from 5% to 20%")
    expect(goal).to_contain_text("Not measured yet")

    upload(page, "first.csv", FIRST)
    page.goto(f"/assessments/{assessment.pk}/roadmap/")
    expect(goal.locator(".goal-measured")).to_have_text("Measured: 0% (February 2026)")
    expect(goal).to_contain_text("Off track")

    upload(page, "second.csv", SECOND)
    page.goto(f"/assessments/{assessment.pk}/roadmap/")
    expect(goal.locator(".goal-measured")).to_have_text("Measured: 50% (March 2026)")
    expect(goal).to_contain_text("Target reached")
    expect(page.locator("#chart-roadmap")).to_have_attribute("data-drawn", "true")
    # the rest of "now" is folded away, and opens when asked
    rest = page.locator('[data-phase="1"] details.phase-rest')
    expect(rest.locator("summary")).to_have_text("3 more items in this phase")
    rest.locator("summary").click()
    expect(rest.locator(".roadmap-item").first).to_be_visible()
    screenshot(page, "roadmap-goal-measured")
    assert browser_problems.messages == []
