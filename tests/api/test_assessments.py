"""Assessments of the user's organizations, their filters, and the stored results."""

import pytest
from django.contrib.auth.models import User
from django.test import Client

from assessments.models import Assessment
from organizations.models import Membership, Organization
from tests.api.conftest import auth

pytestmark = pytest.mark.django_db


def test_alice_lists_acmes_assessments_newest_first_with_their_overall_result(
    client: Client, alice: User, draft: Assessment, submitted: Assessment
) -> None:
    response = client.get("/api/v1/assessments/", headers=auth(alice))

    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 2
    newest, oldest = body["results"]
    assert newest["id"] == submitted.pk
    assert newest["organization"] == "acme"
    assert newest["questionnaire"] == "ecommerce-maturity@1"
    assert newest["status"] == "submitted"
    assert newest["submitted_at"] is not None
    assert newest["overall_stage"] == submitted.result["overall"]["stage"] == "crawl"
    assert newest["overall_score"] == submitted.result["overall"]["score"] == 50.0
    assert (newest["answered"], newest["total"]) == (18, 18)
    assert oldest["id"] == draft.pk
    assert oldest["status"] == "draft"
    assert oldest["submitted_at"] is None
    assert oldest["overall_stage"] is None
    assert oldest["overall_score"] is None
    assert (oldest["answered"], oldest["total"]) == (0, 18)


def test_the_assessment_list_leaves_out_other_organizations(
    client: Client, alice: User, submitted: Assessment, globex_submitted: Assessment
) -> None:
    response = client.get("/api/v1/assessments/", headers=auth(alice))

    assert [a["id"] for a in response.json()["results"]] == [submitted.pk]


def test_the_assessment_list_filters_by_organization_and_status(
    client: Client,
    bob: User,
    globex: Organization,
    draft: Assessment,
    submitted: Assessment,
    globex_submitted: Assessment,
) -> None:
    Membership.objects.create(user=bob, organization=globex, role=Membership.Role.CONSULTANT)

    def ids(query: str) -> list[int]:
        response = client.get(f"/api/v1/assessments/{query}", headers=auth(bob))
        assert response.status_code == 200, response.json()
        return [a["id"] for a in response.json()["results"]]

    assert ids("") == [globex_submitted.pk, submitted.pk, draft.pk]
    assert ids("?organization=acme") == [submitted.pk, draft.pk]
    assert ids("?organization=globex") == [globex_submitted.pk]
    assert ids("?status=draft") == [draft.pk]
    assert ids("?status=submitted") == [globex_submitted.pk, submitted.pk]
    assert ids("?organization=acme&status=submitted") == [submitted.pk]


def test_filtering_by_someone_elses_organization_shows_nothing(
    client: Client, charlie: User, submitted: Assessment
) -> None:
    response = client.get("/api/v1/assessments/?organization=acme", headers=auth(charlie))

    assert response.status_code == 200
    assert response.json()["results"] == []


def test_an_unknown_status_is_refused_with_the_known_ones(
    client: Client, alice: User, draft: Assessment
) -> None:
    response = client.get("/api/v1/assessments/?status=archived", headers=auth(alice))

    assert response.status_code == 400
    assert response.json() == {
        "status": ["Unknown status “archived”; use one of: draft, submitted."]
    }


def test_the_assessment_detail_has_the_same_fields_as_the_list(
    client: Client, alice: User, submitted: Assessment
) -> None:
    listed = client.get("/api/v1/assessments/", headers=auth(alice)).json()["results"][0]

    response = client.get(f"/api/v1/assessments/{submitted.pk}/", headers=auth(alice))

    assert response.status_code == 200
    assert response.json() == listed


def test_the_result_endpoint_returns_the_stored_result_document(
    client: Client, alice: User, submitted: Assessment
) -> None:
    response = client.get(f"/api/v1/assessments/{submitted.pk}/result/", headers=auth(alice))

    assert response.status_code == 200
    body = response.json()
    assert body == submitted.result
    assert body["questionnaire"] == "ecommerce-maturity@1"
    assert set(body) >= {"questionnaire", "complete", "overall", "elements"}
    assert set(body["overall"]) >= {"stage", "score", "next_stage", "progress", "attainment"}
    assert set(body["elements"]["action"]["attainment"]) == {"crawl", "walk", "run"}


def test_the_result_is_the_frozen_one_even_if_the_stored_document_says_otherwise(
    client: Client, alice: User, submitted: Assessment
) -> None:
    frozen = {**submitted.result, "overall": {**submitted.result["overall"], "score": 12.3}}
    Assessment.objects.filter(pk=submitted.pk).update(result=frozen)

    response = client.get(f"/api/v1/assessments/{submitted.pk}/result/", headers=auth(alice))

    assert response.json()["overall"]["score"] == 12.3


def test_a_draft_has_no_result(client: Client, alice: User, draft: Assessment) -> None:
    response = client.get(f"/api/v1/assessments/{draft.pk}/result/", headers=auth(alice))

    assert response.status_code == 404
    assert response.json() == {"detail": "A draft has no result yet; submit it first."}


def test_an_unknown_or_malformed_assessment_id_is_404(
    client: Client, alice: User, submitted: Assessment
) -> None:
    for url in (
        f"/api/v1/assessments/{submitted.pk + 1000}/",
        f"/api/v1/assessments/{submitted.pk + 1000}/result/",
        "/api/v1/assessments/abc/",
        "/api/v1/assessments/abc/result/",
    ):
        assert client.get(url, headers=auth(alice)).status_code == 404, url


def test_a_page_holds_fifty_assessments(
    client: Client, alice: User, acme: Organization, submitted: Assessment
) -> None:
    Assessment.objects.bulk_create(
        Assessment(organization=acme, questionnaire=submitted.questionnaire) for _ in range(50)
    )

    first = client.get("/api/v1/assessments/", headers=auth(alice)).json()
    second = client.get(first["next"], headers=auth(alice)).json()

    assert first["count"] == 51
    assert len(first["results"]) == 50
    assert [a["id"] for a in second["results"]] == [submitted.pk]
