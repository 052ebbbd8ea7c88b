"""The marketer's and the consultant's journeys on the demo data, on a desktop and on a phone,
with axe-core clean, visible focus and charts with a text alternative on every page.

The marketer answers with the keyboard only (Tab into a question's levels, Space, the arrow
keys); every page is checked by tests/browser/checks.py and photographed into
$TEST_ARTIFACTS/journeys/ (default test-artifacts/journeys/).
"""

import re
from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import Page, Response, expect

from assessments.models import Answer, Assessment
from organizations.models import Organization
from tests.browser.axe import assert_no_axe_violations
from tests.browser.checks import FOCUS_SHOWN, Journey
from tests.browser.conftest import DESKTOP, PHONE, artifacts_dir
from tests.e2e.conftest import BrowserProblems

pytestmark = pytest.mark.browser

PASSWORD = "crawl-walk-run"  # the demo logins' (organizations.demo)
KEYBOARD_ANSWERS = 3


def log_in(page: Page, username: str) -> None:
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.locator("input[name=password]").press("Enter")
    expect(page).to_have_url(re.compile(r"/$"))


def answer_by_keyboard(page: Page, pk: int, count: int) -> dict[int, str]:
    """Answers the page's first `count` questions with Tab, Space and the arrow keys alone;
    returns question pk -> the key of the level the page shows checked."""

    def is_autosave(response: Response) -> bool:
        return response.request.method == "POST" and response.url.endswith(
            f"/assessments/{pk}/autosave/"
        )

    chosen: dict[int, str] = {}
    cards = page.locator(".question-card")
    page.evaluate("() => { document.body.tabIndex = -1; document.body.focus(); }")
    for index in range(min(count, cards.count())):
        card = cards.nth(index)
        in_card = (
            "(card) => card.contains(document.activeElement)"
            " && document.activeElement.type === 'radio'"
        )
        for _ in range(80):
            if card.evaluate(in_card):
                break
            page.keyboard.press("Tab")
        else:
            pytest.fail(f"the Tab key never reaches the levels of question {index + 1}")
        page.wait_for_timeout(250)  # the focus ring eases in
        focus = page.evaluate(FOCUS_SHOWN)
        assert focus and focus["shown"], f"no visible focus on a level: {focus}"
        checked = card.locator("input[type=radio]:checked")
        if not checked.count():
            with page.expect_response(is_autosave) as saving:
                page.keyboard.press("Space")
            assert saving.value.ok
        # Another level with the arrow key: it is chosen (and saved) as the focus moves.
        before = card.locator("input[type=radio]:checked").get_attribute("value")
        with page.expect_response(is_autosave) as saving:
            page.keyboard.press("ArrowDown")
        assert saving.value.ok
        after = card.locator("input[type=radio]:checked")
        assert after.get_attribute("value") != before
        expect(card).to_have_class(re.compile(r"\bis-answered\b"))
        chosen[int(card.get_attribute("data-question") or 0)] = after.get_attribute("value") or ""
        # Leave the group, so the next Tab goes on to the following question.
        page.keyboard.press("Tab")
    return chosen


def answer_by_number_keys(page: Page, pk: int, keys: str) -> dict[int, str]:
    """Answers the current question with each key in turn ("3": the third level, "n": not
    applicable); after each, the next open question must take the focus."""
    chosen: dict[int, str] = {}
    # The question in focus must be an open one (no level checked, the page's own test of
    # "open"): Tab on from an answered one.
    open_current = ".question-card.is-current:not(:has(input[type=radio]:checked))"
    for _ in range(40):
        if page.locator(open_current).count():
            break
        page.keyboard.press("Tab")
    else:
        pytest.fail("Tab never reaches an open question")
    for key in keys:
        card = page.locator(".question-card.is-current")
        expect(card).to_have_count(1)
        question = int(card.get_attribute("data-question") or 0)
        with page.expect_response(
            lambda r: r.request.method == "POST" and r.url.endswith(f"/assessments/{pk}/autosave/")
        ) as saving:
            page.keyboard.press(key)
        assert saving.value.ok
        answered = page.locator(f'.question-card[data-question="{question}"]')
        expect(answered).to_have_class(re.compile(r"\bis-answered\b"))
        chosen[question] = (
            answered.locator("input[type=radio]:checked").get_attribute("value") or ""
        )
        # The next open question takes the focus, and shows it.
        expect(page.locator(".question-card.is-current")).not_to_have_attribute(
            "data-question", str(question)
        )
        page.wait_for_function(
            "() => document.activeElement.closest('.question-card.is-current') !== null"
        )
        page.wait_for_timeout(250)
        focus = page.evaluate(FOCUS_SHOWN)
        assert focus and focus["shown"], f"no visible focus after answering by key: {focus}"
    return chosen


