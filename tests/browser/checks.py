"""What every page of a journey must pass, collected page by page and reported together.

On each page: axe-core finds no violation of serious or critical impact; the first stops of
the Tab key each show where the focus is (an outline or a box shadow on the element or its
label); every chart is an image with a name and points at the table that holds its figures
(aria-describedby); on a phone nothing is wider than the screen. A full-page screenshot is
kept for a reviewer.
"""

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from playwright.sync_api import Page, expect

from tests.browser.axe import FAILING_IMPACTS, axe_run, describe

FOCUS_STOPS = 20

# The focused element (or the label of a visually hidden radio) draws an outline or a shadow.
FOCUS_SHOWN = """() => {
  const element = document.activeElement;
  if (!element || element === document.body || element === document.documentElement) return null;
  const shows = (node) => {
    const style = getComputedStyle(node);
    const outline = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0;
    const shadow = style.boxShadow && style.boxShadow !== "none";
    return outline || shadow;
  };
  return {
    shown: [element, ...(element.labels || [])].some(shows),
    html: element.outerHTML.slice(0, 140),
  };
}"""

# How far the page is wider than the window, and the outermost elements that stick out.
# The screen's width comes from the test: a phone zooms out to show a page that is too wide,
# so window.innerWidth grows with the page.
OVERFLOW = """(width) => {
  const over = document.documentElement.scrollWidth - width;
  if (over <= 0) return {over: 0, culprits: []};
  // Inside a scrolling (or clipping) box, sticking out is that box's business.
  const clipped = (node) => {
    for (let box = node.parentElement; box && box !== document.body; box = box.parentElement) {
      if (getComputedStyle(box).overflowX !== "visible") return true;
    }
    return false;
  };
  const culprits = [...document.body.querySelectorAll("*")]
    .filter((node) => node.getBoundingClientRect().right > width + 1 && !clipped(node))
    .filter((node) => {
      const parent = node.parentElement;
      return !parent || parent.getBoundingClientRect().right <= width + 1;
    })
    .slice(0, 4)
    .map((node) => node.outerHTML.slice(0, 120));
  return {over, culprits};
}"""

# Each chart: an image with a name, described by an element on the page that has text.
CHART_TEXT = """() => [...document.querySelectorAll("[data-chart]")].map((chart) => {
  const ids = (chart.getAttribute("aria-describedby") || "").split(/\\s+/).filter(Boolean);
  const described = ids.map((id) => document.getElementById(id)).filter(Boolean);
  return {
    id: chart.id,
    role: chart.getAttribute("role"),
    label: (chart.getAttribute("aria-label") || "").trim(),
    described: described.length > 0 && described.every((node) => node.textContent.trim()),
  };
})"""


@dataclass
class Journey:
    """Visits pages, checks each, keeps screenshots; `assert_clean` fails with every problem."""

    name: str
    artifacts: Path
    problems: list[str] = field(default_factory=list)
    screenshots: list[Path] = field(default_factory=list)

    def check(self, page: Page, title: str, *, phone: bool = False) -> None:
        wait_for_charts(page)
        where = f"[{self.name}] {title} ({page.url})"
        found = axe_run(page)
        if os.environ.get("AXE_REPORT_ALL") and found:
            print(f"{where}: axe-core, every impact\n{describe(found)}")
        violations = [v for v in found if v["impact"] in FAILING_IMPACTS]
        if violations:
            self.problems.append(f"{where}: axe-core\n{describe(violations)}")
        for chart in page.evaluate(CHART_TEXT):
            if chart["role"] != "img" or not chart["label"] or not chart["described"]:
                self.problems.append(
                    f"{where}: chart #{chart['id']} needs role=img, a name and aria-describedby "
                    f"pointing at its table ({chart})"
                )
        if phone:
            screen = page.viewport_size["width"] if page.viewport_size else 0
            overflow: dict[str, Any] = page.evaluate(OVERFLOW, screen)
            if overflow["over"] > 0:
                self.problems.append(
                    f"{where}: {overflow['over']} px wider than the screen; "
                    + " | ".join(overflow["culprits"])
                )
        self.screenshot(page, title)
        self.problems.extend(f"{where}: {p}" for p in focus_problems(page))
        # Shown with the failure even when a later step stops the journey first.
        print(f"{where}: {len(self.problems)} problem(s) so far")
        print("\n".join(self.problems[-3:]))

    def screenshot(self, page: Page, title: str) -> Path:
        self.artifacts.mkdir(parents=True, exist_ok=True)
        slug = "".join(c if c.isalnum() else "-" for c in title.lower()).strip("-")
        path = self.artifacts / f"{self.name}-{len(self.screenshots) + 1:02d}-{slug}.png"
        page.screenshot(path=str(path), full_page=True)
        self.screenshots.append(path)
        return path

    def assert_clean(self) -> None:
        assert not self.problems, f"{len(self.problems)} problem(s):\n" + "\n".join(self.problems)


def wait_for_charts(page: Page) -> None:
    page.wait_for_load_state("load")
    if page.locator("[data-chart]").count():
        expect(page.locator("[data-chart]:not([data-drawn=true])")).to_have_count(0)
    page.evaluate("document.fonts.ready.then(() => true)")


def focus_problems(page: Page, stops: int = FOCUS_STOPS) -> list[str]:
    """Tabs from the top of the page; every stop must show where the focus is."""
    # Focusing the body moves the start of sequential focus navigation to the top.
    page.evaluate(
        """() => { const body = document.body; body.tabIndex = -1; body.focus();
                   body.removeAttribute("tabindex"); window.scrollTo(0, 0); }"""
    )
    problems = []
    seen = 0
    for _ in range(stops):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUS_SHOWN)
        if focused is None:
            break
        seen += 1
        if not focused["shown"]:
            # Bootstrap eases its focus ring in (.15 s): look again once it has.
            page.wait_for_timeout(250)
            focused = page.evaluate(FOCUS_SHOWN) or focused
        if not focused["shown"]:
            problems.append(f"no visible focus on {focused['html']}")
    if seen == 0:
        problems.append("the Tab key reaches nothing")
    return problems
