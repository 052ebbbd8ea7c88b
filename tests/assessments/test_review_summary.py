"""The review page of a fully answered draft: answers per element, not applicable, notes, and
the stage the answers would give, the same the submission then freezes."""

import pytest
from django.contrib.auth.models import User
from django.test import Client

from assessments.models import Answer, Assessment
from assessments.services import assessment_start, assessment_submit
from organizations.models import Organization
from tests.factories import answer_all, publish

pytestmark = pytest.mark.django_db


def _review(client: Client, draft: Assessment) -> str:
    response = client.get(f"/assessments/{draft.pk}/review/")
    assert response.status_code == 200
    return response.text


def test_an_unfinished_draft_gets_the_open_questions_and_no_summary(
    alice_client: Client, draft: Assessment
) -> None:
    text = _review(alice_client, draft)

    assert "unanswered-list" in text
    assert "review-summary" not in text


def test_the_preview_names_the_stage_the_submission_then_freezes(
    alice_client: Client, draft: Assessment, alice: User
) -> None:
    answer_all(draft, "partial")
    Answer.objects.filter(assessment=draft, question__key="action-crawl-0").update(
        option=draft.questionnaire.questions.get(key="action-crawl-0").option_by_key("full")
    )

    text = _review(alice_client, draft)
    result = assessment_submit(assessment=draft, user=alice).result
    assert result is not None

    stage = draft.questionnaire.stages.get(key=result["overall"]["stage"])
    preview = text[text.index("stage-preview") : text.index("Your answers per element")]
    assert f'<span class="badge stage-badge stage-{stage.key}">{stage.title}</span>' in preview
    assert f"Score {result['overall']['score']:.1f} / 100" in preview


def test_the_summary_counts_answers_per_element_not_applicable_and_shows_the_notes(
    alice_client: Client, draft: Assessment
) -> None:
    answer_all(draft, "full")
    questions = draft.questionnaire.questions
    na = questions.get(key="data-walk-0").option_by_key("na")
    Answer.objects.filter(assessment=draft, question__key="data-walk-0").update(option=na)
    Answer.objects.filter(assessment=draft, question__key="data-run-0").update(
        option=questions.get(key="data-run-0").option_by_key("na"),
        note="We sell no subscriptions.",
    )

    text = _review(alice_client, draft)

    assert "2 questions answered “Not applicable” in all." in text
    data_row = text[text.index('<tr data-element="data">') :]
    data_row = data_row[: data_row.index("</tr>")]
    assert "Fully in place: 1" in data_row
    assert '<td class="text-end">2</td>' in data_row
    assert "1 note" in text
    assert "We sell no subscriptions." in text
    assert "data run 0?" in text  # the question the note belongs to


def test_failed_must_haves_are_named_before_submitting(
    alice_client: Client, acme: Organization, alice: User
) -> None:
    publish(gates=("privacy-crawl-0",))
    gated = assessment_start(organization=acme, user=alice)
    answer_all(gated, "full")
    gate = gated.questionnaire.questions.get(key="privacy-crawl-0")
    Answer.objects.filter(assessment=gated, question=gate).update(
        option=gate.option_by_key("partial")
    )

    text = _review(alice_client, gated)

    assert "Must-haves not fully in place:" in text  # translated without the colon
    assert "privacy crawl 0?" in text[text.index("failed-gates") :]


def test_charlie_cannot_review_alices_draft(
    client: Client, charlie: User, draft: Assessment
) -> None:
    client.force_login(charlie)

    assert client.get(f"/assessments/{draft.pk}/review/").status_code == 404


@pytest.mark.parametrize("notes", [0, 6])
def test_the_review_summary_queries_do_not_grow_with_notes(
    alice_client: Client, draft: Assessment, notes: int, django_assert_num_queries
) -> None:
    answer_all(draft, "partial")
    for answer in Answer.objects.filter(assessment=draft)[:notes]:
        answer.note = "evidence"
        answer.save()

    alice_client.get(f"/assessments/{draft.pk}/review/")  # the version's content, cached
    # session, user, the assessment with organization, version and submitter, the answers
    # with their options
    with django_assert_num_queries(4):
        response = alice_client.get(f"/assessments/{draft.pk}/review/")

    assert response.status_code == 200
    assert "review-summary" in response.text