def answer_the_rest(assessment: Assessment) -> None:
    """What the journey does not answer by keyboard, answered in the database."""
    answered = set(assessment.answers.values_list("question_id", flat=True))
    questions = assessment.questionnaire.questions.prefetch_related("options")
    Answer.objects.bulk_create(
        Answer(
            assessment=assessment,
            question=question,
            option=next(o for o in question.options.all() if o.key == "mostly"),
        )
        for question in questions
        if question.pk not in answered
    )


@pytest.mark.parametrize("device", ["desktop", "phone"])
def test_a_marketer_answers_by_keyboard_submits_plans_reports_and_shares_with_axe_clean(
    demo_data: None,
    open_page: Callable[..., Page],
    browser_problems: BrowserProblems,
    device: str,
) -> None:
    phone = device == "phone"
    journey = Journey(f"marketer-{device}", artifacts_dir())
    page = open_page(PHONE if phone else DESKTOP)

    page.goto("/login/")
    journey.check(page, "login", phone=phone)
    log_in(page, "mara")
    journey.check(page, "home", phone=phone)

    # Resume the open draft (or start one) from the organization's card.
    card = page.locator('.organization-card[data-organization="nordlicht"]')
    resume = card.locator(".resume-draft")
    if resume.count():
        resume.click()
    else:
        card.get_by_role("button", name="Start a new assessment").click()
    expect(page).to_have_url(re.compile(r"/assessments/\d+/answer/[\w-]+/$"))
    pk = int(re.search(r"/assessments/(\d+)/", page.url)[1])  # type: ignore[index]
    journey.check(page, "answer", phone=phone)

    chosen = answer_by_keyboard(page, pk, KEYBOARD_ANSWERS)
    assert len(chosen) == KEYBOARD_ANSWERS
    chosen |= answer_by_number_keys(page, pk, "32")
    assert len(chosen) == KEYBOARD_ANSWERS + 2
    saved = dict(
        Answer.objects.filter(assessment_id=pk, question_id__in=chosen).values_list(
            "question_id", "option__key"
        )
    )
    assert saved == chosen
    journey.screenshot(page, "answered by keyboard")

    assessment = Assessment.objects.get(pk=pk)
    answer_the_rest(assessment)
    page.goto(f"/assessments/{pk}/review/")
    journey.check(page, "review", phone=phone)
    submit = page.get_by_role("button", name="Submit the assessment")
    submit.focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(rf"/assessments/{pk}/result/$"))
    journey.check(page, "result", phone=phone)

    page.goto(f"/assessments/{pk}/roadmap/")
    journey.check(page, "roadmap", phone=phone)
    page.goto(f"/assessments/{pk}/report/")
    journey.check(page, "report", phone=phone)

    # Share the result, and open the link as someone who is not logged in.
    page.goto(f"/assessments/{pk}/result/#share")
    page.locator("form.share-create button[type=submit]").click()
    address = page.locator(".share-url").first
    expect(address).to_have_value(re.compile(r"/shared/"))
    shared = open_page(PHONE if phone else DESKTOP)
    shared.goto(address.input_value())
    expect(shared.locator("[data-chart]").first).to_be_visible()
    journey.check(shared, "shared result", phone=phone)

    page.goto("/organizations/nordlicht/lifecycle/")
    journey.check(page, "lifecycle dashboard", phone=phone)

    journey.assert_clean()
    assert browser_problems.messages == []


