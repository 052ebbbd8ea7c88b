"""The OpenAPI document: served to authenticated users, listing every endpoint."""

import pytest
import yaml
from django.contrib.auth.models import User
from django.test import Client

from tests.api.conftest import auth

pytestmark = pytest.mark.django_db

PATHS = {
    "/api/v1/organizations/",
    "/api/v1/organizations/{slug}/",
    "/api/v1/assessments/",
    "/api/v1/assessments/{id}/",
    "/api/v1/assessments/{id}/result/",
    "/api/v1/comparisons/",
}


def test_the_schema_lists_every_path_and_only_get(client: Client, alice: User) -> None:
    response = client.get("/api/v1/schema/", headers=auth(alice))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.oai.openapi")
    schema = yaml.safe_load(response.content)
    assert schema["openapi"].startswith("3.")
    assert schema["info"]["title"] == "Commerce maturity API"
    assert set(schema["paths"]) == PATHS
    assert {method for path in schema["paths"].values() for method in path} == {"get"}


def test_the_schema_comes_as_json_on_request(client: Client, alice: User) -> None:
    response = client.get("/api/v1/schema/?format=json", headers=auth(alice))

    assert response.status_code == 200
    schema = response.json()
    assert set(schema["paths"]) == PATHS
    parameters = schema["paths"]["/api/v1/comparisons/"]["get"]["parameters"]
    assert [(p["name"], p["required"]) for p in parameters] == [("assessments", True)]
    assert {"tokenAuth", "cookieAuth"} <= set(schema["components"]["securitySchemes"])


def test_the_schema_needs_a_user_like_the_rest(client: Client, db: None) -> None:
    assert client.get("/api/v1/schema/").status_code == 401


def test_no_documentation_viewer_that_needs_a_cdn_is_served(client: Client, alice: User) -> None:
    for url in ("/api/v1/docs/", "/api/v1/redoc/", "/api/v1/swagger/"):
        assert client.get(url, headers=auth(alice)).status_code == 404, url
