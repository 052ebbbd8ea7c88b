"""Evidence on answers: links and files, files checked by their content, stored through the
storage API and served to members only (on a team draft: the owner and who added it)."""

from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from assessments.models import Assessment, Evidence
from assessments.services import assessment_start, assessment_submit
from assessments.team_services import EVIDENCE_TOO_LARGE, EVIDENCE_WRONG_TYPE
from organizations.models import Organization
from tests.assessments.team_builders import ask, login
from tests.factories import answer_all, make_user, publish

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
PDF = b"%PDF-1.7\n" + b"x" * 64


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


def upload(client: Client, draft: Assessment, key: str, name: str, content: bytes) -> Any:
    return client.post(
        f"/assessments/{draft.pk}/evidence/{key}/",
        {"file": SimpleUploadedFile(name, content, content_type="image/png"), "name": ""},
    )


def test_a_png_screenshot_is_stored_and_served_inline_to_members(
    draft: Assessment, alice: User, bob: User, settings: Any
) -> None:
    response = upload(login(alice), draft, "privacy-crawl-0", "../../consent banner.png", PNG)
    assert response.status_code == 302
    item = Evidence.objects.get()
    assert item.content_type == "image/png"
    assert item.name == "consent banner.png"  # no path from the uploader's name
    assert item.file.name.startswith(f"evidence/{draft.pk}/")
    assert not item.file.name.endswith("banner.png")  # stored under a random name
    served = login(bob).get(f"/assessments/{draft.pk}/evidence/item/{item.pk}/file/")
    assert served.status_code == 200
    assert served["Content-Type"] == "image/png"
    assert served["X-Content-Type-Options"] == "nosniff"
    assert served["Content-Disposition"].startswith("inline")
    assert b"".join(served.streaming_content) == PNG


def test_a_pdf_is_a_download(draft: Assessment, alice: User) -> None:
    client = login(alice)
    upload(client, draft, "privacy-crawl-0", "policy.pdf", PDF)
    item = Evidence.objects.get()
    served = client.get(f"/assessments/{draft.pk}/evidence/item/{item.pk}/file/")
    assert served["Content-Type"] == "application/pdf"
    assert served["Content-Disposition"].startswith("attachment")


def test_a_file_is_judged_by_content_not_by_its_name(draft: Assessment, alice: User) -> None:
    response = upload(login(alice), draft, "privacy-crawl-0", "banner.png", b"<html><script>")
    assert response.status_code == 200
    assert str(EVIDENCE_WRONG_TYPE) in response.content.decode()
    assert not Evidence.objects.exists()


def test_a_file_over_the_limit_is_refused(draft: Assessment, alice: User, settings: Any) -> None:
    settings.EVIDENCE_MAX_BYTES = 50
    response = upload(login(alice), draft, "privacy-crawl-0", "big.png", PNG)
    assert str(EVIDENCE_TOO_LARGE % {"limit": f"{50 / 2**20:g}"}) in response.content.decode()
    assert not Evidence.objects.exists()
    assert not list((Path(settings.MEDIA_ROOT)).glob("**/*.png"))


def test_links_are_web_addresses_only(draft: Assessment, alice: User) -> None:
    client = login(alice)
    url = f"/assessments/{draft.pk}/evidence/data-crawl-0/"
    assert client.post(url, {"url": "javascript:alert(1)"}).status_code == 200
    assert not Evidence.objects.exists()
    assert client.post(url, {"url": "https://dash.example/kpi", "name": "KPI"}).status_code == 302
    assert Evidence.objects.get().url == "https://dash.example/kpi"


def test_outsiders_get_404_on_evidence_and_files(
    draft: Assessment, alice: User, charlie: User
) -> None:
    upload(login(alice), draft, "privacy-crawl-0", "shot.png", PNG)
    item = Evidence.objects.get()
    client = login(charlie)
    assert client.get(f"/assessments/{draft.pk}/evidence/item/{item.pk}/file/").status_code == 404
    assert client.get(f"/assessments/{draft.pk}/evidence/privacy-crawl-0/").status_code == 404
    assert client.post(f"/assessments/{draft.pk}/evidence/item/{item.pk}/remove/").status_code == (
        404
    )
    assert Evidence.objects.exists()


def test_on_a_team_draft_a_respondents_file_is_hers_and_the_owners_only(
    draft: Assessment, alice: User, bob: User, acme: Organization
) -> None:
    dana = make_user("dana", acme)
    ask(draft, alice, bob)
    ask(draft, alice, dana, "privacy")
    upload(login(dana), draft, "privacy-crawl-0", "shot.png", PNG)
    item = Evidence.objects.get()
    assert item.respondent.user == dana
    url = f"/assessments/{draft.pk}/evidence/item/{item.pk}/file/"
    assert login(dana).get(url).status_code == 200
    assert login(alice).get(url).status_code == 200
    assert login(bob).get(url).status_code == 404  # another respondent, before consolidation
    listing = login(bob).get(f"/assessments/{draft.pk}/evidence/privacy-crawl-0/")
    assert listing.status_code == 200
    assert listing.context["items"] == []
    answer_all(draft, "full")
    assessment_submit(assessment=draft, user=alice)
    assert login(bob).get(url).status_code == 200  # submitted: every member


