"""A team assessment in a real browser: Alice asks Bob (everything) and Dana (privacy); they
answer on their own pages and disagree; Alice consolidates with a reason and submits; the
result shows the confidence line, and Dana's late answer is refused with a banner."""

import re
from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from assessments.models import Answer, Assessment, Respondent
from assessments.services import ALREADY_SUBMITTED, assessment_start
from organizations.models import Membership, Organization
from tests.assessments.team_builders import respond
from tests.browser.axe import assert_no_axe_violations
from tests.e2e import conftest as e2e
from tests.factories import PASSWORD, make_user, publish

pytestmark = pytest.mark.browser

browser = e2e.browser
browser_problems = e2e.browser_problems
new_page = e2e.new_page


def logged_in(new_page: Callable[..., Page], username: str) -> Page:
    page = new_page()
    page.goto("/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("form[action='/login/'] button[type=submit]")
    expect(page).to_have_url(re.compile(r"/$"))
    return page


def choose(page: Page, key: str, label: str) -> None:
    """Click a level of question `key` and wait until autosave has stored it."""
    card = page.locator(f"#question-{key}")
    with page.expect_response(lambda r: r.url.endswith("/autosave/") and r.ok):
        card.get_by_label(label, exact=True).check(force=True)


@pytest.fixture
def setting(transactional_db: None, live_server: Any) -> Assessment:
    publish()
    acme = Organization.objects.create(name="Acme Outdoor", slug="acme")
    alice = make_user("alice", acme, Membership.Role.MARKETER)
    make_user("bob", acme, Membership.Role.CONSULTANT)
    make_user("dana", acme, Membership.Role.MARKETER)
    return assessment_start(organization=acme, user=alice)


def test_two_respondents_disagree_the_owner_consolidates_and_the_result_shows_confidence(
    setting: Assessment,
    new_page: Callable[..., Page],
    browser_problems: e2e.BrowserProblems,
) -> None:
    draft = setting
    alice = logged_in(new_page, "alice")
    alice.goto(f"/assessments/{draft.pk}/answer/action/")
    alice.get_by_role("link", name=re.compile("Ask colleagues to answer")).click()
    expect(alice).to_have_url(re.compile(rf"/assessments/{draft.pk}/team/$"))
    assert_no_axe_violations(alice)
    alice.get_by_label("Colleague").select_option(label="bob")
    alice.get_by_role("button", name="Ask to answer").click()
    alice.get_by_label("Colleague").select_option(label="dana")
    alice.locator("#member_elements_5").check()  # privacy
    alice.get_by_role("button", name="Ask to answer").click()
    expect(alice.locator(".respondents-table tbody tr")).to_have_count(2)

    # Each answers on her own page; Dana sees only privacy.
    bob = logged_in(new_page, "bob")
    bob.goto(f"/assessments/{draft.pk}/answer/privacy/")
    choose(bob, "privacy-crawl-0", "1 Not in place")
    dana = logged_in(new_page, "dana")
    dana.goto(f"/assessments/{draft.pk}/")
    dana.get_by_role("link", name="Privacy").first.click()
    expect(dana.locator(".element-tabs .nav-link")).to_have_count(2)  # privacy, review
    choose(dana, "privacy-crawl-0", "3 Fully in place")
    # the rest as they would answer it, all agreeing
    rest = {q.key: "partial" for q in draft.questionnaire.questions.all()}
    del rest["privacy-crawl-0"]
    respond(Respondent.objects.get(user__username="bob"), rest)
    respond(
        Respondent.objects.get(user__username="dana"),
        {key: "partial" for key in rest if key.startswith("privacy-")},
    )

    # Consolidation: agreed answers are filled in; the disagreement needs a reason.
    alice.goto(f"/assessments/{draft.pk}/team/consolidate/action/")
    for _element in range(5):
        alice.get_by_role("button", name="Save the consolidated answers").click()
    expect(alice).to_have_url(re.compile(r"/consolidate/privacy/$"))
    disputed = alice.locator("#question-privacy-crawl-0")
    expect(disputed.locator(".badge", has_text="Disagreement")).to_be_visible()
    expect(disputed).to_contain_text("Not in place")
    expect(disputed).to_contain_text("Fully in place")
    assert_no_axe_violations(alice)
    disputed.get_by_label("Consolidated answer").select_option(label="Fully in place")
    alice.get_by_role("button", name="Save the consolidated answers").click()
    expect(disputed.locator(".invalid-feedback")).to_contain_text("say why")
    disputed.get_by_label("Reason").fill("Dana showed the live policy page")
    alice.get_by_role("button", name="Save the consolidated answers").click()
    expect(alice).to_have_url(re.compile(rf"/assessments/{draft.pk}/review/$"))
    assert Answer.objects.filter(assessment=draft, option__isnull=False).count() == 18
    alice.get_by_role("button", name="Submit the assessment").click()
    expect(alice).to_have_url(re.compile(rf"/assessments/{draft.pk}/result/$"))
    privacy = alice.locator('[data-confidence="privacy"]')
    expect(privacy).to_contain_text(
        "medium: 2 respondents, disagreeing on 1 of 3 questions, evidence on 0 of 3"
    )
    expect(alice.locator('[data-confidence="action"]')).to_contain_text(
        "low: 1 respondent, evidence on 0 of 3"
    )

    # Dana's page is still open: her late answer is refused and the page says so.
    with dana.expect_response(lambda r: r.url.endswith("/autosave/")) as late:
        dana.locator("#question-privacy-walk-0").get_by_label("1 Not in place", exact=True).check(
            force=True
        )
    assert late.value.status == 409
    expect(dana.locator("[data-locked-banner]")).to_have_text(str(ALREADY_SUBMITTED))
    assert (
        Respondent.objects.get(user__username="dana")
        .responses.get(question__key="privacy-walk-0")
        .option.key
        == "partial"
    )
    assert not [m for m in browser_problems.messages if "409" not in m]
