"""Progress over time on a real date axis, its score axis titled in the user's language."""

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone

from organizations.models import Organization
from tests.workspace.builders import submit

pytestmark = pytest.mark.django_db


def test_submissions_sit_on_a_date_axis_at_their_real_distance(
    alice_client: Client, acme: Organization, alice: User, questionnaire
) -> None:
    dates = [submit(acme, alice, "none", days_ago=d).submitted_at for d in (210, 43, 1)]

    chart = alice_client.get("/organizations/acme/progress/").context["page"].chart

    assert chart["layout"]["xaxis"]["type"] == "date"
    expected = [timezone.localtime(d).date().isoformat() for d in dates]
    assert all(trace["x"] == expected for trace in chart["data"])
    assert chart["layout"]["title"]["text"] == "Element scores over time"


@pytest.mark.parametrize(
    ("language", "title", "tickformat"),
    [
        ("en", "score: share of capabilities in place", "%b %-d, %Y"),
        ("de", "Punktzahl: Anteil der umgesetzten Fähigkeiten", "%d.%m.%Y"),
        ("ko", "점수: 갖춘 역량의 비율", "%Y. %m. %d."),
    ],
)
def test_the_score_axis_and_the_dates_speak_the_users_language(
    alice_client: Client,
    acme: Organization,
    alice: User,
    questionnaire,
    language: str,
    title: str,
    tickformat: str,
) -> None:
    submit(acme, alice, "partial", days_ago=3)

    response = alice_client.get("/organizations/acme/progress/", HTTP_ACCEPT_LANGUAGE=language)

    layout = response.context["page"].chart["layout"]
    assert layout["yaxis"]["title"]["text"] == title
    assert layout["xaxis"]["tickformat"] == tickformat
