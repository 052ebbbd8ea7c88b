"""A marketer's whole assessment in a real browser: answer with autosave, come back, fill the
rest without JavaScript, submit, and read the result and the roadmap."""

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from playwright.sync_api import Page, Response, expect

from assessments.models import Answer, Assessment
from organizations.models import Membership, Organization
from tests.e2e.conftest import BrowserProblems
from tests.factories import PASSWORD, make_user

pytestmark = pytest.mark.browser

LABELS = {
    "none": "Not in place",
    "planned": "Planned",
    "partial": "Partly in place",
    "mostly": "Mostly in place",
    "full": "Fully in place",
    "na": "Not applicable",
}
# The first element, answered one click at a time with autosave.
ACTION_ANSWERS = ["full", "full", "full", "full", "partial", "partial", "partial", "partial", "na"]
# The other elements, by the position of the question on its page.
OTHER_ANSWERS = [
    "full",
    "full",
    "mostly",
    "partial",
    "partial",
    "planned",
    "none",
    "planned",
    "none",
]
OTHER_ELEMENTS = ["data", "insights", "methodology", "governance", "privacy"]
NOTE = "Klaviyo flow since March; recovers about 4% of carts."


def test_a_marketer_answers_resumes_submits_and_sees_the_result_and_roadmap(
    transactional_db: None,
    live_server: Any,
    page: Page,
    new_page: Callable[..., Page],
    browser_problems: BrowserProblems,
    screenshot: Callable[[Page, str], Path],
) -> None:
    call_command("loaddata", "questionnaire", verbosity=0)
    acme = Organization.objects.create(name="Acme Outdoor", slug="acme")
    make_user("alice", acme, Membership.Role.MARKETER)
    chosen: dict[int, str] = {}  # question pk -> option key

    # Log in and start an assessment from the home page.
    page.goto("/login/")
    page.fill("input[name=username]", "alice")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit].w-100")
    expect(page).to_have_url(f"{live_server.url}/")
    card = page.locator('.organization-card[data-organization="acme"]')
    card.get_by_role("button", name="Start a new assessment").click()
    expect(page).to_have_url(re.compile(r"/assessments/\d+/answer/action/$"))
    pk = int(re.search(r"/assessments/(\d+)/", page.url)[1])  # type: ignore[index]

    def is_autosave(response: Response) -> bool:
        return response.request.method == "POST" and response.url.endswith(
            f"/assessments/{pk}/autosave/"
        )

    # Answer the first element: every choice is saved as it is made.
    status = page.locator("#autosave-status")
    questions = page.locator(".question-card")
    expect(questions).to_have_count(len(ACTION_ANSWERS))
    for question, key in zip(questions.all(), ACTION_ANSWERS, strict=True):
        with page.expect_response(is_autosave) as saving:
            question.locator("label", has_text=LABELS[key]).click()
        assert saving.value.ok, saving.value.text()
        expect(status).to_have_attribute("data-state", "saved")
        expect(question).to_have_class(re.compile(r"\bis-answered\b"))
        chosen[int(question.get_attribute("data-question") or 0)] = key
    expect(page.locator('[data-progress-label="action"]')).to_have_text("100%")

    # A note on the first question, saved when the field is left.
    noted = questions.first
    noted.locator("details.note summary").click()
    note = noted.locator("textarea")
    with page.expect_response(lambda r: is_autosave(r) and "note" in (r.request.post_data or "")):
        note.press_sequentially(NOTE)
        note.blur()
    expect(status).to_have_attribute("data-state", "saved")
    expect(status).to_have_text("All answers saved")
    page.wait_for_load_state("networkidle")
    screenshot(page, "01-answer-action")

    # Coming back later: everything is still there, so it was saved on the server.
    page.reload()
    questions = page.locator(".question-card")
    for question, key in zip(questions.all(), ACTION_ANSWERS, strict=True):
        expect(question.locator(f"input[type=radio][value={key}]")).to_be_checked()
        expect(question).to_have_class(re.compile(r"\bis-answered\b"))
    expect(noted.locator("details.note")).to_have_attribute("open", "")
    expect(noted.locator("textarea")).to_have_value(NOTE)
    screenshot(page, "02-after-reload")
    next_button = page.locator("button[type=submit][name=next]")
    expect(next_button).to_contain_text("Save and go on to Data")

    # The other elements without JavaScript (same session): the page's own form posts save.
    plain = new_page(java_script_enabled=False, storage_state=page.context.storage_state())
    plain.goto(f"/assessments/{pk}/answer/{OTHER_ELEMENTS[0]}/")
    for element in OTHER_ELEMENTS:
        expect(plain).to_have_url(re.compile(rf"/assessments/{pk}/answer/{element}/$"))
        questions = plain.locator(".question-card")
        expect(questions).to_have_count(len(OTHER_ANSWERS))
        for question, key in zip(questions.all(), OTHER_ANSWERS, strict=True):
            question.locator("label", has_text=LABELS[key]).click()
            expect(question.locator(f"input[type=radio][value={key}]")).to_be_checked()
            chosen[int(question.get_attribute("data-question") or 0)] = key
        plain.click("button[type=submit][name=next]")
    expect(plain).to_have_url(re.compile(rf"/assessments/{pk}/review/$"))
    plain.context.close()

    # Review and submit.
    page.goto(f"/assessments/{pk}/review/")
    expect(page.locator(".unanswered-list")).to_have_count(0)
    expect(page.locator(".alert-success")).to_contain_text("Every question is answered")
    page.get_by_role("button", name="Submit the assessment").click()

    # The result: both charts drawn, an overall stage.
    expect(page).to_have_url(re.compile(rf"/assessments/{pk}/result/$"))
    expect(page.get_by_role("alert")).to_contain_text("Submitted. Here is your result.")
    expect(page.locator("#chart-radar")).to_have_attribute("data-drawn", "true")
    expect(page.locator("#chart-heatmap")).to_have_attribute("data-drawn", "true")
    expect(page.locator(".overall-headline")).to_have_text(
        re.compile(r"^\s*(Crawl|Walk|Run)( reached| — not yet reached)")
    )
    expect(page.locator(".overall-score")).to_contain_text("/ 100")
    expect(page.locator(".element-result")).to_have_count(6)
    screenshot(page, "03-result")

    # The roadmap: its chart, and something to do unless everything is fully in place.
    page.get_by_role("link", name="Roadmap and goals").click()
    expect(page).to_have_url(re.compile(rf"/assessments/{pk}/roadmap/$"))
    expect(page.locator("#chart-roadmap")).to_have_attribute("data-drawn", "true")
    if set(chosen.values()) == {"full"}:
        expect(page.locator(".roadmap-item")).to_have_count(0)
    else:
        expect(page.locator(".roadmap-item").first).to_be_visible()
    screenshot(page, "04-roadmap")

    assessment = Assessment.objects.get(pk=pk)
    assert assessment.status == Assessment.Status.SUBMITTED
    answers = Answer.objects.filter(assessment=assessment)
    assert answers.count() == 54
    assert dict(answers.values_list("question_id", "option__key")) == chosen
    assert answers.get(question_id=next(iter(chosen))).note == NOTE
    assert browser_problems.messages == []
