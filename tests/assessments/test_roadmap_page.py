"""The roadmap page, the result and the lifecycle dashboard as one loop: the drop-off stage of
the organization's figures moves the items serving it up, "start here" leads, the rest of
each phase is folded away, counts are real plurals, and phases last as long as their effort."""

from datetime import date

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.test import Client

from assessments.models import Assessment
from assessments.services import answer_save, assessment_start, assessment_submit
from lifecycle.models import PeriodFigures
from maturity.models import Questionnaire
from maturity.services import questionnaire_import, questionnaire_publish
from organizations.models import Organization
from tests.factories import answer_all, make_document

pytestmark = pytest.mark.django_db

# all answered "partly": every element at crawl, not reached; "now" holds the six crawl gaps
# (one per element), "next" the six walk gaps; no question has an effort estimate
NOW_IN_ORDER = ["action-crawl-0", "data-crawl-0", "insights-crawl-0"]


@pytest.fixture
def tagged(db: None) -> Questionnaire:
    call_command("loaddata", "lifecycle", verbosity=0)
    document = make_document()
    for element in document["elements"]:
        for question in element["questions"]:
            if question["key"] == "insights-crawl-0":
                question["lifecycle"] = ["acquisition"]
            if question["key"] == "methodology-walk-0":
                question["lifecycle"] = ["acquisition", "retention"]
    return questionnaire_publish(questionnaire=questionnaire_import(document=document))


@pytest.fixture
def partial(tagged: Questionnaire, acme: Organization, alice: User) -> Assessment:
    assessment = assessment_start(organization=acme, user=alice)
    answer_all(assessment, "partial")
    return assessment_submit(assessment=assessment, user=alice)


def drop_off_at_acquisition(organization: Organization) -> None:
    """Conversion 5 orders / 1000 sessions = 0.5 %, far below the 2.5 % benchmark: the only
    stage with both a rate and a benchmark, so acquisition is the drop-off stage."""
    PeriodFigures.objects.create(
        organization=organization, month=date(2026, 9, 1), visitors=1000, orders=5
    )


def start_here(text: str) -> list[str]:
    marker = 'class="mb-1 start-here-item" data-question="'
    return [part.split('"', 1)[0] for part in text.split(marker)[1:]]


def test_without_a_drop_off_stage_start_here_is_the_first_three_crawl_gaps(
    alice_client: Client, partial: Assessment
) -> None:
    response = alice_client.get(f"/assessments/{partial.pk}/roadmap/")

    assert response.status_code == 200
    assert start_here(response.text) == NOW_IN_ORDER
    assert "no drop-off stage" in response.text


def test_the_drop_off_stage_moves_the_crawl_gap_serving_it_to_the_front(
    alice_client: Client, partial: Assessment, acme: Organization
) -> None:
    drop_off_at_acquisition(acme)

    response = alice_client.get(f"/assessments/{partial.pk}/roadmap/")

    # insights-crawl-0 serves acquisition; methodology-walk-0 does too, but a walk gap never
    # comes before a crawl gap
    assert start_here(response.text) == ["insights-crawl-0", "action-crawl-0", "data-crawl-0"]
    assert "Serves Acquisition, your drop-off stage" in response.text
    assert "Crawl gap: partly in place (50%)" in response.text
    assert "weight of the gap" not in response.text


def test_now_shows_start_here_and_folds_the_rest_of_each_phase(
    alice_client: Client, partial: Assessment
) -> None:
    text = alice_client.get(f"/assessments/{partial.pk}/roadmap/").text

    now = text.split('data-phase="1"')[1].split('data-phase="2"')[0]
    later = text.split('data-phase="2"')[1]
    shown, folded = now.split('<details class="phase-rest">')
    assert shown.count('class="list-group-item py-3 roadmap-item"') == 3
    assert "3 more items in this phase" in folded
    assert folded.count('class="list-group-item py-3 roadmap-item"') == 3
    assert "Show its 6 items" in later
    # six items, one per element, 4 weeks each without an estimate: side by side, 4 weeks
    assert "6 items" in now and "about 4 weeks of work" in now
    assert "6 items have no effort estimate; each counts as 4 weeks." in now


def test_a_phase_with_one_item_says_so_in_each_language(
    client: Client, alice: User, tagged: Questionnaire, acme: Organization
) -> None:
    assessment = assessment_start(organization=acme, user=alice)
    answer_all(assessment, "full")
    question = tagged.questions.get(key="action-crawl-0")
    answer_save(assessment=assessment, question=question, option=question.option_by_key("none"))
    assessment_submit(assessment=assessment, user=alice)
    client.force_login(alice)

    pages = {
        language: client.get(
            f"/assessments/{assessment.pk}/roadmap/", HTTP_ACCEPT_LANGUAGE=language
        ).text
        for language in ("en", "de", "ko")
    }

    assert "1 item" in pages["en"] and "1 items" not in pages["en"]
    assert "1 Maßnahme" in pages["de"] and "1 Maßnahmen" not in pages["de"]
    assert "항목 1개" in pages["ko"]


