"""Invitations: one person (by email), one use, revocable, listed; only the client's
consultants manage them; the database holds no working link."""

from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.contrib.auth.models import User
from django.core import mail, signing
from django.test import Client
from django.utils import timezone

from organizations.invites import new_token, token_hash
from organizations.models import Invitation, Membership, Organization
from organizations.services import (
    INVITATION_ACCOUNT_EXISTS,
    INVITATION_EXPIRED,
    INVITATION_REVOKED,
    INVITATION_UNKNOWN,
    INVITATION_USED,
    INVITATION_WRONG_EMAIL,
    InvitationRefused,
    invitation_accept,
)
from tests.factories import make_user, publish

pytestmark = pytest.mark.django_db

SIGN_UP = {
    "username": "dana",
    "password1": "a-long-pass-phrase-9",
    "password2": "a-long-pass-phrase-9",
}


@pytest.fixture
def bob_client(client: Client, bob: User) -> Client:
    client.force_login(bob)
    return client


def invite(bob_client: Client, email: str = "dana@example.com") -> str:
    """Bob invites `email` to Acme; the path of the link he is shown."""
    response = bob_client.post("/clients/acme/invite/", {"email": email})
    assert response.status_code == 200
    return urlsplit(response.context["created"]["link"]).path


def test_a_consultant_invites_a_person_by_email_and_the_link_is_mailed(
    bob_client: Client, bob: User, acme: Organization
) -> None:
    response = bob_client.post("/clients/acme/invite/", {"email": "dana@example.com"})

    link = response.context["created"]["link"]
    assert link.startswith("http://testserver/invitation/")
    assert link in response.text
    invitation = Invitation.objects.get()
    assert (invitation.organization, invitation.email, invitation.created_by) == (
        acme,
        "dana@example.com",
        bob,
    )
    assert invitation.role == Membership.Role.MARKETER
    assert invitation.status == Invitation.Status.PENDING
    assert invitation.expires_at - invitation.created_at == pytest.approx(
        timedelta(days=14), abs=timedelta(seconds=5)
    )
    [message] = mail.outbox
    assert message.to == ["dana@example.com"]
    assert "Acme Outdoor" in message.subject
    assert link in message.body


def test_the_mail_and_page_are_in_the_consultants_language(
    bob_client: Client, acme: Organization
) -> None:
    bob_client.post(
        "/clients/acme/invite/", {"email": "dana@example.com"}, HTTP_ACCEPT_LANGUAGE="de"
    )

    assert mail.outbox[0].subject == "Sie sind eingeladen, Acme Outdoor beizutreten"


def test_the_link_is_https_behind_a_tls_proxy(
    bob_client: Client, acme: Organization, settings
) -> None:
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

    response = bob_client.post(
        "/clients/acme/invite/",
        {"email": "dana@example.com"},
        headers={"host": "testserver", "x-forwarded-proto": "https"},
    )

    assert response.context["created"]["link"].startswith("https://testserver/invitation/")
    assert "https://testserver/invitation/" in mail.outbox[0].body


