"""A real Chromium (Debian's /usr/bin/chromium, see scripts/ensure-browser) for the browser tests.

Playwright cannot download its own browsers here, so it drives the system one; without it
every test in this folder is skipped, saying why.
"""

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import (
    Browser,
    BrowserContext,
    ConsoleMessage,
    Error,
    Page,
    expect,
    sync_playwright,
)

# plotly.js (4.8 MB) is parsed before a chart draws: on a loaded two-core CI machine that
# can take longer than expect()'s default 5 s.
expect.set_options(timeout=20_000)

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        pytest.skip(
            f"{CHROMIUM} is missing: run scripts/ensure-browser as root "
            "(or apt-get install chromium) to run the browser tests"
        )
    # Playwright's sync API keeps an event loop running in this thread, so Django refuses
    # database access here (SynchronousOnlyOperation) though nothing is async. Allow it
    # while the browser lives, and only then: the rest of the suite keeps the check.
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
            )
            yield browser
            browser.close()


class BrowserProblems:
    """Console errors and uncaught exceptions of the pages (a CSP violation is one of them)."""

    def __init__(self) -> None:
        self.messages: list[str] = []

    def watch(self, page: Page) -> None:
        page.on("console", self._console)
        page.on("pageerror", self._page_error)

    def _console(self, message: ConsoleMessage) -> None:
        if message.type == "error":
            self.messages.append(f"console error at {message.location}: {message.text}")

    def _page_error(self, error: Error) -> None:
        self.messages.append(f"page error: {error}")


@pytest.fixture
def browser_problems() -> BrowserProblems:
    return BrowserProblems()


@pytest.fixture
def new_page(
    browser: Browser, live_server: Any, browser_problems: BrowserProblems
) -> Iterator[Callable[..., Page]]:
    """Opens an English page on the live server (relative URLs go to it) in a context of its
    own; keyword arguments go to `Browser.new_context` (e.g. storage_state, javascript)."""
    contexts: list[BrowserContext] = []

    def open_page(**options: Any) -> Page:
        context = browser.new_context(
            base_url=live_server.url,
            locale="en-US",
            viewport={"width": 1280, "height": 900},
            **options,
        )
        contexts.append(context)
        context.set_default_timeout(15_000)
        page = context.new_page()
        browser_problems.watch(page)
        return page

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_page: Callable[..., Page]) -> Page:
    return new_page()


@pytest.fixture
def screenshot() -> Callable[[Page, str], Path]:
    """Saves a full-page screenshot as test-artifacts/screenshots/NAME.png."""

    def take(page: Page, name: str) -> Path:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take
