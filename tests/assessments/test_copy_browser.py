"""Copy buttons in a real browser: the share link and the invitation link are copied to the
clipboard with one click, and the page says so."""

from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from assessments.models import Assessment, ShareLink
from assessments.services import assessment_start, assessment_submit
from organizations.models import Membership, Organization
from tests.e2e import conftest as e2e
from tests.factories import PASSWORD, answer_all, make_user, publish

pytestmark = pytest.mark.browser

browser = e2e.browser
browser_problems = e2e.browser_problems
new_page = e2e.new_page


def _log_in(page: Page, username: str) -> None:
    page.goto("/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("form[action='/login/'] button[type=submit]")
    page.wait_for_url("**/")


@pytest.fixture
def acme(transactional_db: None) -> Organization:
    publish()
    return Organization.objects.create(name="Acme Outdoor", slug="acme")


def test_the_share_link_is_copied_and_the_copy_confirmed(
    acme: Organization,
    live_server: Any,
    new_page: Callable[..., Page],
    browser_problems: e2e.BrowserProblems,
) -> None:
    alice = make_user("alice", acme, Membership.Role.MARKETER)
    assessment: Assessment = assessment_start(organization=acme, user=alice)
    answer_all(assessment, "partial")
    assessment_submit(assessment=assessment, user=alice)
    page = new_page(permissions=["clipboard-read", "clipboard-write"])
    _log_in(page, "alice")
    page.goto(f"/assessments/{assessment.pk}/result/")

    page.get_by_role("button", name="Create a share link").click()
    link = ShareLink.objects.get()
    button = page.locator(f'[data-copy="#share-url-{link.pk}"]')
    expect(button).to_be_visible()
    button.click()

    expect(page.locator(f"#share-url-{link.pk}-copy-status")).to_have_text(
        "Copied to the clipboard"
    )
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == page.locator(f"#share-url-{link.pk}").input_value()
    assert copied.startswith(f"{live_server.url}/shared/")
    assert browser_problems.messages == []


def test_the_invitation_link_is_copied_and_the_copy_confirmed(
    acme: Organization, new_page: Callable[..., Page]
) -> None:
    make_user("bob", acme, Membership.Role.CONSULTANT)
    page = new_page(permissions=["clipboard-read", "clipboard-write"])
    _log_in(page, "bob")
    page.goto("/clients/acme/invite/")
    page.fill("input[name=email]", "dana@example.com")
    page.get_by_role("button", name="Send the invitation").click()

    page.locator('[data-copy="#invite-link"]').click()

    expect(page.locator("#invite-link-copy-status")).to_have_text("Copied to the clipboard")
    assert (
        page.evaluate("navigator.clipboard.readText()")
        == page.locator("#invite-link").input_value()
    )