def test_the_link_is_still_shown_when_the_mail_fails(
    bob_client: Client, acme: Organization, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise ConnectionRefusedError("no mail server")

    monkeypatch.setattr("organizations.services.send_mail", refuse)

    response = bob_client.post("/clients/acme/invite/", {"email": "dana@example.com"})

    assert response.context["created"]["mailed"] is False
    assert response.context["created"]["link"] in response.text
    assert Invitation.objects.get().status == Invitation.Status.PENDING


def test_the_database_holds_no_usable_token(
    bob_client: Client, client: Client, acme: Organization
) -> None:
    path = invite(bob_client)
    token = path.split("/")[2]

    stored = Invitation.objects.values().get()
    assert token not in {str(value) for value in stored.values()}
    assert stored["token_hash"] == token_hash(token)
    assert len(token) >= 43  # 32 random bytes
    client.logout()
    assert client.get(f"/invitation/{stored['token_hash']}/").status_code == 404
    assert client.get(f"/invitation/{stored['id']}/").status_code == 404


def test_an_invited_person_signs_up_with_the_invited_email_and_joins_as_a_marketer(
    bob_client: Client, acme: Organization
) -> None:
    path = invite(bob_client)
    bob_client.logout()

    form = bob_client.get(path).context["form"]
    response = bob_client.post(path, {**SIGN_UP, "email": "mallory@example.com"})

    assert form.fields["email"].disabled
    assert form["email"].value() == "dana@example.com"
    assert response["Location"] == "/"
    dana = User.objects.get(username="dana")
    assert dana.email == "dana@example.com"  # the posted address is ignored
    membership = Membership.objects.get(user=dana)
    assert (membership.organization, membership.role) == (acme, Membership.Role.MARKETER)
    invitation = Invitation.objects.get()
    assert (invitation.status, invitation.accepted_by) == (Invitation.Status.ACCEPTED, dana)
    assert "Acme Outdoor" in bob_client.get("/").text


def test_an_invitation_works_only_once(bob_client: Client, acme: Organization) -> None:
    path = invite(bob_client)
    bob_client.logout()
    bob_client.post(path, SIGN_UP)  # dana joins and stays logged in

    again = bob_client.post(path)
    bob_client.logout()
    other = bob_client.post(path, {**SIGN_UP, "username": "eve"})

    for response in (again, other):
        assert response.status_code == 410
        assert str(INVITATION_USED) in response.text
    assert not User.objects.filter(username="eve").exists()
    assert Membership.objects.filter(organization=acme, role="marketer").count() == 1


def test_of_two_concurrent_accepts_only_one_succeeds(bob: User, acme: Organization) -> None:
    Invitation.objects.create(
        organization=acme,
        email="dana@example.com",
        token_hash=token_hash(new_token()),
        expires_at=timezone.now() + timedelta(days=1),
    )
    first, second = Invitation.objects.get(), Invitation.objects.get()  # both read it pending
    dana = make_user("dana")
    twin = User.objects.create_user("dana2", "DANA@example.com", "x")

    invitation_accept(invitation=first, user=dana)
    with pytest.raises(InvitationRefused) as refused:
        invitation_accept(invitation=second, user=twin)

    assert refused.value.message == str(INVITATION_USED)
    members = Membership.objects.filter(organization=acme).values_list("user__username", flat=True)
    assert sorted(members) == ["bob", "dana"]


def test_a_logged_in_person_with_the_invited_email_accepts(
    bob_client: Client, client: Client, charlie: User, acme: Organization
) -> None:
    path = invite(bob_client, "Charlie@Example.COM")
    client.force_login(charlie)

    page = client.get(path)
    response = client.post(path)

    assert page.status_code == 200
    assert response["Location"] == "/"
    assert Membership.objects.get(user=charlie, organization=acme).role == "marketer"
    assert Invitation.objects.get().accepted_by == charlie


def test_a_logged_in_person_with_another_email_is_refused_and_nothing_changes(
    bob_client: Client, client: Client, charlie: User, acme: Organization
) -> None:
    path = invite(bob_client, "dana@example.com")
    client.force_login(charlie)

    page = client.get(path)
    response = client.post(path)

    message = str(INVITATION_WRONG_EMAIL % {"email": "dana@example.com"})
    for refused in (page, response):
        assert refused.status_code == 403
        assert refused.context["refusal"] == message
        assert "Join</button>" not in refused.text
    assert not Membership.objects.filter(user=charlie, organization=acme).exists()
    assert Invitation.objects.get().status == Invitation.Status.PENDING


def test_sign_up_is_refused_when_an_account_has_the_invited_email(
    bob_client: Client, charlie: User, acme: Organization
) -> None:
    path = invite(bob_client, "charlie@example.com")
    bob_client.logout()

    response = bob_client.post(path, SIGN_UP)

    assert response.status_code == 200
    assert str(INVITATION_ACCOUNT_EXISTS) in response.context["form"].non_field_errors()
    assert not User.objects.filter(username="dana").exists()
    assert Invitation.objects.get().status == Invitation.Status.PENDING


def test_a_revoked_invitation_is_refused(bob_client: Client, acme: Organization) -> None:
    path = invite(bob_client)
    invitation = Invitation.objects.get()

    revoked = bob_client.post(f"/clients/acme/invitations/{invitation.pk}/revoke/")
    bob_client.logout()
    page = bob_client.get(path)
    sign_up = bob_client.post(path, SIGN_UP)

    assert revoked["Location"] == "/clients/acme/invite/"
    for response in (page, sign_up):
        assert response.status_code == 410
        assert str(INVITATION_REVOKED) in response.text
    assert not User.objects.filter(username="dana").exists()


def test_an_expired_invitation_is_refused(bob_client: Client, acme: Organization) -> None:
    path = invite(bob_client)
    Invitation.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    bob_client.logout()

    page = bob_client.get(path)
    sign_up = bob_client.post(path, SIGN_UP)

    for response in (page, sign_up):
        assert response.status_code == 410
        assert str(INVITATION_EXPIRED) in response.text
    assert not User.objects.filter(username="dana").exists()


def test_an_unknown_token_and_an_old_signed_link_are_refused(
    client: Client, charlie: User, acme: Organization
) -> None:
    old = signing.dumps({"organization": acme.pk}, salt="organizations.invite")
    client.force_login(charlie)

    for token in ("not-a-token", old):
        assert client.get(f"/invitation/{token}/").status_code == 404
        response = client.post(f"/invitation/{token}/")
        assert response.status_code == 404
        assert str(INVITATION_UNKNOWN) in response.text
    assert not Membership.objects.filter(organization=acme, user=charlie).exists()


def _invitations_in_every_state(acme: Organization, bob: User) -> None:
    now = timezone.now()
    later = now + timedelta(days=3)
    for email, extra in (
        ("pending@example.com", {}),
        ("used@example.com", {"accepted_at": now}),
        ("revoked@example.com", {"revoked_at": now}),
        ("expired@example.com", {"expires_at": now - timedelta(days=1)}),
    ):
        Invitation.objects.create(
            organization=acme,
            email=email,
            token_hash=token_hash(new_token()),
            created_by=bob,
            expires_at=extra.pop("expires_at", later),
            **extra,
        )


def test_the_invite_page_lists_the_clients_invitations_with_revoke_for_pending_ones(
    bob_client: Client, bob: User, acme: Organization, globex: Organization
) -> None:
    _invitations_in_every_state(acme, bob)
    Invitation.objects.create(
        organization=globex, email="other@example.com", token_hash="x", expires_at=timezone.now()
    )

    response = bob_client.get("/clients/acme/invite/")

    statuses = {i.email: i.status for i in response.context["invitations"]}
    assert statuses == {
        "pending@example.com": "pending",
        "used@example.com": "accepted",
        "revoked@example.com": "revoked",
        "expired@example.com": "expired",
    }
    assert response.text.count(">Revoke</button>") == 1
    pending = Invitation.objects.get(email="pending@example.com")
    assert f"/clients/acme/invitations/{pending.pk}/revoke/" in response.text
    assert "other@example.com" not in response.text
    assert "bob" in response.text


def test_the_clients_page_counts_pending_invitations(
    bob_client: Client, bob: User, acme: Organization
) -> None:
    _invitations_in_every_state(acme, bob)

    response = bob_client.get("/clients/")

    assert response.context["page"].rows[0].pending_invitations == 1
    assert "1 pending" in response.text


@pytest.mark.parametrize("count", [1, 12])
def test_the_clients_and_invite_pages_queries_do_not_grow_with_clients_and_invitations(
    bob_client: Client, bob: User, acme: Organization, count: int, django_assert_num_queries
) -> None:
    publish()
    for n in range(count):
        other = Organization.objects.create(name=f"Client {n}", slug=f"client-{n}")
        Membership.objects.create(user=bob, organization=other, role="consultant")
        _invitations_in_every_state(other, bob)
        _invitations_in_every_state(acme, bob)

    bob_client.get("/clients/")  # the stage titles are cached once read
    # session, user, count (the consultant check), the page's ids, their figures (latest
    # and previous score, drafts, last activity, pending invitations), latest bank version
    with django_assert_num_queries(6):
        bob_client.get("/clients/")
    # session, user, consultant membership with organization, invitations with who invited
    with django_assert_num_queries(4):
        bob_client.get("/clients/acme/invite/")


def test_only_the_clients_consultants_may_list_create_or_revoke_invitations(
    bob_client: Client,
    bob: User,
    alice: User,
    charlie: User,
    acme: Organization,
    globex: Organization,
) -> None:
    invite(bob_client)
    invitation = Invitation.objects.get()
    olga = make_user("olga", globex, Membership.Role.CONSULTANT)

    for user in (alice, charlie, olga):
        bob_client.force_login(user)
        assert bob_client.get("/clients/acme/invite/").status_code == 404, user
        assert (
            bob_client.post("/clients/acme/invite/", {"email": "x@example.com"}).status_code == 404
        )
        revoke = f"/clients/acme/invitations/{invitation.pk}/revoke/"
        assert bob_client.post(revoke).status_code == 404, user
    # olga's own client's URL does not reach an invitation of Acme either
    bob_client.force_login(olga)
    assert (
        bob_client.post(f"/clients/globex/invitations/{invitation.pk}/revoke/").status_code == 404
    )
    bob_client.logout()
    assert bob_client.get("/clients/acme/invite/")["Location"].startswith("/login/")
    assert bob_client.post(f"/clients/acme/invitations/{invitation.pk}/revoke/").status_code == 302

    assert Invitation.objects.get().status == Invitation.Status.PENDING
    assert Invitation.objects.count() == 1
    assert len(mail.outbox) == 1


def test_revoking_is_post_only(bob_client: Client, acme: Organization) -> None:
    invite(bob_client)
    invitation = Invitation.objects.get()

    assert bob_client.get(f"/clients/acme/invitations/{invitation.pk}/revoke/").status_code == 405
    assert Invitation.objects.get().status == Invitation.Status.PENDING


def test_the_admin_shows_invitations_with_a_read_only_token_hash(
    client: Client, bob_client: Client, acme: Organization
) -> None:
    invite(bob_client)
    invitation = Invitation.objects.get()
    client.force_login(User.objects.create_superuser("ada", "ada@example.com", "x"))

    page = client.get(f"/admin/organizations/invitation/{invitation.pk}/change/")
    client.post(
        f"/admin/organizations/invitation/{invitation.pk}/change/", {"token_hash": "forged"}
    )

    assert page.status_code == 200
    assert invitation.token_hash in page.text
    assert 'name="token_hash"' not in page.text
    assert Invitation.objects.get().token_hash == invitation.token_hash
    assert client.get("/admin/organizations/invitation/add/").status_code == 403
