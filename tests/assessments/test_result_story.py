"""The result page tells one story: the headline says the stage and what blocks the next one,
failed gates come first, the score says what it measures, one date format, no internal ids."""

import re

import pytest
from django.contrib.auth.models import User
from django.test import Client

from assessments.models import Answer, Assessment, ShareLink
from assessments.services import assessment_start, assessment_submit
from maturity.models import Questionnaire
from organizations.models import Organization
from tests.factories import answer_all, publish

pytestmark = pytest.mark.django_db

BLOCKS = "It blocks every later stage"


def submitted_with(acme: Organization, alice: User, choose: str, **chosen: str) -> Assessment:
    """Every question answered `choose`, those named in `chosen` (key: option) otherwise."""
    assessment = assessment_start(organization=acme, user=alice)
    answer_all(assessment, choose)
    for key, option in chosen.items():
        answer = Answer.objects.get(assessment=assessment, question__key=key.replace("_", "-"))
        answer.option = answer.question.options.get(key=option)
        answer.save()
    return assessment_submit(assessment=assessment, user=alice)


@pytest.fixture
def gated(db: None) -> Questionnaire:
    return publish(gates=("privacy-crawl-0", "data-walk-0"))


def test_a_stage_not_reached_says_so_with_its_numbers_and_the_gate_that_blocks_it(
    alice_client: Client, gated: Questionnaire, acme: Organization, alice: User
) -> None:
    assessment = submitted_with(acme, alice, "partial")

    response = alice_client.get(f"/assessments/{assessment.pk}/result/")

    page = response.context["page"]
    assert page.headline == (
        "Crawl — not yet reached: 50% of the 70% needed; "
        "blocked by: privacy crawl 0? (must be fully in place)"
    )
    assert f'data-stage="crawl">{page.headline}</p>' in response.text


def test_a_reached_stage_reads_reached_with_the_next_ones_progress(
    alice_client: Client, gated: Questionnaire, acme: Organization, alice: User
) -> None:
    run = {f"{element}_run_0": "partial" for element in ("action", "data", "insights")}
    assessment = submitted_with(acme, alice, "full", **run)

    page = alice_client.get(f"/assessments/{assessment.pk}/result/").context["page"]

    # run: three elements at 0.5, three at 1
    assert page.stage.key == "run"  # overall run attainment (3 * 0.5 + 3) / 6 = 75%
    assert page.headline == "Run reached"
    action = next(row for row in page.elements if row.element.key == "action")
    assert action.headline == "Walk reached; Run 50% of 70%"
    assert action.reached


def test_a_gate_blocks_a_stage_whose_attainment_is_enough_and_the_page_says_why(
    alice_client: Client, gated: Questionnaire, acme: Organization, alice: User
) -> None:
    assessment = submitted_with(acme, alice, "full", data_walk_0="partial")

    response = alice_client.get(f"/assessments/{assessment.pk}/result/")

    page = response.context["page"]
    assert page.headline == (
        "Crawl reached; Walk 92% of 70%; blocked by: data walk 0? (must be fully in place)"
    )
    assert (
        "Walk is not yet achieved: 92% is above the 70% needed, but a must-have is not fully "
        "in place." in page.explanation
    )
    assert not any("points short" in sentence for sentence in page.explanation)
    # the gate holds the stage, not the weakest element
    assert not any("held at" in sentence for sentence in page.explanation)
    data = next(row for row in page.elements if row.element.key == "data")
    assert data.headline == (
        "Crawl reached; Walk 50% of 70%; blocked by: data walk 0? (must be fully in place)"
    )
    heatmap = page.charts["heatmap"]["data"][0]
    assert heatmap["text"][1] == ["100%", "50% · a must-have is missing", "100%"]
    assert heatmap["text"][0] == ["100%", "100%", "100%"]


