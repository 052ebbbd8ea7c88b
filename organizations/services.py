"""Organizations: a consultant's new client, and inviting people to join it."""

import logging
import smtplib
from collections.abc import Callable
from datetime import timedelta

from django.contrib.auth.models import User
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from organizations.invites import INVITE_DAYS, new_token, token_hash, unique_slug
from organizations.models import Invitation, Membership, Organization

logger = logging.getLogger(__name__)

INVITATION_UNKNOWN = gettext_lazy("This invitation link is not valid.")
INVITATION_USED = gettext_lazy("This invitation was already used.")
INVITATION_EXPIRED = gettext_lazy("This invitation has expired.")
INVITATION_REVOKED = gettext_lazy("This invitation was revoked.")
INVITATION_ACCOUNT_EXISTS = gettext_lazy(
    "An account with this email address exists already: log in to accept the invitation."
)
INVITATION_WRONG_EMAIL = gettext_lazy(
    "This invitation is for %(email)s. You are logged in with another email address: "
    "log out, then open the link again to log in or sign up with that address."
)
REFUSALS = {
    Invitation.Status.ACCEPTED: INVITATION_USED,
    Invitation.Status.EXPIRED: INVITATION_EXPIRED,
    Invitation.Status.REVOKED: INVITATION_REVOKED,
}


class InvitationRefused(Exception):
    """An invitation that cannot be accepted (any more), with the message to show."""

    def __init__(self, message: str, status: int = 410) -> None:
        super().__init__(message)
        self.message = message
        self.status = status


@transaction.atomic
def client_create(*, consultant: User, name: str) -> Organization:
    """A new client organization with its creator as consultant."""
    organization = Organization.objects.create(
        name=name.strip(), slug=unique_slug(name), created_by=consultant
    )
    Membership.objects.create(
        user=consultant, organization=organization, role=Membership.Role.CONSULTANT
    )
    return organization


def invitation_create(
    *,
    organization: Organization,
    email: str,
    created_by: User,
    link_for: Callable[[str], str],
) -> tuple[Invitation, str, bool]:
    """A new invitation of `email` as a marketer, mailed to that address.

    Returns the invitation, its link (the only time the token exists outside the mail)
    and whether the mail went out."""
    token = new_token()
    invitation = Invitation.objects.create(
        organization=organization,
        email=email.strip(),
        role=Membership.Role.MARKETER,
        token_hash=token_hash(token),
        created_by=created_by,
        expires_at=timezone.now() + timedelta(days=INVITE_DAYS),
    )
    link = link_for(token)
    return invitation, link, _invitation_mail(invitation, link)


def _invitation_mail(invitation: Invitation, link: str) -> bool:
    inviter = invitation.created_by
    values = {
        "name": invitation.organization.name,
        "inviter": (inviter.get_full_name() or inviter.username) if inviter else "",
        "link": link,
        "days": INVITE_DAYS,
    }
    subject = _("You are invited to join %(name)s") % values
    body = (
        _(
            "%(inviter)s invites you to answer the commerce maturity assessment for %(name)s.\n\n"
            "Open this link to sign up or log in with this email address and join:\n"
            "%(link)s\n\n"
            "The link works once and expires in %(days)d days. "
            "If you did not expect this invitation, ignore this mail."
        )
        % values
    )
    try:
        send_mail(subject, body, None, [invitation.email])
    except (OSError, smtplib.SMTPException):
        # The consultant still sees the link and can pass it on another way.
        logger.exception("invitation mail to organization %s failed", invitation.organization_id)
        return False
    return True


def invitation_from_token(token: str) -> Invitation:
    """The invitation a link names, if it can still be accepted; refused otherwise.

    Links in the old signed format hash to nothing stored, so they are unknown."""
    invitation = (
        Invitation.objects.select_related("organization")
        .filter(token_hash=token_hash(token))
        .first()
    )
    if invitation is None:
        raise InvitationRefused(str(INVITATION_UNKNOWN), status=404)
    if invitation.status != Invitation.Status.PENDING:
        raise InvitationRefused(str(REFUSALS[invitation.status]))
    return invitation


def email_matches(invitation: Invitation, user: User) -> bool:
    return bool(user.email) and user.email.casefold() == invitation.email.casefold()


@transaction.atomic
def invitation_accept(*, invitation: Invitation, user: User) -> Membership:
    """Join through the invitation, once: the person it names, while it is pending.

    The conditional update lets exactly one of two concurrent accepts through; someone
    already in the organization keeps the role they have."""
    if not email_matches(invitation, user):
        raise InvitationRefused(
            str(INVITATION_WRONG_EMAIL % {"email": invitation.email}), status=403
        )
    now = timezone.now()
    taken = Invitation.objects.filter(
        pk=invitation.pk, accepted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=now
    ).update(accepted_at=now, accepted_by=user)
    if not taken:
        invitation.refresh_from_db()
        raise InvitationRefused(str(REFUSALS.get(invitation.status, INVITATION_USED)))
    invitation.accepted_at, invitation.accepted_by = now, user
    membership, _created = Membership.objects.get_or_create(
        user=user, organization=invitation.organization, defaults={"role": invitation.role}
    )
    return membership


def invitation_revoke(*, invitation: Invitation) -> bool:
    """Revoke a pending invitation; False when it was already used, revoked or expired."""
    revoked = (
        Invitation.objects.pending().filter(pk=invitation.pk).update(revoked_at=timezone.now())
    )
    return bool(revoked)
