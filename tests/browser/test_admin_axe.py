"""The question bank admin, as the admin uses it, with axe-core clean."""

from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import Page

from maturity.models import Question, Questionnaire
from tests.browser.checks import Journey
from tests.browser.conftest import DESKTOP, artifacts_dir
from tests.browser.test_journeys import log_in
from tests.e2e.conftest import BrowserProblems

pytestmark = pytest.mark.browser


def test_the_question_bank_admin_is_axe_clean(
    demo_data: None,
    open_page: Callable[..., Page],
    browser_problems: BrowserProblems,
    live_server: Any,
) -> None:
    journey = Journey("admin", artifacts_dir())
    page = open_page(DESKTOP)
    page.goto("/login/")
    log_in(page, "admin")
    latest = Questionnaire.objects.order_by("-version").first()
    question = Question.objects.filter(questionnaire=latest).first()
    assert latest is not None and question is not None
    for title, url in [
        ("index", "/admin/"),
        ("questionnaires", "/admin/maturity/questionnaire/"),
        ("questionnaire", f"/admin/maturity/questionnaire/{latest.pk}/change/"),
        ("questions", "/admin/maturity/question/"),
        ("question", f"/admin/maturity/question/{question.pk}/change/"),
    ]:
        page.goto(url)
        journey.check(page, title)
    journey.assert_clean()
