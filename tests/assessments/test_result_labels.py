"""The result names what its peer line is (or why there is none) and labels the coloured dot
by each answer as the question's stage, so it does not read as a traffic light."""

from django.contrib.auth.models import User
from django.test import Client

from assessments.models import Assessment
from organizations.models import Organization
from tests.assessments.test_peer_line import strangers, submit


def _result(client: Client, assessment: Assessment) -> str:
    response = client.get(f"/assessments/{assessment.pk}/result/")
    assert response.status_code == 200
    return response.text


def test_the_peer_line_is_named_with_how_many_organizations_it_is_the_median_of(
    alice_client: Client, alice: User, acme: Organization, questionnaire
) -> None:
    strangers(6)
    mine = submit(acme, alice, "full")

    text = _result(alice_client, mine)

    assert "The second line is the median of 6 other organizations" in text
    assert "Median of 6 other organizations" in text  # the chart's legend
    assert "No comparison line yet" not in text


def test_without_five_others_the_result_says_why_there_is_no_peer_line(
    alice_client: Client, alice: User, acme: Organization, questionnaire
) -> None:
    strangers(4)
    mine = submit(acme, alice, "full")

    text = _result(alice_client, mine)

    assert "No comparison line yet: it is drawn once at least 5 other organizations" in text
    assert "The second line is the median" not in text


def test_each_answer_names_its_questions_stage_in_words(
    alice_client: Client, submitted: Assessment
) -> None:
    text = _result(alice_client, submitted)

    assert "Question's stage</th>" in text
    assert (
        '<td class="text-nowrap small question-stage"><span class="stage-dot stage-walk" '
        'aria-hidden="true"></span> Walk</td>'
    ) in text
