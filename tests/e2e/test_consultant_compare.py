"""A consultant compares two assessments of one client in a real browser and sees the change."""

from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import Page, expect

from assessments.models import Assessment
from assessments.services import assessment_start, assessment_submit
from organizations.models import Membership, Organization
from tests.e2e.conftest import BrowserProblems
from tests.factories import PASSWORD, answer_all, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def submitted(organization: Organization, user, choose: str, days_ago: int) -> Assessment:
    assessment = assessment_start(organization=organization, user=user)
    answer_all(assessment, choose)
    assessment_submit(assessment=assessment, user=user)
    Assessment.objects.filter(pk=assessment.pk).update(
        submitted_at=timezone.now() - timedelta(days=days_ago)
    )
    return assessment


def test_a_consultant_compares_two_assessments_of_one_client_and_sees_the_change(
    page: Page,
    browser_problems: BrowserProblems,
    screenshot: Callable[[Page, str], Path],
) -> None:
    call_command("loaddata", "questionnaire", verbosity=0)
    client = Organization.objects.create(name="Kestrel Outdoor", slug="kestrel")
    marketer = make_user("kim", client)
    make_user("cora", client, Membership.Role.CONSULTANT)
    before = submitted(client, marketer, "planned", days_ago=120)
    after = submitted(client, marketer, "mostly", days_ago=1)

    page.goto("/login/")
    page.fill("input[name=username]", "cora")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit].w-100")
    page.click(".consultant-links >> text=Compare")
    page.check(f"input[name=a][value='{before.pk}']")
    page.check(f"input[name=a][value='{after.pk}']")
    page.click("form .btn-primary >> text=Compare")

    expect(page.locator("#chart-radar[data-drawn=true]")).to_be_visible()
    expect(page.locator("#chart-heatmap[data-drawn=true]")).to_be_visible()
    action = page.locator("tr[data-element=action]")
    expect(action.locator(".change")).to_have_text("+50.0 · stage crossed")
    expect(page.locator(".overall-row")).to_contain_text("+50.0")
    screenshot(page, "05-compare")
    assert browser_problems.messages == []