def test_failed_gates_are_named_first_in_the_active_language(
    alice_client: Client, gated: Questionnaire, acme: Organization, alice: User
) -> None:
    assessment = submitted_with(acme, alice, "full", privacy_crawl_0="none", data_walk_0="partial")

    response = alice_client.get(
        f"/assessments/{assessment.pk}/result/", headers={"accept-language": "de"}
    )

    text = response.text
    gates = re.findall(r'<li class="failed-gate" data-question="([^"]+)">([^<]+)<', text)
    # in questionnaire order: data comes before privacy
    assert gates == [
        ("data-walk-0", "data walk 0? (de) "),
        ("privacy-crawl-0", "privacy crawl 0? (de) "),
    ]
    assert text.index("failed-gates") < text.index("overall-score")
    assert "privacy crawl 0? (de)" in response.context["page"].headline


def test_the_score_says_what_it_measures(
    alice_client: Client, gated: Questionnaire, acme: Organization, alice: User
) -> None:
    assessment = submitted_with(acme, alice, "partial")

    response = alice_client.get(f"/assessments/{assessment.pk}/result/")

    assert "share of capabilities in place, all stages" in response.text
    assert "against the targets" not in response.text


def test_it_blocks_every_later_stage_is_said_once(
    alice_client: Client, gated: Questionnaire, acme: Organization, alice: User
) -> None:
    assessment = submitted_with(acme, alice, "partial")

    response = alice_client.get(f"/assessments/{assessment.pk}/result/")

    assert response.text.count(BLOCKS) == 1


def test_the_page_names_the_question_bank_for_people_not_by_its_internal_id(
    alice_client: Client, gated: Questionnaire, acme: Organization, alice: User
) -> None:
    assessment = submitted_with(acme, alice, "partial")

    response = alice_client.get(f"/assessments/{assessment.pk}/result/")

    assert "ecommerce-maturity@" not in response.text
    assert "Test questionnaire, version 1" in response.text


@pytest.mark.parametrize(
    ("language", "date_shape"),
    [
        ("en", r"[A-Z][a-z]+\.? \d{1,2}, \d{4}"),  # Nov. 28, 2026
        ("de", r"\d{1,2}\. [A-ZÄÖÜ][a-zäöü]+ \d{4}"),  # 28. November 2026
        ("ko", r"\d{4}년 \d{1,2}월 \d{1,2}일"),
    ],
)
def test_every_date_on_the_page_has_the_one_format_of_its_language(
    alice_client: Client,
    gated: Questionnaire,
    acme: Organization,
    alice: User,
    language: str,
    date_shape: str,
) -> None:
    assessment = submitted_with(acme, alice, "partial")
    alice_client.post(f"/assessments/{assessment.pk}/share/", {"days": "30"})
    assert ShareLink.objects.count() == 1

    response = alice_client.get(
        f"/assessments/{assessment.pk}/result/", headers={"accept-language": language}
    )

    text = re.sub(r"<script.*?</script>", "", response.text, flags=re.S)
    # created (breadcrumb), submitted, and the share link's end
    assert len(re.findall(date_shape, text)) == 3
    assert not re.search(r"\d{1,2}[./]\d{1,2}[./]\d{2,4}", text)  # no short date
    # no time of day (a signed share token holds colons between letters and digits)
    assert not re.search(r"(?<![\w:-])\d{1,2}:\d{2}(?![\w:])", text)


def test_failed_gates_do_not_add_queries_to_the_result_page(
    alice_client: Client,
    gated: Questionnaire,
    acme: Organization,
    alice: User,
    django_assert_num_queries,
) -> None:
    assessment = submitted_with(acme, alice, "full", privacy_crawl_0="none", data_walk_0="none")

    # session, user, assessment, peer-set version, the viewer's organizations, answers, the
    # peer set, the live share links (the version's content is cached: submitting read it),
    # the version of the lifecycle figures; the live plan, the first time (then cached under
    # that version): answers, latest import, typed months, lifecycle stages, benchmarks
    with django_assert_num_queries(9 + 5):
        alice_client.get(f"/assessments/{assessment.pk}/result/")
