"""Everything private is sent `Cache-Control: no-store`: pages, exports, the API and share
links; only static files may be cached."""

import pytest
from django.contrib.auth.models import User
from django.test import Client

from assessments.models import Assessment, ShareLink


def no_store(response) -> bool:
    directives = {part.strip() for part in response.get("Cache-Control", "").split(",")}
    return {"no-store", "private"} <= directives


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/assessments/{pk}/result/",
        "/assessments/{pk}/roadmap/",
        "/assessments/{pk}/report/",
        "/assessments/{pk}/export.json",
        "/compare/?a={pk}",
        "/compare/export.csv?a={pk}",
        "/compare/export.xlsx?a={pk}",
        "/organizations/acme/progress/export.csv",
        "/api/v1/assessments/",
        "/api/v1/assessments/{pk}/result/",
    ],
)
def test_private_pages_exports_and_the_api_are_never_stored(
    client: Client, bob: User, submitted: Assessment, path: str
) -> None:
    client.force_login(bob)
    response = client.get(path.format(pk=submitted.pk))
    assert response.status_code == 200
    assert no_store(response), response.get("Cache-Control")


def test_a_shared_result_is_never_stored(
    client: Client, alice: User, submitted: Assessment
) -> None:
    client.force_login(alice)
    client.post(f"/assessments/{submitted.pk}/share/", {"days": "7"})
    link = ShareLink.objects.get()
    client.logout()
    response = client.get(f"/shared/{link.token}/")
    assert response.status_code == 200
    assert no_store(response)


def test_the_login_page_and_errors_are_never_stored(client: Client, db: None) -> None:
    assert no_store(client.get("/login/"))
    assert no_store(client.get("/assessments/999/result/"))


def test_static_files_keep_their_own_caching(client: Client, db: None) -> None:
    response = client.get("/static/js/autosave.js")
    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")
