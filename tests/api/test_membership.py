"""Nobody reads another organization's data: 404 (never 403) on every object of it.

Bob consults for Acme only, Charlie markets for Globex; each is a stranger to the other's
organization, its assessments, their results and any comparison that includes one.
"""

import pytest
from django.contrib.auth.models import User
from django.test import Client

from assessments.models import Assessment
from organizations.models import Organization
from tests.api.conftest import auth, make_submitted

pytestmark = pytest.mark.django_db


def object_urls(organization: Organization, submitted: Assessment, draft: Assessment) -> list:
    return [
        f"/api/v1/organizations/{organization.slug}/",
        f"/api/v1/assessments/{submitted.pk}/",
        f"/api/v1/assessments/{submitted.pk}/result/",
        f"/api/v1/assessments/{draft.pk}/",
        f"/api/v1/assessments/{draft.pk}/result/",
        f"/api/v1/comparisons/?assessments={submitted.pk}",
    ]


def test_charlie_gets_404_on_every_one_of_acmes_objects(
    client: Client, charlie: User, acme: Organization, submitted: Assessment, draft: Assessment
) -> None:
    for url in object_urls(acme, submitted, draft):
        assert client.get(url, headers=auth(charlie)).status_code == 404, url


def test_bob_the_consultant_of_acme_only_gets_404_on_every_one_of_globexs_objects(
    client: Client,
    bob: User,
    globex: Organization,
    globex_submitted: Assessment,
    globex_draft: Assessment,
) -> None:
    for url in object_urls(globex, globex_submitted, globex_draft):
        assert client.get(url, headers=auth(bob)).status_code == 404, url


def test_charlie_gets_404_on_alices_assessment(
    client: Client, charlie: User, submitted: Assessment
) -> None:
    response = client.get(f"/api/v1/assessments/{submitted.pk}/", headers=auth(charlie))

    assert response.status_code == 404


def test_a_comparison_with_one_foreign_assessment_among_his_own_is_404_for_bob(
    client: Client, bob: User, submitted: Assessment, globex_submitted: Assessment
) -> None:
    for ids in (
        f"{submitted.pk},{globex_submitted.pk}",
        f"{globex_submitted.pk},{submitted.pk}",
    ):
        response = client.get(f"/api/v1/comparisons/?assessments={ids}", headers=auth(bob))

        assert response.status_code == 404, ids
        assert "globex" not in response.text


def test_a_foreign_assessment_reads_exactly_like_an_unknown_one(
    client: Client, charlie: User, acme: Organization, alice: User, submitted: Assessment
) -> None:
    unknown = submitted.pk + 1000
    for known_url, unknown_url in (
        (f"/api/v1/assessments/{submitted.pk}/", f"/api/v1/assessments/{unknown}/"),
        (f"/api/v1/assessments/{submitted.pk}/result/", f"/api/v1/assessments/{unknown}/result/"),
    ):
        foreign = client.get(known_url, headers=auth(charlie))
        missing = client.get(unknown_url, headers=auth(charlie))

        assert foreign.status_code == missing.status_code == 404
        assert foreign.json() == missing.json()


def test_a_foreign_comparison_id_gets_the_same_message_as_an_unknown_or_a_draft(
    client: Client, charlie: User, submitted: Assessment, globex_draft: Assessment
) -> None:
    def detail(pk: int) -> tuple[int, str]:
        response = client.get(f"/api/v1/comparisons/?assessments={pk}", headers=auth(charlie))
        return response.status_code, response.json()["detail"].replace(str(pk), "N")

    message = (404, "Assessment N is not a submitted assessment of your organizations.")
    assert detail(submitted.pk) == message  # Acme's
    assert detail(submitted.pk + 1000) == message  # nobody's
    assert detail(globex_draft.pk) == message  # Charlie's own draft


def test_leaving_an_organization_closes_its_data_at_once(
    client: Client, alice: User, acme: Organization, questionnaire: object
) -> None:
    assessment = make_submitted(acme, alice)
    headers = auth(alice)
    assert client.get(f"/api/v1/assessments/{assessment.pk}/", headers=headers).status_code == 200

    alice.memberships.all().delete()

    assert client.get(f"/api/v1/assessments/{assessment.pk}/", headers=headers).status_code == 404
    assert client.get("/api/v1/assessments/", headers=headers).json()["results"] == []
