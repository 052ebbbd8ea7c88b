"""Comparisons: submitted assessments side by side, changes against the first."""

import pytest
from django.contrib.auth.models import User
from django.test import Client

from assessments.models import Assessment
from organizations.models import Membership, Organization
from tests.api.conftest import auth, make_submitted

pytestmark = pytest.mark.django_db

ELEMENTS = ["action", "data", "insights", "methodology", "governance", "privacy"]


def compare(client: Client, user: User, ids: str) -> dict:
    response = client.get(f"/api/v1/comparisons/?assessments={ids}", headers=auth(user))
    assert response.status_code == 200, response.json()
    return response.json()


def test_a_comparison_computes_the_change_against_the_first_assessment(
    client: Client, alice: User, acme: Organization, questionnaire: object
) -> None:
    before = make_submitted(acme, alice, "partial")
    after = make_submitted(acme, alice, "full")

    body = compare(client, alice, f"{before.pk},{after.pk}")

    assert [a["id"] for a in body["assessments"]] == [before.pk, after.pk]
    assert body["assessments"][0]["organization"] == "acme"
    assert body["assessments"][0]["questionnaire"] == "ecommerce-maturity@1"
    assert body["assessments"][0]["submitted_at"] is not None
    assert [e["key"] for e in body["elements"]] == ELEMENTS
    action = body["elements"][0]
    assert action == {
        "key": "action",
        "scores": [50.0, 100.0],
        "stages": ["crawl", "run"],
        "change": [0.0, 50.0],
        "crossed": [False, True],
    }
    assert body["overall"] == {
        "scores": [50.0, 100.0],
        "stages": ["crawl", "run"],
        "change": [0.0, 50.0],
        "crossed": [False, True],
    }


def test_the_order_of_the_ids_decides_the_baseline(
    client: Client, alice: User, acme: Organization, questionnaire: object
) -> None:
    before = make_submitted(acme, alice, "partial")
    after = make_submitted(acme, alice, "full")

    body = compare(client, alice, f"{after.pk},{before.pk}")

    assert [a["id"] for a in body["assessments"]] == [after.pk, before.pk]
    assert body["elements"][0]["change"] == [0.0, -50.0]
    assert body["overall"]["change"] == [0.0, -50.0]


def test_a_single_assessment_compares_with_itself(
    client: Client, alice: User, submitted: Assessment
) -> None:
    body = compare(client, alice, str(submitted.pk))

    assert body["elements"][0]["change"] == [0.0]
    assert body["elements"][0]["crossed"] == [False]


def test_a_consultant_compares_his_clients(
    client: Client,
    bob: User,
    globex: Organization,
    submitted: Assessment,
    globex_submitted: Assessment,
) -> None:
    Membership.objects.create(user=bob, organization=globex, role=Membership.Role.CONSULTANT)

    body = compare(client, bob, f"{submitted.pk},{globex_submitted.pk}")

    assert [a["organization"] for a in body["assessments"]] == ["acme", "globex"]


def test_a_missing_score_is_null_not_nan(
    client: Client, alice: User, acme: Organization, submitted: Assessment
) -> None:
    """An element whose every answer is "not applicable" has no score."""
    blank = make_submitted(acme, alice, "na")

    body = compare(client, alice, f"{submitted.pk},{blank.pk}")

    assert body["elements"][0]["scores"] == [50.0, None]
    assert body["elements"][0]["change"] == [0.0, None]
    assert body["overall"]["scores"] == [50.0, None]
    assert body["overall"]["change"] == [0.0, None]
    assert (
        "NaN"
        not in client.get(
            f"/api/v1/comparisons/?assessments={submitted.pk},{blank.pk}", headers=auth(alice)
        ).text
    )


def test_an_element_only_one_version_has_is_null_in_the_other(
    client: Client, alice: User, submitted: Assessment
) -> None:
    older = dict(submitted.result)
    older["elements"] = {k: v for k, v in submitted.result["elements"].items() if k != "privacy"}
    Assessment.objects.filter(pk=submitted.pk).update(result=older)
    newer = make_submitted(submitted.organization, alice, "full")

    body = compare(client, alice, f"{submitted.pk},{newer.pk}")

    privacy = next(e for e in body["elements"] if e["key"] == "privacy")
    assert privacy["scores"] == [None, 100.0]
    assert privacy["stages"] == [None, "run"]
    assert privacy["change"] == [None, None]


def test_a_draft_cannot_be_compared(
    client: Client, alice: User, submitted: Assessment, draft: Assessment
) -> None:
    response = client.get(
        f"/api/v1/comparisons/?assessments={submitted.pk},{draft.pk}", headers=auth(alice)
    )

    assert response.status_code == 404
    assert response.json() == {
        "detail": f"Assessment {draft.pk} is not a submitted assessment of your organizations."
    }


def test_an_unknown_id_is_404(client: Client, alice: User, submitted: Assessment) -> None:
    response = client.get(
        f"/api/v1/comparisons/?assessments={submitted.pk},{submitted.pk + 1000}",
        headers=auth(alice),
    )

    assert response.status_code == 404


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("", "Give one to 50 assessment ids separated by commas, e.g. ?assessments=3,5."),
        (
            "?assessments=",
            "Give one to 50 assessment ids separated by commas, e.g. ?assessments=3,5.",
        ),
        (
            "?assessments=,,",
            "Give one to 50 assessment ids separated by commas, e.g. ?assessments=3,5.",
        ),
        (
            "?assessments=1,abc",
            "“abc” is not an assessment id; give whole numbers separated by commas.",
        ),
        (
            "?assessments=-1",
            "“-1” is not an assessment id; give whole numbers separated by commas.",
        ),
        (
            "?assessments=1.5",
            "“1.5” is not an assessment id; give whole numbers separated by commas.",
        ),
        (
            "?assessments=" + ",".join(str(n) for n in range(1, 52)),
            "At most 50 assessments can be compared at once; got 51.",
        ),
        ("?assessments=1,2,1", "Assessment 1 is listed more than once."),
    ],
)
def test_bad_ids_are_refused_with_a_clear_message(
    client: Client, alice: User, query: str, message: str
) -> None:
    response = client.get(f"/api/v1/comparisons/{query}", headers=auth(alice))

    assert response.status_code == 400
    assert response.json() == {"assessments": [message]}


def test_fifty_ids_are_allowed(
    client: Client, alice: User, acme: Organization, submitted: Assessment
) -> None:
    copies = Assessment.objects.bulk_create(
        Assessment(
            organization=acme,
            questionnaire=submitted.questionnaire,
            status=Assessment.Status.SUBMITTED,
            submitted_at=submitted.submitted_at,
            result=submitted.result,
        )
        for _ in range(49)
    )

    body = compare(client, alice, ",".join(str(a.pk) for a in [submitted, *copies]))

    assert len(body["assessments"]) == 50
    assert body["elements"][0]["change"] == [0.0] * 50


def test_repeated_parameters_work_like_a_comma_separated_list(
    client: Client, alice: User, acme: Organization, questionnaire: object
) -> None:
    first = make_submitted(acme, alice)
    second = make_submitted(acme, alice, "full")

    response = client.get(
        f"/api/v1/comparisons/?assessments={first.pk}&assessments={second.pk}",
        headers=auth(alice),
    )

    assert [a["id"] for a in response.json()["assessments"]] == [first.pk, second.pk]
