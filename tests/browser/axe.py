"""axe-core (npm, pinned in package-lock.json, installed by `make install`) inside a page.

The page's own Content-Security-Policy stays on: the engine goes in through Playwright's
evaluate, which the CSP does not govern, so a CSP violation of the app still shows.
"""

import os
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page

AXE_JS = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
# WCAG 2.0, 2.1 and 2.2, levels A and AA, plus axe's best practices (landmarks, one h1, …);
# only serious and critical findings fail a test.
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
FAILING_IMPACTS = ("serious", "critical")


@cache
def axe_source() -> str:
    if not AXE_JS.exists():
        pytest.fail(f"{AXE_JS} is missing: run `make install` (npm ci) to get axe-core")
    return AXE_JS.read_text(encoding="utf-8")


def axe_run(page: Page, *, exclude: list[str] | None = None) -> list[dict[str, Any]]:
    """The violations axe finds on the page as it is now (every impact)."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(axe_source())
    context: dict[str, Any] = {"exclude": [[selector] for selector in exclude or []]}
    results = page.evaluate(
        """([context, tags]) => axe.run(context.exclude.length ? context : document, {
            runOnly: {type: "tag", values: tags}, resultTypes: ["violations"]
        })""",
        [context, TAGS],
    )
    violations: list[dict[str, Any]] = results["violations"]
    return violations


def describe(violations: list[dict[str, Any]]) -> str:
    """One readable block per rule: what, how bad, where (up to five elements), and why."""
    lines = []
    for violation in violations:
        lines.append(
            f"- {violation['id']} ({violation['impact']}): {violation['help']} "
            f"[{len(violation['nodes'])} element(s)] {violation['helpUrl'].split('?')[0]}"
        )
        for node in violation["nodes"][:5]:
            target = " ".join(str(part) for part in node["target"])
            summary = (node.get("failureSummary") or "").replace("\n", " ")
            lines.append(f"    {target}: {node['html'][:160]}")
            if summary:
                lines.append(f"      {summary[:300]}")
    return "\n".join(lines)


def assert_no_axe_violations(page: Page, *, exclude: list[str] | None = None) -> None:
    """Fails when axe finds a violation of serious or critical impact on the page."""
    violations = axe_run(page, exclude=exclude)
    failing = [v for v in violations if v["impact"] in FAILING_IMPACTS]
    if os.environ.get("AXE_REPORT_ALL") and violations:
        print(f"\naxe on {page.url}:\n{describe(violations)}")
    assert not failing, f"axe-core on {page.url}:\n{describe(failing)}"
