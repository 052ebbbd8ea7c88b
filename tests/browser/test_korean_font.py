"""Korean renders in the app's own Noto Sans KR (static/fonts/, from `make install`), even on
a machine without any CJK font: here Chromium is given a fontconfig that knows DejaVu only."""

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from tests.browser.conftest import PHONE, ROOT, artifacts_dir
from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS

pytestmark = pytest.mark.browser

FONT_CSS = ROOT / "static" / "fonts" / "noto-sans-kr" / "wght.css"
LATIN_ONLY = "/usr/share/fonts/truetype/dejavu"


@pytest.fixture(scope="module")
def browser_without_cjk_fonts(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Browser]:
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is missing: run scripts/ensure-browser")
    if not Path(LATIN_ONLY).is_dir():
        pytest.skip(f"{LATIN_ONLY} is missing (Debian's fonts-dejavu-core)")
    folder = tmp_path_factory.mktemp("fontconfig")
    config = folder / "fonts.conf"
    config.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>'
        f"<dir>{LATIN_ONLY}</dir><cachedir>{folder / 'cache'}</cachedir></fontconfig>\n"
    )
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=str(CHROMIUM),
                args=CHROMIUM_ARGS,
                env={**os.environ, "FONTCONFIG_FILE": str(config)},
            )
            yield browser
            browser.close()


def fonts_rendering(page: Page, selector: str) -> list[dict[str, Any]]:
    """The fonts Chromium really drew the element's text with (DevTools protocol)."""
    session = page.context.new_cdp_session(page)
    session.send("DOM.enable")
    session.send("CSS.enable")
    root = session.send("DOM.getDocument")["root"]["nodeId"]
    node = session.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
    fonts: list[dict[str, Any]] = session.send("CSS.getPlatformFontsForNode", {"nodeId": node})[
        "fonts"
    ]
    return fonts


def test_korean_is_drawn_in_the_served_noto_sans_kr_without_any_cjk_font_on_the_machine(
    transactional_db: None, live_server: Any, browser_without_cjk_fonts: Browser
) -> None:
    assert FONT_CSS.exists(), "run `make install`: it copies Noto Sans KR into static/fonts/"
    context = browser_without_cjk_fonts.new_context(
        base_url=live_server.url, viewport=PHONE, extra_http_headers={"Accept-Language": "ko"}
    )
    page = context.new_page()
    fonts_fetched: list[str] = []
    page.on("requestfinished", lambda r: r.url.endswith(".woff2") and fonts_fetched.append(r.url))
    page.goto("/login/")
    page.evaluate("document.fonts.ready.then(() => true)")
    heading = page.locator("h1")
    assert page.evaluate("document.documentElement.lang") == "ko"
    assert heading.inner_text().strip() == "로그인"

    drawn = fonts_rendering(page, "h1")
    # The variable font names its default instance "Noto Sans KR Thin".
    assert [font["familyName"].startswith("Noto Sans KR") for font in drawn] == [True], drawn
    assert drawn[0]["isCustomFont"]
    # Only the slices the page's text needs are fetched, not the whole font.
    assert 0 < len(fonts_fetched) < 20, fonts_fetched
    assert all("/static/fonts/noto-sans-kr/files/" in url for url in fonts_fetched)

    artifacts = artifacts_dir()
    artifacts.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(artifacts / "korean-login-without-cjk-fonts.png"), full_page=True)
    context.close()


def test_an_english_page_keeps_the_system_font_and_draws_only_hangul_in_noto_sans_kr(
    transactional_db: None, live_server: Any, browser_without_cjk_fonts: Browser
) -> None:
    context = browser_without_cjk_fonts.new_context(base_url=live_server.url, locale="en-US")
    page = context.new_page()
    page.goto("/login/")
    page.evaluate("document.fonts.ready.then(() => true)")
    assert page.locator("h1").inner_text().strip() == "Log in"
    assert not [f for f in fonts_rendering(page, "h1") if f["isCustomFont"]]
    # The language menu names Korean in Korean: those letters come from the web font.
    page.locator(".language-switcher [data-bs-toggle=dropdown]").click()
    korean = page.locator(".language-switcher button[lang=ko]")
    korean.wait_for(state="visible")
    korean.evaluate("(button) => button.id = 'korean-language-name'")
    # Its slice is fetched once the menu shows it: until then the letters are boxes.
    drawn: list[dict[str, Any]] = []
    for _ in range(50):
        drawn = fonts_rendering(page, "#korean-language-name")
        if [f for f in drawn if f["isCustomFont"]]:
            break
        page.wait_for_timeout(100)
    assert [f["familyName"] for f in drawn if f["isCustomFont"]] == ["Noto Sans KR Thin"], drawn
    context.close()
