"""Autosave under load: a fixed, small number of queries, and the sequence rule (a write that
arrives after a newer one changes nothing)."""

import random
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.contrib.auth.models import User
from django.core.cache import cache
from django.db import connection
from django.test import Client

from assessments.models import Answer, Assessment
from assessments.services import (
    answer_save,
    assessment_data,
    assessment_start,
    questionnaire_outline,
)
from maturity.models import Question
from maturity.services import questionnaire_import
from organizations.models import Organization
from tests.factories import answer_all, make_document, publish

pytestmark = pytest.mark.django_db

# session, user, assessment with its questionnaire (membership checked in the same query),
# SAVEPOINT, the assessment's last change (which locks its row), the answer read, the answer
# written, RELEASE SAVEPOINT, the answered questions. The question with its options and the
# version's outline (which element each question is in) are cached for a published version.
AUTOSAVE_QUERIES = 9


def autosave(client: Client, draft: Assessment, key: str | int, **fields: str | int) -> dict:
    """Autosave one field or two of question `key` (its key, or its id: no query)."""
    if isinstance(key, str):
        key = draft.questionnaire.questions.get(key=key).pk
    response = client.post(f"/assessments/{draft.pk}/autosave/", {"question": key, **fields})
    assert response.status_code == 200, response.content
    return response.json()


@pytest.mark.parametrize(("per_cell", "answered"), [(1, False), (5, True)])
def test_autosave_does_the_same_queries_for_3_or_90_questions_and_any_number_of_answers(
    alice_client: Client,
    acme: Organization,
    alice: User,
    per_cell: int,
    answered: bool,
    django_assert_num_queries,
) -> None:
    publish(per_cell=per_cell)
    draft = assessment_start(organization=acme, user=alice)
    if answered:
        answer_all(draft, "partial")
    question = draft.questionnaire.questions.get(key="action-crawl-0")
    autosave(alice_client, draft, question.pk, option="none", seq=1)  # now in the cache

    with django_assert_num_queries(AUTOSAVE_QUERIES):
        data = autosave(alice_client, draft, question.pk, option="full", seq=2)

    assert data["progress"]["total"] == 18 * per_cell
    assert data["progress"]["answered"] == (18 * per_cell if answered else 1)


def test_the_question_and_the_outline_are_read_once_per_published_version(
    alice_client: Client, draft: Assessment, django_assert_num_queries
) -> None:
    question = draft.questionnaire.questions.first()
    cache.clear()

    # ... and the question, its options, the elements and the questions of the version
    with django_assert_num_queries(AUTOSAVE_QUERIES + 4):
        autosave(alice_client, draft, question.pk, option="full", seq=1)
    with django_assert_num_queries(AUTOSAVE_QUERIES):
        autosave(alice_client, draft, question.pk, option="none", seq=2)


def test_the_outline_of_a_draft_version_is_never_cached(db: None) -> None:
    version = questionnaire_import(document=make_document(per_cell=2))

    before = questionnaire_outline(questionnaire=version)
    Question.objects.filter(questionnaire=version, key="action-run-1").delete()
    after = questionnaire_outline(questionnaire=version)

    assert list(before.totals.values()) == [6] * 6
    assert after.totals == {
        "action": 5,
        "data": 6,
        "insights": 6,
        "methodology": 6,
        "governance": 6,
        "privacy": 6,
    }
    assert len(after.elements) == 35


def test_the_counts_autosave_returns_are_those_of_the_whole_assessment(
    alice_client: Client, draft: Assessment
) -> None:
    answer_all(draft, "partial")
    Answer.objects.filter(question__element__key="privacy").delete()
    autosave(alice_client, draft, "privacy-crawl-0", note="Only a note: not an answer yet.")
    autosave(alice_client, draft, "privacy-walk-0", option="na")

    data = autosave(alice_client, draft, "action-run-0", option="")

    expected = assessment_data(assessment=draft).progress()
    assert data["answered"] is False
    assert (data["progress"]["answered"], data["progress"]["total"]) == (15, 18)
    assert (expected.answered, expected.total) == (15, 18)
    assert data["progress"]["percent"] == expected.percent == 83
    assert data["progress"]["elements"] == {
        "action": 67,
        "data": 100,
        "insights": 100,
        "methodology": 100,
        "governance": 100,
        "privacy": 33,
    }
    assert data["progress"]["answered_text"] == "15 of 18 answered"


