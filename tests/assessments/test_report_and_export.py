"""The print-ready report and the JSON export of one assessment."""

import json
from datetime import date
from decimal import Decimal
from io import StringIO
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.test import Client

from assessments.models import Answer, Assessment, Goal

pytestmark = pytest.mark.django_db


@pytest.fixture
def charlie_client(charlie: User) -> Client:
    client = Client()
    client.force_login(charlie)
    return client


def test_the_report_shows_result_charts_roadmap_and_goals_with_risk_flags(
    alice_client: Client, submitted: Assessment, alice: User
) -> None:
    question = submitted.questionnaire.questions.get(key="action-crawl-0")
    Goal.objects.create(
        assessment=submitted,
        question=question,
        action="Send an abandoned-cart email",
        metric="cart recovery rate",
        baseline=Decimal("2"),
        target=Decimal("6"),
        unit="%",
        due=date(2027, 6, 30),
        integration_months=Decimal("9"),
        payback_months=Decimal("18"),
        created_by=alice,
    )

    response = alice_client.get(f"/assessments/{submitted.pk}/report/")

    assert response.status_code == 200
    text = response.text
    assert "About crawl" in text
    assert "50.0 / 100" in text
    assert text.count('class="element-result"') == 6
    assert "Crawl is not yet achieved: 50% of the 70% needed, 20 points short." in text
    assert 'id="chart-radar-data" type="application/json"' in text
    assert 'id="chart-heatmap-data" type="application/json"' in text
    assert "js/charts.js" in text
    assert "<script>" not in text  # no inline script: a strict CSP holds
    # a fixed width, so the charts never resize and fit A4 inside 15 mm margins (680 px)
    charts = response.context["page"].charts
    assert charts["radar"]["layout"]["width"] == charts["heatmap"]["layout"]["width"] == 620
    # stage crawl everywhere: target walk, so crawl and walk items, none of run
    assert text.count('report-item roadmap-item"') == 12
    assert '<p class="mb-0 recommendation">Do it</p>' in text
    assert "action run 0?" not in text
    assert "Send an abandoned-cart email" in text
    assert "Risk: integration over 6 months" in text
    assert "Risk: payback over 12 months" in text
    assert text.count("report-section") >= 4


def test_the_report_is_for_members_and_submitted_assessments_only(
    alice_client: Client, charlie_client: Client, submitted: Assessment, draft: Assessment
) -> None:
    assert charlie_client.get(f"/assessments/{submitted.pk}/report/").status_code == 404
    assert alice_client.get(f"/assessments/{draft.pk}/report/").status_code == 404
    assert Client().get(f"/assessments/{submitted.pk}/report/").status_code == 302


def test_the_export_is_a_download_that_the_score_command_accepts(
    alice_client: Client, submitted: Assessment, tmp_path: Path
) -> None:
    response = alice_client.get(f"/assessments/{submitted.pk}/export.json")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert (
        response["Content-Disposition"]
        == f'attachment; filename="acme-assessment-{submitted.pk}.json"'
    )
    document = json.loads(response.content)
    assert list(document) == ["questionnaire", "answers", "notes", "result"]
    assert document["questionnaire"] == "ecommerce-maturity@1"
    assert len(document["answers"]) == 18
    assert set(document["answers"].values()) == {"partial"}
    assert document["result"] == submitted.result

    path = tmp_path / "export.json"
    path.write_bytes(response.content)
    out = StringIO()
    call_command("score", str(path), stdout=out)
    scored = json.loads(out.getvalue())

    assert scored["overall"]["score"] == submitted.result["overall"]["score"]
    assert scored["overall"]["stage"] == submitted.result["overall"]["stage"]
    assert scored["elements"] == submitted.result["elements"]


def test_the_export_keeps_only_notes_that_say_something(
    alice_client: Client, submitted: Assessment
) -> None:
    Answer.objects.filter(assessment=submitted, question__key="data-walk-0").update(
        note="Only the shop, not the app."
    )

    document = json.loads(alice_client.get(f"/assessments/{submitted.pk}/export.json").content)

    assert document["notes"] == {"data-walk-0": "Only the shop, not the app."}


def test_a_draft_exports_its_answers_so_far_and_no_result(
    alice_client: Client, draft: Assessment
) -> None:
    question = draft.questionnaire.questions.get(key="privacy-run-0")
    Answer.objects.create(
        assessment=draft,
        question=question,
        option=question.options.get(key="na"),
        note="Hosted by the platform.",
    )
    only_note = draft.questionnaire.questions.get(key="action-crawl-0")
    Answer.objects.create(assessment=draft, question=only_note, note="Ask IT.")

    document = json.loads(alice_client.get(f"/assessments/{draft.pk}/export.json").content)

    assert document == {
        "questionnaire": "ecommerce-maturity@1",
        "answers": {"privacy-run-0": "na"},
        "notes": {"action-crawl-0": "Ask IT.", "privacy-run-0": "Hosted by the platform."},
        "result": None,
    }


def test_charlie_gets_404_on_the_export(charlie_client: Client, submitted: Assessment) -> None:
    assert charlie_client.get(f"/assessments/{submitted.pk}/export.json").status_code == 404
