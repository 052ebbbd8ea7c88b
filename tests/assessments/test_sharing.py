"""Share links: a signed, expiring, revocable read-only link to one submitted result."""

import re
from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.core import signing
from django.test import Client
from django.utils import timezone

from assessments.models import Answer, Assessment, ShareLink

pytestmark = pytest.mark.django_db

SALT = "assessments.share"


@pytest.fixture
def charlie_client(charlie: User) -> Client:
    client = Client()
    client.force_login(charlie)
    return client


def make_link(assessment: Assessment, days: int = 30) -> ShareLink:
    return ShareLink.objects.create(
        assessment=assessment,
        created_by=assessment.started_by,
        expires_at=timezone.now() + timedelta(days=days),
    )


def shared_url(link: ShareLink) -> str:
    return f"/shared/{signing.dumps(link.pk, salt=SALT)}/"


def test_a_member_creates_a_link_that_opens_without_login_and_shows_the_score(
    alice_client: Client, submitted: Assessment
) -> None:
    response = alice_client.post(f"/assessments/{submitted.pk}/share/", {"days": "30"})

    assert response.status_code == 302
    assert response["Location"] == f"/assessments/{submitted.pk}/result/#share"
    link = ShareLink.objects.get(assessment=submitted)
    assert link.revoked_at is None
    expected = timezone.now() + timedelta(days=30)
    assert abs((link.expires_at - expected).total_seconds()) < 60

    result_page = alice_client.get(f"/assessments/{submitted.pk}/result/")
    found = re.search(r'value="(http://testserver/shared/[^"/]+/)"', result_page.text)
    assert found, "the share panel shows the link's full address"
    path = found.group(1).removeprefix("http://testserver")

    anonymous = Client().get(path)

    assert anonymous.status_code == 200
    assert "50.0 / 100" in anonymous.text
    assert "About crawl" in anonymous.text
    assert 'id="chart-radar-data" type="application/json"' in anonymous.text
    assert 'id="chart-heatmap-data" type="application/json"' in anonymous.text
    assert "<script>" not in anonymous.text  # no inline script: a strict CSP holds


def test_the_share_panel_lists_live_links_with_expiry_and_a_revoke_button(
    alice_client: Client, submitted: Assessment
) -> None:
    live = make_link(submitted, days=7)
    revoked = make_link(submitted)
    revoked.revoked_at = timezone.now()
    revoked.save()

    response = alice_client.get(f"/assessments/{submitted.pk}/result/")

    assert response.text.count('class="list-group-item share-link"') == 1
    assert f'data-link="{live.pk}"' in response.text
    assert f'action="/assessments/{submitted.pk}/share/{live.pk}/revoke/"' in response.text
    assert "Valid until" in response.text
    assert "readonly" in response.text
    assert f'href="/assessments/{submitted.pk}/report/"' in response.text
    assert f'href="/assessments/{submitted.pk}/export.json"' in response.text


def test_only_seven_thirty_or_ninety_days_can_be_chosen(
    alice_client: Client, submitted: Assessment
) -> None:
    for days in ("7", "90"):
        alice_client.post(f"/assessments/{submitted.pk}/share/", {"days": days})
    alice_client.post(f"/assessments/{submitted.pk}/share/", {"days": "365"})

    lengths = sorted(
        round((link.expires_at - link.created_at).total_seconds() / 86400)
        for link in ShareLink.objects.filter(assessment=submitted)
    )
    assert lengths == [7, 90]


def test_an_expired_link_says_it_has_expired_with_410(
    client: Client, submitted: Assessment
) -> None:
    link = make_link(submitted)
    link.expires_at = timezone.now() - timedelta(minutes=1)
    link.save()

    response = client.get(shared_url(link))

    assert response.status_code == 410
    assert "This share link has expired" in response.text
    assert "Shared maturity result" not in response.text  # nothing of the result
    assert "Log in to start your own" in response.text
    assert response["X-Robots-Tag"] == "noindex, nofollow"


