"""Goals measured by the lifecycle tracker: the form picks a metric and starts from its
latest value; each import or typed month moves the goal's measured value against the
straight line from baseline to target, worked out by hand."""

import re
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from assessments.models import NO_METRIC, Assessment, Goal
from assessments.services import assessment_start, assessment_submit, goals_measured
from lifecycle.models import PeriodFigures
from lifecycle.services import orders_import_start
from maturity.models import Questionnaire
from maturity.services import questionnaire_import, questionnaire_publish
from organizations.models import Organization
from tests.factories import answer_all, make_document
from tests.lifecycle.files import upload

pytestmark = pytest.mark.django_db

# Referral = orders naming a referrer / all orders of the month (SPEC.md 3).
# January: b's order names a; February: none of 2 orders is referred: 0 %.
FIRST = (
    "customer_id,order_date,amount,referred_by\n"
    "a,2026-01-05,10,\n"
    "b,2026-01-20,20,a\n"
    "c,2026-02-03,30,\n"
    "d,2026-02-10,15,\n"
)
# The same file a month later: in March, 2 of 4 orders name a referrer: 50 %.
SECOND = FIRST + ("e,2026-03-02,10,c\nf,2026-03-09,10,\ng,2026-03-15,10,c\na,2026-03-20,10,\n")
SET_ON = datetime(2026, 2, 28, 12, tzinfo=timezone.get_current_timezone())
TODAY = date(2026, 3, 31)


@pytest.fixture
def reference(db: None) -> None:
    call_command("loaddata", "lifecycle", verbosity=0)


@pytest.fixture
def tagged(db: None) -> Questionnaire:
    """The test bank with lifecycle stages on two questions: advocacy and acquisition."""
    document = make_document()
    for element in document["elements"]:
        for question in element["questions"]:
            if question["key"] == "action-crawl-0":
                question["lifecycle"] = ["advocacy"]
            if question["key"] == "data-crawl-0":
                question["lifecycle"] = ["acquisition"]
    return questionnaire_publish(questionnaire=questionnaire_import(document=document))


@pytest.fixture
def measured(tagged: Questionnaire, reference: None, acme: Organization, alice: User) -> Assessment:
    assessment = assessment_start(organization=acme, user=alice)
    answer_all(assessment, "partial")
    return assessment_submit(assessment=assessment, user=alice)


def referral_goal(assessment: Assessment, **fields: Any) -> Goal:
    values: dict[str, Any] = {
        "action": "Ask every buyer for a referral",
        "lifecycle_metric": "referral",
        "metric": "",
        "baseline": Decimal("0"),
        "target": Decimal("20"),
        "unit": "%",
        "due": date(2026, 12, 31),
    }
    values.update(fields)
    goal = Goal.objects.create(
        assessment=assessment,
        question=assessment.questionnaire.questions.get(key="action-crawl-0"),
        **values,
    )
    Goal.objects.filter(pk=goal.pk).update(created_at=SET_ON)
    return goal


def test_a_goals_measured_value_follows_each_import(
    measured: Assessment, acme: Organization
) -> None:
    referral_goal(measured)

    orders_import_start(organization=acme, user=None, upload=upload(FIRST, "first.csv"))
    [first] = goals_measured(assessment=measured, today=TODAY)
    orders_import_start(organization=acme, user=None, upload=upload(SECOND, "second.csv"))
    [second] = goals_measured(assessment=measured, today=TODAY)

    # the line from 0 % on 28 Feb to 20 % on 31 Dec (306 days), 31 days in: 20 * 31 / 306
    assert first.progress is not None and second.progress is not None
    assert round(first.progress.expected, 2) == round(second.progress.expected, 2) == 2.03
    assert (first.progress.measured, first.measured_on) == (0.0, date(2026, 2, 1))
    assert first.progress.on_track is False
    assert (second.progress.measured, second.measured_on) == (50.0, date(2026, 3, 1))
    assert second.progress.on_track is True
    assert second.progress.reached


def test_a_cac_goal_is_on_track_when_the_cost_falls_at_least_as_fast_as_the_line(
    measured: Assessment, acme: Organization
) -> None:
    orders_import_start(organization=acme, user=None, upload=upload(FIRST, "first.csv"))
    referral_goal(
        measured,
        lifecycle_metric="cac",
        baseline=Decimal("40"),
        target=Decimal("10"),
        unit="",
        due=date(2026, 4, 30),  # 61 days: on 31 March the line is at 40 - 30 * 31 / 61
    )
    # February: 2 new customers (c, d) for 50 spent, typed in: 25 each
    PeriodFigures.objects.create(organization=acme, month=date(2026, 2, 1), acquisition_spend=50)

    [reading] = goals_measured(assessment=measured, today=TODAY)

    assert reading.progress is not None
    assert reading.progress.measured == 25.0
    assert round(reading.progress.expected, 2) == 24.75
    assert reading.progress.on_track is False  # lower is better, and 25 is above 24.75


