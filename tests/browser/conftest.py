"""Journeys in a real Chromium, checked for accessibility on every page.

The browser is the one tests/e2e launches (Debian's /usr/bin/chromium; without it these tests
skip, saying why). Screenshots go to $TEST_ARTIFACTS/journeys/ (default: test-artifacts/ at
the top of the checkout, which git ignores).
"""

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from playwright.sync_api import Browser, BrowserContext, Page

from tests.e2e.conftest import BrowserProblems, browser

__all__ = ["browser"]  # the fixture, shared with tests/e2e

ROOT = Path(__file__).resolve().parents[2]
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}


def artifacts_dir() -> Path:
    """Where screenshots go: $TEST_ARTIFACTS/journeys, else test-artifacts/journeys."""
    base = Path(os.environ.get("TEST_ARTIFACTS") or ROOT / "test-artifacts")
    return base / "journeys"


@pytest.fixture
def demo_data(transactional_db: None) -> None:
    """What `make run` loads: the question bank (versions 1 and 2), the lifecycle reference
    data and the demo organizations with their assessments and orders."""
    call_command("loaddata", "questionnaire", "lifecycle", verbosity=0)
    call_command("load_question_bank", verbosity=0)
    call_command("load_demo_data", verbosity=0)


@pytest.fixture
def browser_problems() -> BrowserProblems:
    return BrowserProblems()


@pytest.fixture
def open_page(
    browser: Browser, live_server: Any, browser_problems: BrowserProblems
) -> Iterator[Callable[..., Page]]:
    """Opens a page on the live server in a context of its own: `open_page(PHONE)` is a
    390 by 844 touch phone, `open_page()` a desktop; keyword arguments go to new_context."""
    contexts: list[BrowserContext] = []

    def open_one(viewport: dict[str, int] | None = None, **options: Any) -> Page:
        viewport = viewport or DESKTOP
        phone = viewport["width"] < 576
        context = browser.new_context(
            base_url=live_server.url,
            locale=options.pop("locale", "en-US"),
            viewport=viewport,
            is_mobile=phone,
            has_touch=phone,
            device_scale_factor=1,
            **options,
        )
        contexts.append(context)
        context.set_default_timeout(20_000)
        page = context.new_page()
        browser_problems.watch(page)
        return page

    yield open_one
    for context in contexts:
        context.close()
