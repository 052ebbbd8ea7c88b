"""Signed, expiring invitation links to join an organization as a marketer."""

from datetime import timedelta

from django.core import signing
from django.utils.text import slugify

from organizations.models import Organization

SALT = "organizations.invite"
INVITE_DAYS = 14


def invite_token(organization: Organization) -> str:
    return signing.dumps({"organization": organization.pk}, salt=SALT)


def invited_organization(token: str) -> Organization | None:
    """The organization a token invites to, or None when it is forged or expired."""
    try:
        data = signing.loads(token, salt=SALT, max_age=timedelta(days=INVITE_DAYS))
    except signing.BadSignature:  # also SignatureExpired
        return None
    return Organization.objects.filter(pk=data.get("organization")).first()


def unique_slug(name: str) -> str:
    base = slugify(name)[:70] or "client"
    slug, n = base, 1
    while Organization.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug
