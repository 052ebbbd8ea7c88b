"""The result page, the roadmap and goals."""

import pytest
from django.test import Client

from assessments.models import Assessment, Goal

pytestmark = pytest.mark.django_db


def test_the_result_page_shows_stage_score_explanations_and_charts(
    alice_client: Client, submitted: Assessment
) -> None:
    response = alice_client.get(f"/assessments/{submitted.pk}/result/")

    assert response.status_code == 200
    page = response.context["page"]
    assert page.stage.key == "crawl"
    assert "About crawl" in response.text
    assert "50.0 / 100" in response.text
    assert "Crawl is not yet achieved: 50% of the 70% needed, 20 points short." in response.text
    radar = page.charts["radar"]
    # the scores alone: no target trace whose radius would stand for a stage
    assert [trace["type"] for trace in radar["data"]] == ["scatterpolar"]
    heatmap = page.charts["heatmap"]
    assert heatmap["data"][0]["z"][0] == [50.0, 50.0, 50.0]
    assert 'id="chart-radar-data" type="application/json"' in response.text
    assert 'id="chart-heatmap-data" type="application/json"' in response.text
    assert "<script>" not in response.text  # no inline script: a strict CSP holds
    assert "js/charts.js" in response.text


def test_a_draft_has_no_result_page_yet(alice_client: Client, draft: Assessment) -> None:
    response = alice_client.get(f"/assessments/{draft.pk}/result/")

    assert response["Location"] == f"/assessments/{draft.pk}/review/"


def test_the_roadmap_lists_gaps_with_recommendations_and_a_timeline(
    alice_client: Client, submitted: Assessment
) -> None:
    response = alice_client.get(f"/assessments/{submitted.pk}/roadmap/")

    assert response.status_code == 200
    # stage crawl everywhere: target walk, so crawl and walk items, none of run
    assert response.text.count('class="list-group-item py-3 roadmap-item"') == 12
    assert "action run 0?" not in response.text
    assert "Do it" in response.text
    assert 'id="chart-roadmap-data"' in response.text


def test_raising_a_target_and_the_phases_changes_the_roadmap(
    alice_client: Client, submitted: Assessment
) -> None:
    data = {
        f"target-{e}": "walk" for e in ("data", "insights", "methodology", "governance", "privacy")
    }
    data.update({"target-action": "run", "phase_1": 2, "phase_2": 6, "phase_3": 12})

    response = alice_client.post(f"/assessments/{submitted.pk}/roadmap/", data, follow=True)

    submitted.refresh_from_db()
    assert submitted.targets["action"] == "run"
    assert submitted.phases == [2, 6, 12]
    assert "action run 0?" in response.text
    assert "months 6\u201312" in response.text


def test_phases_that_do_not_increase_are_refused(
    alice_client: Client, submitted: Assessment
) -> None:
    data = {
        f"target-{e}": "walk"
        for e in ("action", "data", "insights", "methodology", "governance", "privacy")
    }
    data.update({"phase_1": 9, "phase_2": 3, "phase_3": 18})

    response = alice_client.post(f"/assessments/{submitted.pk}/roadmap/", data)

    assert response.status_code == 200
    assert "Each phase must end after the one before it." in response.text
    submitted.refresh_from_db()
    assert submitted.phase_ends == []


def test_a_roadmap_item_becomes_a_measurable_goal_with_its_roi_risks(
    alice_client: Client, submitted: Assessment
) -> None:
    url = f"/assessments/{submitted.pk}/goals/action-crawl-0/new/"
    form = alice_client.get(url)
    assert "Do it" in form.text  # prefilled with the recommendation

    response = alice_client.post(
        url,
        {
            "action": "Launch an abandoned-cart email",
            "metric": "recovered carts",
            "baseline": "0",
            "target": "5",
            "unit": "%",
            "due": "2027-06-30",
            "expected_gain": "12000",
            "platform_cost": "15000",
            "people_cost": "",
            "integration_months": "8",
            "payback_months": "",
        },
        follow=True,
    )

    goal = Goal.objects.get()
    assert goal.question.key == "action-crawl-0"
    assert "Moves recovered carts from 0% to 5%" in response.text
    assert "Payback: 15 months." in response.text
    assert "Risk: integration over 6 months" in response.text
    assert "Risk: payback over 12 months" in response.text


def test_a_goal_with_a_bad_date_is_refused_and_nothing_is_written(
    alice_client: Client, submitted: Assessment
) -> None:
    response = alice_client.post(
        f"/assessments/{submitted.pk}/goals/action-crawl-0/new/",
        {"action": "x", "metric": "y", "baseline": "1", "target": "abc", "due": "someday"},
    )

    assert response.status_code == 200
    assert not Goal.objects.exists()
    # the form says what is wrong, beside the fields that are wrong
    errors = response.context["form"].errors
    assert errors["target"] == ["Enter a number."]
    assert errors["due"] == ["Enter a valid date."]
    assert "Enter a number." in response.text
    assert "Enter a valid date." in response.text


def test_explanations_follow_the_stage_order_whatever_order_the_result_keys_come_in() -> None:
    from assessments.explanations import explain

    # PostgreSQL's jsonb hands keys back sorted by length: run, walk, crawl
    scope = {"attainment": {"run": None, "walk": 0.9, "crawl": 0.5}, "next_stage": "crawl"}

    sentences = explain(scope, 0.7, {"crawl": "Crawl", "walk": "Walk", "run": "Run"})

    assert sentences == [
        "Crawl is not yet achieved: 50% of the 70% needed, 20 points short.",
        "It blocks every later stage (Walk, Run) until it is reached.",
    ]


def test_the_goal_forms_money_fields_name_the_organizations_currency(
    alice_client: Client, submitted: Assessment
) -> None:
    organization = submitted.organization
    organization.currency = "KRW"
    organization.save()

    page = alice_client.get(f"/assessments/{submitted.pk}/goals/action-crawl-0/new/")

    assert page.status_code == 200
    form = page.context["form"]
    assert form.fields["expected_gain"].label.endswith("(KRW)")
    assert form.fields["platform_cost"].label.endswith("(KRW)")
    assert form.fields["people_cost"].label.endswith("(KRW)")
    assert "(KRW)" not in str(form.fields["baseline"].label)