def test_a_consultant_walks_clients_compare_progress_portfolio_and_lifecycle_with_axe_clean(
    demo_data: None,
    open_page: Callable[..., Page],
    browser_problems: BrowserProblems,
    live_server: Any,
) -> None:
    journey = Journey("consultant", artifacts_dir())
    page = open_page(DESKTOP)
    page.goto("/login/")
    log_in(page, "chris")
    journey.check(page, "home")

    page.goto("/clients/")
    journey.check(page, "clients")

    page.goto("/compare/")
    journey.check(page, "compare, choosing")
    nordlicht = Organization.objects.get(slug="nordlicht")
    submitted = Assessment.objects.filter(
        organization=nordlicht, status=Assessment.Status.SUBMITTED
    ).order_by("submitted_at")
    query = "&".join(f"a={a.pk}" for a in submitted)
    page.goto(f"/compare/?{query}")
    expect(page.locator("[data-chart]").first).to_be_visible()
    journey.check(page, "compare")

    page.goto("/organizations/nordlicht/progress/")
    journey.check(page, "progress")
    page.goto("/portfolio/")
    journey.check(page, "portfolio")
    page.goto("/organizations/hanbit/lifecycle/")
    journey.check(page, "lifecycle dashboard")

    journey.assert_clean()
    assert browser_problems.messages == []


@pytest.mark.parametrize(("language", "heading"), [("de", "Anmelden"), ("ko", "로그인")])
def test_the_login_page_is_axe_clean_and_names_its_language_in_german_and_korean(
    transactional_db: None, open_page: Callable[..., Page], language: str, heading: str
) -> None:
    page = open_page(PHONE, locale=language)
    page.goto("/login/")
    assert page.evaluate("document.documentElement.lang") == language
    expect(page.locator("h1")).to_have_text(heading)
    assert_no_axe_violations(page)


@pytest.mark.parametrize(
    ("language", "username", "slug", "heading"),
    [("de", "mara", "nordlicht", "Ihr Reifegrad-Ergebnis"), ("ko", "jiwoo", "hanbit", None)],
)
def test_a_marketers_pages_are_axe_clean_in_german_and_korean(
    demo_data: None,
    open_page: Callable[..., Page],
    browser_problems: BrowserProblems,
    live_server: Any,
    language: str,
    username: str,
    slug: str,
    heading: str | None,
) -> None:
    """The inner pages in the users' other languages: home, a draft's element page, its
    review, the latest result (German: its heading), roadmap, report and lifecycle."""
    journey = Journey(f"marketer-{language}", artifacts_dir())
    page = open_page(DESKTOP, locale=language)
    page.goto("/login/")
    log_in(page, username)
    assert page.evaluate("document.documentElement.lang") == language
    journey.check(page, "home")

    organization = Organization.objects.get(slug=slug)
    draft = organization.assessments.filter(status=Assessment.Status.DRAFT).first()
    assert draft is not None
    element = draft.questionnaire.elements.order_by("order").first()
    assert element is not None
    page.goto(f"/assessments/{draft.pk}/answer/{element.key}/")
    journey.check(page, "answering")
    page.goto(f"/assessments/{draft.pk}/review/")
    journey.check(page, "review")

    latest = organization.assessments.filter(status=Assessment.Status.SUBMITTED).latest(
        "submitted_at"
    )
    page.goto(f"/assessments/{latest.pk}/result/")
    assert page.evaluate("document.documentElement.lang") == language
    if heading:
        expect(page.locator("h1")).to_have_text(heading)
    journey.check(page, "result")
    page.goto(f"/assessments/{latest.pk}/roadmap/")
    journey.check(page, "roadmap")
    page.goto(f"/assessments/{latest.pk}/report/")
    journey.check(page, "report")
    page.goto(f"/organizations/{slug}/lifecycle/")
    journey.check(page, "lifecycle dashboard")

    journey.assert_clean()
    assert browser_problems.messages == []


def test_a_consultants_invitation_page_is_axe_clean_in_german(
    demo_data: None,
    open_page: Callable[..., Page],
    browser_problems: BrowserProblems,
    live_server: Any,
) -> None:
    journey = Journey("consultant-de", artifacts_dir())
    page = open_page(DESKTOP, locale="de")
    page.goto("/login/")
    log_in(page, "chris")
    page.goto("/clients/nordlicht/invite/")
    assert page.evaluate("document.documentElement.lang") == "de"
    journey.check(page, "invitations")
    page.goto("/clients/")
    journey.check(page, "clients")

    journey.assert_clean()
    assert browser_problems.messages == []