@pytest.mark.parametrize("older", [100, 200])
def test_an_older_or_repeated_seq_arriving_after_a_newer_one_changes_nothing(
    alice_client: Client, draft: Assessment, older: int
) -> None:
    autosave(alice_client, draft, "action-crawl-0", option="full", note="Since March.", seq=200)

    data = autosave(alice_client, draft, "action-crawl-0", option="none", note="Old.", seq=older)

    assert data["stale"] is True
    assert (data["option"], data["note"], data["answered"]) == ("full", "Since March.", True)
    answer = Answer.objects.get()
    assert (answer.option.key, answer.note, answer.seq) == ("full", "Since March.", 200)


def test_a_newer_seq_applies(alice_client: Client, draft: Assessment) -> None:
    autosave(alice_client, draft, "action-crawl-0", option="none", seq=100)

    data = autosave(alice_client, draft, "action-crawl-0", option="full", seq=101)

    assert data["stale"] is False
    assert data["option"] == "full"
    answer = Answer.objects.get()
    assert (answer.option.key, answer.seq) == ("full", 101)


def test_the_page_form_without_seq_always_applies_and_keeps_the_stored_seq(
    alice_client: Client, draft: Assessment
) -> None:
    questions = list(draft.questionnaire.questions.filter(element__key="action"))
    autosave(alice_client, draft, questions[0].key, option="full", seq=200)

    alice_client.post(
        f"/assessments/{draft.pk}/answer/action/", {f"q-{q.pk}": "none" for q in questions}
    )
    late = autosave(alice_client, draft, questions[0].key, option="partial", seq=150)

    assert late["stale"] is True
    answer = Answer.objects.get(question=questions[0])
    assert (answer.option.key, answer.seq) == ("none", 200)


@pytest.mark.parametrize("seq", ["abc", "-5", "1.5", "", "²", str(2**63)])
def test_a_malformed_seq_is_refused_and_writes_nothing(
    alice_client: Client, draft: Assessment, seq: str
) -> None:
    question = draft.questionnaire.questions.first()

    response = alice_client.post(
        f"/assessments/{draft.pk}/autosave/",
        {"question": question.pk, "option": "full", "seq": seq},
    )

    assert response.status_code == 400
    assert response.json()["error"] == "Invalid sequence number."
    assert not Answer.objects.exists()


@pytest.mark.parametrize("answered_before", [False, True])
def test_concurrent_writes_to_one_question_keep_the_one_with_the_highest_seq(
    transactional_db: None, acme: Organization, alice: User, answered_before: bool
) -> None:
    if connection.vendor == "sqlite":
        # The in-memory test database cannot take concurrent connections; on a SQLite file,
        # BEGIN IMMEDIATE takes the write lock first, so writers cannot interleave anyway.
        pytest.skip("needs PostgreSQL (make test-postgres)")
    publish()
    threads = 12
    for _round in range(5):
        draft = assessment_start(organization=acme, user=alice)
        question = Question.objects.prefetch_related("options").get(
            questionnaire=draft.questionnaire, key="action-crawl-0"
        )
        options = list(question.options.all())
        if answered_before:
            answer_save(assessment=draft, question=question, option=options[0], seq=0)
        seqs = random.sample(range(1, 1000), threads)
        start = threading.Barrier(threads)

        def write(seq: int, **save: object) -> None:
            try:
                save["start"].wait()  # type: ignore[attr-defined]
                answer_save(
                    assessment=save["draft"],
                    question=save["question"],
                    option=save["options"][seq % 4],  # type: ignore[index]
                    seq=seq,
                )
            finally:
                connection.close()

        with ThreadPoolExecutor(threads) as pool:
            jobs = [
                pool.submit(
                    write, seq, start=start, draft=draft, question=question, options=options
                )
                for seq in seqs
            ]
            for job in jobs:
                job.result()

        answer = Answer.objects.get(assessment=draft)
        assert (answer.seq, answer.option) == (max(seqs), options[max(seqs) % 4])
