"""Organizations and who belongs to them: the boundary of every piece of data."""

from django.conf import settings
from django.contrib.auth.models import AnonymousUser, User
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class OrganizationQuerySet(models.QuerySet["Organization"]):
    def for_user(self, user: User | AnonymousUser) -> "OrganizationQuerySet":
        """Organizations `user` is a member of; nothing for an anonymous user."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(memberships__user=user)


class Currency(models.TextChoices):
    """The currency of an organization's money figures (goals, budgets); see core.money."""

    EUR = "EUR", _("Euro (€)")
    USD = "USD", _("US dollar ($)")
    GBP = "GBP", _("Pound sterling (£)")
    CHF = "CHF", _("Swiss franc (CHF)")
    KRW = "KRW", _("Korean won (₩)")
    JPY = "JPY", _("Japanese yen (¥)")


class Organization(models.Model):
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    # db_default too: rows written by code that predates the column (old migrations' models,
    # other tools) get EUR from the database instead of failing NOT NULL.
    currency = models.CharField(
        _("currency"),
        max_length=3,
        choices=Currency.choices,
        default=Currency.EUR,
        db_default=Currency.EUR,
    )
    # Who added it (a consultant's client): such organizations never count as her peers.
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )

    objects = OrganizationQuerySet.as_manager()

    class Meta:
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class MembershipQuerySet(models.QuerySet["Membership"]):
    def consulting(self, user: User) -> "MembershipQuerySet":
        """The user's memberships as a consultant: the clients he advises."""
        return self.filter(user=user, role=Membership.Role.CONSULTANT)


class Membership(models.Model):
    class Role(models.TextChoices):
        MARKETER = "marketer", _("Marketer")
        CONSULTANT = "consultant", _("Consultant")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.MARKETER)
    joined_at = models.DateTimeField(_("joined"), auto_now_add=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["organization__name", "user__username"]
        constraints = [
            models.UniqueConstraint(fields=["user", "organization"], name="one_membership_per_org")
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.organization} ({self.get_role_display()})"


def pending_invitation(prefix: str = "") -> models.Q:
    """Invitations that can still be accepted: not used, not revoked, not expired.

    `prefix` reaches them through a relation (`"organization__invitations__"`)."""
    return models.Q(
        **{
            f"{prefix}accepted_at__isnull": True,
            f"{prefix}revoked_at__isnull": True,
            f"{prefix}expires_at__gt": timezone.now(),
        }
    )


class InvitationQuerySet(models.QuerySet["Invitation"]):
    def pending(self) -> "InvitationQuerySet":
        return self.filter(pending_invitation())


class Invitation(models.Model):
    """An invitation of one person (by email) to join an organization, usable once.

    The link carries a random token; only its SHA-256 is stored here, so reading the
    database gives no working link."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        ACCEPTED = "accepted", _("Accepted")
        EXPIRED = "expired", _("Expired")
        REVOKED = "revoked", _("Revoked")

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="invitations"
    )
    email = models.EmailField(_("email"))
    role = models.CharField(
        _("role"), max_length=20, choices=Membership.Role.choices, default=Membership.Role.MARKETER
    )
    token_hash = models.CharField(_("token hash"), max_length=64, unique=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("invited by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"))
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("accepted by"),
    )
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.email} → {self.organization}"

    @property
    def status(self) -> "Invitation.Status":
        if self.accepted_at is not None:
            return self.Status.ACCEPTED
        if self.revoked_at is not None:
            return self.Status.REVOKED
        if self.expires_at <= timezone.now():
            return self.Status.EXPIRED
        return self.Status.PENDING

    def get_status_display(self) -> str:
        return str(self.Status(self.status).label)
