"""Invitation tokens: random secrets of which only a hash is stored; client slugs."""

import hashlib
import secrets

from django.utils.text import slugify

from organizations.models import Organization

INVITE_DAYS = 14


def new_token() -> str:
    """A fresh secret for one invitation link (256 random bits)."""
    return secrets.token_urlsafe(32)


def token_hash(token: str) -> str:
    """What the database keeps of a token: its SHA-256, which does not open the link."""
    return hashlib.sha256(token.encode()).hexdigest()


def unique_slug(name: str) -> str:
    base = slugify(name)[:70] or "client"
    slug, n = base, 1
    while Organization.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug
