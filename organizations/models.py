"""Organizations and who belongs to them: the boundary of every piece of data."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class OrganizationQuerySet(models.QuerySet["Organization"]):
    def for_user(self, user: settings.AUTH_USER_MODEL) -> "OrganizationQuerySet":
        """Organizations `user` is a member of; nothing for an anonymous user."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(memberships__user=user)


class Organization(models.Model):
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = OrganizationQuerySet.as_manager()

    class Meta:
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class MembershipQuerySet(models.QuerySet["Membership"]):
    def for_home(self, user: settings.AUTH_USER_MODEL) -> "MembershipQuerySet":
        """The user's memberships with their organization, its member count and its
        assessments (newest first): two queries."""
        from assessments.models import Assessment

        return (
            self.filter(user=user)
            .select_related("organization")
            .annotate(member_count=models.Count("organization__memberships"))
            .prefetch_related(
                models.Prefetch(
                    "organization__assessments",
                    queryset=Assessment.objects.order_by("-created_at"),
                )
            )
            .order_by("organization__name")
        )

    def consulting(self, user: settings.AUTH_USER_MODEL) -> "MembershipQuerySet":
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