def test_a_goal_named_in_words_is_not_measured(measured: Assessment, acme: Organization) -> None:
    referral_goal(measured, lifecycle_metric="", metric="Share of repeat buyers in the survey")
    orders_import_start(organization=acme, user=None, upload=upload(FIRST, "first.csv"))

    [reading] = goals_measured(assessment=measured, today=TODAY)

    assert reading.progress is None
    assert reading.title == "Share of repeat buyers in the survey"


def test_the_goal_form_starts_from_the_metric_of_the_stage_the_item_serves(
    alice_client: Client, measured: Assessment, acme: Organization
) -> None:
    orders_import_start(organization=acme, user=None, upload=upload(FIRST, "first.csv"))

    response = alice_client.get(f"/assessments/{measured.pk}/goals/action-crawl-0/new/")

    assert response.status_code == 200
    form = response.context["form"]
    # the question serves advocacy, measured by the referral rate: 0 % in February
    assert form.initial["lifecycle_metric"] == "referral"
    assert form.initial["baseline"] == "0"
    assert form.initial["unit"] == "%"
    # every metric carries its latest value for the script; segments are metrics too
    assert re.search(r'value="referral" selected data-latest="0" data-unit="%"', response.text)
    assert re.search(r'value="segment:new-customers" data-latest="\d+"', response.text)
    assert "js/goal_form.js" in response.text


def test_a_goal_needs_a_metric_measured_or_in_words(
    alice_client: Client, measured: Assessment
) -> None:
    data = {"action": "Do it", "baseline": "1", "target": "2", "due": "2027-01-31"}

    refused = alice_client.post(f"/assessments/{measured.pk}/goals/action-crawl-0/new/", data)
    saved = alice_client.post(
        f"/assessments/{measured.pk}/goals/action-crawl-0/new/",
        {**data, "lifecycle_metric": "retention"},
    )

    assert refused.status_code == 200
    assert str(NO_METRIC) in refused.text
    goal = Goal.objects.get()
    assert goal.lifecycle_metric == "retention" and goal.metric == ""
    # back to the goal itself on the roadmap, not to the page's end
    assert saved["Location"] == f"/assessments/{measured.pk}/roadmap/#goal-{goal.pk}"


def test_an_unknown_lifecycle_metric_is_refused(alice_client: Client, measured: Assessment) -> None:
    response = alice_client.post(
        f"/assessments/{measured.pk}/goals/action-crawl-0/new/",
        {
            "action": "Do it",
            "lifecycle_metric": "happiness",
            "baseline": "1",
            "target": "2",
            "due": "2027-01-31",
        },
    )

    assert response.status_code == 200
    assert not Goal.objects.exists()


def test_the_roadmap_shows_a_goals_progress_after_each_import(
    alice_client: Client, measured: Assessment, acme: Organization
) -> None:
    goal = referral_goal(measured, due=date(2099, 12, 31))
    url = f"/assessments/{measured.pk}/roadmap/"

    before = alice_client.get(url)
    orders_import_start(organization=acme, user=None, upload=upload(FIRST, "first.csv"))
    first = alice_client.get(url)
    orders_import_start(organization=acme, user=None, upload=upload(SECOND, "second.csv"))
    second = alice_client.get(url)

    anchor = f'id="goal-{goal.pk}"'
    assert anchor in before.text and "Not measured yet" in before.text
    assert "Measured: 0% (February 2026)" in first.text
    assert "Off track" in first.text
    assert "Measured: 50% (March 2026)" in second.text
    assert "Target reached" in second.text


@pytest.mark.parametrize("goals", [1, 6])
def test_the_roadmap_queries_do_not_grow_with_measured_goals(
    alice_client: Client,
    measured: Assessment,
    acme: Organization,
    goals: int,
    django_assert_num_queries: Any,
) -> None:
    orders_import_start(organization=acme, user=None, upload=upload(FIRST, "first.csv"))
    for n in range(goals):
        referral_goal(measured, lifecycle_metric="segment:new-customers" if n % 2 else "referral")

    # session, user, assessment, answers, goals (content cached), the version of the
    # lifecycle figures; lifecycle: latest import, its months, typed months, stages,
    # benchmarks, segments, segment counts (the first time: then cached under that version)
    with django_assert_num_queries(6 + 7):
        response = alice_client.get(f"/assessments/{measured.pk}/roadmap/")

    assert (
        response.text.count('class="border rounded p-2 mb-2 bg-body-tertiary small goal"') == goals
    )


def test_charlie_cannot_open_the_goal_form_of_acmes_assessment(
    client: Client, charlie: User, measured: Assessment
) -> None:
    client.force_login(charlie)

    response = client.get(f"/assessments/{measured.pk}/goals/action-crawl-0/new/")

    assert response.status_code == 404


def test_the_printable_report_names_a_measured_goals_metric(
    alice_client: Client, measured: Assessment
) -> None:
    referral_goal(measured)
    referral_goal(measured, lifecycle_metric="segment:at-risk", target=Decimal("10"))

    response = alice_client.get(f"/assessments/{measured.pk}/report/")

    assert response.status_code == 200
    assert "Moves Referral rate from 0% to 20%" in response.text
    assert "Moves Customers in the segment “at risk” from 0% to 10%" in response.text