def test_evidence_cannot_change_after_submission(submitted: Assessment, alice: User) -> None:
    client = login(alice)
    response = client.post(
        f"/assessments/{submitted.pk}/evidence/data-crawl-0/", {"url": "https://x.example"}
    )
    assert response.status_code == 302
    assert not Evidence.objects.exists()


def test_a_gate_answered_fully_without_evidence_is_flagged_on_review_and_can_be_submitted(
    acme: Organization, alice: User
) -> None:
    publish(gates=("privacy-crawl-0",))
    draft = assessment_start(organization=acme, user=alice)
    answer_all(draft, "full")
    client = login(alice)
    review = client.get(f"/assessments/{draft.pk}/review/")
    assert [q.key for q in review.context["unbacked_gates"]] == ["privacy-crawl-0"]
    assert "without evidence" in review.content.decode()
    client.post(
        f"/assessments/{draft.pk}/evidence/privacy-crawl-0/",
        {"url": "https://acme.example/privacy"},
    )
    assert client.get(f"/assessments/{draft.pk}/review/").context["unbacked_gates"] == []
    assert client.post(f"/assessments/{draft.pk}/submit/").status_code == 302
    draft.refresh_from_db()
    assert not draft.is_draft


def test_an_unbacked_gate_does_not_block_submission(acme: Organization, alice: User) -> None:
    publish(gates=("privacy-crawl-0",))
    draft = assessment_start(organization=acme, user=alice)
    answer_all(draft, "full")
    assert login(alice).post(f"/assessments/{draft.pk}/submit/").status_code == 302
    draft.refresh_from_db()
    assert not draft.is_draft


def test_an_upload_without_the_csrf_token_is_refused(draft: Assessment, alice: User) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(alice)
    response = upload(client, draft, "privacy-crawl-0", "shot.png", PNG)
    assert response.status_code == 403
    assert not Evidence.objects.exists()


def test_a_respondent_removes_her_own_evidence_but_not_anothers(
    draft: Assessment, alice: User, bob: User, acme: Organization
) -> None:
    dana = make_user("dana", acme)
    ask(draft, alice, bob)
    ask(draft, alice, dana, "privacy")
    upload(login(bob), draft, "privacy-crawl-0", "bobs.png", PNG)
    bobs = Evidence.objects.get()
    remove = f"/assessments/{draft.pk}/evidence/item/{bobs.pk}/remove/"
    assert login(dana).post(remove).status_code == 404
    assert Evidence.objects.exists()
    stored = Path(bobs.file.path)
    assert stored.exists()
    assert login(bob).post(remove).status_code == 302
    assert not Evidence.objects.exists()
    assert not stored.exists()  # the file goes with it


def test_on_a_single_respondent_draft_only_who_added_evidence_removes_it(
    draft: Assessment, alice: User, acme: Organization
) -> None:
    dana = make_user("dana", acme)  # a member of the same organization
    upload(login(alice), draft, "privacy-crawl-0", "alices.png", PNG)
    item = Evidence.objects.get()
    remove = f"/assessments/{draft.pk}/evidence/item/{item.pk}/remove/"
    page = login(dana).get(f"/assessments/{draft.pk}/evidence/privacy-crawl-0/").text
    assert "alices.png" in page  # she sees it, as every member does
    assert remove not in page  # but is offered no button

    assert login(dana).post(remove).status_code == 404
    assert Evidence.objects.filter(pk=item.pk).exists()
    assert remove in login(alice).get(f"/assessments/{draft.pk}/evidence/privacy-crawl-0/").text
    assert login(alice).post(remove).status_code == 302
    assert not Evidence.objects.exists()


def test_evidence_whose_author_is_gone_is_removed_by_whoever_sees_all_of_it(
    draft: Assessment, alice: User, acme: Organization
) -> None:
    dana = make_user("dana", acme)
    upload(login(dana), draft, "privacy-crawl-0", "danas.png", PNG)
    item = Evidence.objects.get()
    dana.delete()  # added_by is set to null
    item.refresh_from_db()
    assert item.added_by_id is None
    remove = f"/assessments/{draft.pk}/evidence/item/{item.pk}/remove/"
    assert remove in login(alice).get(f"/assessments/{draft.pk}/evidence/privacy-crawl-0/").text
    assert login(alice).post(remove).status_code == 302
    assert not Evidence.objects.exists()
