"""The printable report opens with a one-page executive summary: stage, score, the failed
must-haves and the three things to do first, before the detailed pages."""

from django.contrib.auth.models import User
from django.test import Client

from assessments.models import Answer, Assessment
from assessments.services import assessment_start, assessment_submit
from organizations.models import Organization
from tests.factories import answer_all, publish


def test_the_report_opens_with_the_executive_summary(
    alice_client: Client, submitted: Assessment
) -> None:
    response = alice_client.get(f"/assessments/{submitted.pk}/report/")

    assert response.status_code == 200
    text = response.text
    summary = text[text.index('id="report-summary"') : text.index('id="report-result"')]
    assert "Executive summary" in summary
    stage = submitted.result["overall"]["stage"]  # type: ignore[index]
    assert f"stage-badge stage-{stage}" in summary
    assert f"{submitted.result['overall']['score']:.1f} / 100" in summary  # type: ignore[index]
    assert "The three things to do first" in summary
    assert summary.count('<li class="mb-1" data-question=') == 3
    assert "summary-gates" not in summary  # no must-haves in this bank


def test_failed_must_haves_are_in_the_summary(
    alice_client: Client, acme: Organization, alice: User
) -> None:
    publish(gates=("privacy-crawl-0",))
    assessment = assessment_start(organization=acme, user=alice)
    answer_all(assessment, "full")
    Answer.objects.filter(assessment=assessment, question__key="privacy-crawl-0").update(
        option=assessment.questionnaire.questions.get(key="privacy-crawl-0").option_by_key(
            "partial"
        )
    )
    assessment_submit(assessment=assessment, user=alice)

    text = alice_client.get(f"/assessments/{assessment.pk}/report/").text

    summary = text[text.index('id="report-summary"') : text.index('id="report-result"')]
    assert "privacy crawl 0?" in summary[summary.index("summary-gates") :]


def test_charlie_cannot_print_alices_report(
    client: Client, charlie: User, submitted: Assessment
) -> None:
    client.force_login(charlie)

    assert client.get(f"/assessments/{submitted.pk}/report/").status_code == 404


def test_the_report_does_a_fixed_number_of_queries(
    alice_client: Client, submitted: Assessment, django_assert_num_queries
) -> None:
    url = f"/assessments/{submitted.pk}/report/"
    alice_client.get(url)  # the version's content and the peer set, cached once read
    # session, user, the assessment; the roadmap's lifecycle snapshot (import, figures,
    # stages, benchmarks, segments) and goals; the answers; the peer set's version and who
    # the viewer is; the goals with their questions
    with django_assert_num_queries(13):
        response = alice_client.get(url)

    assert response.status_code == 200