def test_phases_follow_the_effort_until_set_by_hand_and_back(
    alice_client: Client, partial: Assessment
) -> None:
    targets = {
        f"target-{e}": "walk"
        for e in ("action", "data", "insights", "methodology", "governance", "privacy")
    }
    url = f"/assessments/{partial.pk}/roadmap/"

    # 4 weeks now, 4 weeks next: a month each (4 weeks is 0.92 of a month, rounded up)
    assert "months 0\u20131" in alice_client.get(url).text
    alice_client.post(url, {**targets, "phase_1": 2, "phase_2": 6, "phase_3": 12})
    partial.refresh_from_db()
    assert partial.phase_ends == [2, 6, 12]
    half = alice_client.post(url, {**targets, "phase_1": 2})
    assert "Set when every phase ends, or none" in half.text
    alice_client.post(url, targets)
    partial.refresh_from_db()
    assert partial.phase_ends == []
    assert "ending after 1, 2 and 2 months" in alice_client.get(url).text


def test_the_result_leads_with_the_three_things_to_do_first_and_names_the_drop_off(
    alice_client: Client, partial: Assessment, acme: Organization
) -> None:
    before = alice_client.get(f"/assessments/{partial.pk}/result/")
    drop_off_at_acquisition(acme)
    after = alice_client.get(f"/assessments/{partial.pk}/result/")

    assert before.status_code == after.status_code == 200
    assert "The three things to do first" in before.text
    assert start_here(before.text) == NOW_IN_ORDER
    assert "No lifecycle figures yet" in before.text
    # the same frozen result, a live plan: the figures typed since move it
    assert start_here(after.text) == ["insights-crawl-0", "action-crawl-0", "data-crawl-0"]
    assert "drop off most at <strong>Acquisition</strong>" in after.text
    serving = after.text.split('class="small mb-2 drop-off-questions"')[1].split("</ul>")[0]
    assert "insights crawl 0?" in serving and "methodology walk 0?" in serving
    assert "action crawl 0?" not in serving
    assert after.text.index("The three things to do first") < after.text.index("Per element")


def test_a_shared_result_shows_no_lifecycle_figures(
    alice_client: Client, partial: Assessment, acme: Organization
) -> None:
    drop_off_at_acquisition(acme)
    alice_client.post(f"/assessments/{partial.pk}/share/", {"days": 7})
    link = partial.share_links.get()

    response = Client().get(f"/shared/{link.token}/")

    assert response.status_code == 200
    assert "Acquisition" not in response.text
    assert "The three things to do first" not in response.text


def test_the_dashboard_lists_the_roadmap_items_serving_the_weakest_stage(
    alice_client: Client, partial: Assessment, acme: Organization
) -> None:
    drop_off_at_acquisition(acme)

    response = alice_client.get("/organizations/acme/lifecycle/")

    assert response.status_code == 200
    block = response.text.split('class="card border-0 shadow-sm mb-4 drop-off-roadmap"')[1]
    block = block.split("</div></div>")[0]
    assert "On your roadmap for Acquisition" in block
    assert "2 items of your latest assessment" in block
    # in roadmap order: the crawl gap (now) before the walk gap (next)
    assert block.index("insights crawl 0?") < block.index("methodology walk 0?")
    assert f"/assessments/{partial.pk}/roadmap/#item-insights-crawl-0" in block


def test_the_dashboard_names_no_roadmap_items_without_a_drop_off_stage(
    alice_client: Client, partial: Assessment
) -> None:
    response = alice_client.get("/organizations/acme/lifecycle/")

    assert response.status_code == 200
    assert "drop-off-roadmap" not in response.text


def test_the_result_lists_what_serves_the_drop_off_and_is_missing_first(
    alice_client: Client, tagged: Questionnaire, acme: Organization, alice: User
) -> None:
    assessment = assessment_start(organization=acme, user=alice)
    answer_all(assessment, "partial")
    question = tagged.questions.get(key="insights-crawl-0")
    answer_save(assessment=assessment, question=question, option=question.option_by_key("full"))
    assessment_submit(assessment=assessment, user=alice)
    drop_off_at_acquisition(acme)

    text = alice_client.get(f"/assessments/{assessment.pk}/result/").text

    missing = text.split('class="small mb-2 drop-off-questions"')[1].split("</ul>")[0]
    in_place = text.split('class="small mb-2 drop-off-in-place"')[1].split("</details>")[0]
    assert "methodology walk 0?" in missing and "insights crawl 0?" not in missing
    assert "1 more is in place" in in_place and "insights crawl 0?" in in_place


def test_the_dashboard_folds_the_items_after_the_first_five(
    alice_client: Client, acme: Organization, alice: User
) -> None:
    call_command("loaddata", "lifecycle", verbosity=0)
    document = make_document()
    for element in document["elements"]:
        for question in element["questions"]:
            question["lifecycle"] = ["acquisition"]
    questionnaire_publish(questionnaire=questionnaire_import(document=document))
    assessment = assessment_start(organization=acme, user=alice)
    answer_all(assessment, "partial")
    assessment_submit(assessment=assessment, user=alice)
    drop_off_at_acquisition(acme)

    text = alice_client.get("/organizations/acme/lifecycle/").text

    # the six crawl and six walk gaps (target walk) serve acquisition
    assert "12 items of your latest assessment" in text
    shown, folded = text.split('<details class="mb-2 drop-off-roadmap-more">')
    assert shown.count('class="drop-off-roadmap-item"') == 5
    assert "7 more items" in folded
    assert folded.split("</details>")[0].count('class="drop-off-roadmap-item"') == 7