def test_a_revoked_link_says_it_was_revoked_with_410(
    alice_client: Client, client: Client, submitted: Assessment
) -> None:
    link = make_link(submitted)
    url = shared_url(link)
    assert Client().get(url).status_code == 200

    response = alice_client.post(f"/assessments/{submitted.pk}/share/{link.pk}/revoke/")

    assert response["Location"] == f"/assessments/{submitted.pk}/result/#share"
    link.refresh_from_db()
    assert link.revoked_at is not None
    gone = Client().get(url)
    assert gone.status_code == 410
    assert "This share link has been revoked" in gone.text


def test_a_tampered_token_gives_404(client: Client, submitted: Assessment) -> None:
    link = make_link(submitted)
    other = make_link(submitted)
    token = signing.dumps(link.pk, salt=SALT)
    _value, timestamp, signature = token.split(":")
    other_value = signing.dumps(other.pk, salt=SALT).split(":")[0]

    assert client.get(f"/shared/{other_value}:{timestamp}:{signature}/").status_code == 404
    assert client.get(f"/shared/{token[:-2]}xx/").status_code == 404
    assert client.get(f"/shared/{signing.dumps(link.pk, salt='other')}/").status_code == 404
    assert client.get(f"/shared/{signing.dumps('x', salt=SALT)}/").status_code == 404
    assert client.get(f"/shared/{link.pk}/").status_code == 404
    assert client.get(f"/shared/{token}/").status_code == 200
    assert "This share link does not exist" in client.get(f"/shared/{token[:-2]}xx/").text


def test_a_link_to_a_draft_gives_404_and_cannot_be_created(
    alice_client: Client, draft: Assessment
) -> None:
    link = make_link(draft)

    assert Client().get(shared_url(link)).status_code == 404
    response = alice_client.post(f"/assessments/{draft.pk}/share/", {"days": "7"})
    assert response.status_code == 404
    assert ShareLink.objects.filter(assessment=draft).count() == 1


def test_a_link_to_another_organizations_assessment_cannot_be_created(
    charlie_client: Client, submitted: Assessment
) -> None:
    response = charlie_client.post(f"/assessments/{submitted.pk}/share/", {"days": "30"})

    assert response.status_code == 404
    assert not ShareLink.objects.exists()


def test_someone_not_logged_in_is_sent_to_log_in_and_creates_nothing(
    client: Client, submitted: Assessment
) -> None:
    response = client.post(f"/assessments/{submitted.pk}/share/", {"days": "30"})

    assert response.status_code == 302
    assert response["Location"].startswith("/login/")
    assert not ShareLink.objects.exists()


def test_revoking_by_a_non_member_gives_404(charlie_client: Client, submitted: Assessment) -> None:
    link = make_link(submitted)

    response = charlie_client.post(f"/assessments/{submitted.pk}/share/{link.pk}/revoke/")

    assert response.status_code == 404
    link.refresh_from_db()
    assert link.revoked_at is None


def test_a_link_cannot_be_revoked_through_another_assessment(
    alice_client: Client, submitted: Assessment, alice: User
) -> None:
    from assessments.services import assessment_start, assessment_submit
    from tests.factories import answer_all

    other = assessment_start(organization=submitted.organization, user=alice)
    answer_all(other, "full")
    assessment_submit(assessment=other, user=alice)
    link = make_link(submitted)

    response = alice_client.post(f"/assessments/{other.pk}/share/{link.pk}/revoke/")

    assert response.status_code == 404
    link.refresh_from_db()
    assert link.revoked_at is None


def test_the_shared_page_shows_no_notes_no_links_and_no_forms_of_the_app(
    client: Client, submitted: Assessment
) -> None:
    Answer.objects.filter(assessment=submitted).update(note="Secret internal note")
    link = make_link(submitted)

    response = client.get(shared_url(link))

    assert response.status_code == 200
    text = response.text
    assert "Secret internal note" not in text
    assert "/assessments/" not in text
    assert "/organizations/" not in text
    assert "Your answers" not in text
    assert "Share this result" not in text
    assert "Revoke" not in text
    assert "Start a new assessment" not in text
    assert "alice" not in text  # not even who submitted it
    assert 'name="robots" content="noindex, nofollow"' in text
    # the next step: one's own assessment, through the login
    assert 'href="/login/?next=/"' in text
    assert "Log in to start your own" in text
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert "no-store" in response["Cache-Control"]
