"""Organizations: a consultant's new client, and joining through an invitation."""

from django.contrib.auth.models import User
from django.db import transaction

from organizations.invites import unique_slug
from organizations.models import Membership, Organization


@transaction.atomic
def client_create(*, consultant: User, name: str) -> Organization:
    """A new client organization with its creator as consultant."""
    organization = Organization.objects.create(name=name.strip(), slug=unique_slug(name))
    Membership.objects.create(
        user=consultant, organization=organization, role=Membership.Role.CONSULTANT
    )
    return organization


def invitation_accept(*, user: User, organization: Organization) -> Membership:
    """Join as a marketer; someone already in keeps the role they have."""
    membership, _ = Membership.objects.get_or_create(
        user=user, organization=organization, defaults={"role": Membership.Role.MARKETER}
    )
    return membership
