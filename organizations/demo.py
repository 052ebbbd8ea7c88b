"""The demo cast that `make run` loads: two organizations, their people and an admin."""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import transaction

from organizations.models import Membership, Organization

DEMO_PASSWORD = "crawl-walk-run"
ORGANIZATIONS = {
    "nordlicht": "Nordlicht Mode GmbH",
    "hanbit": "Hanbit Beauty Co.",
    # a team assessment in progress (assessments.team_demo)
    "birkenhain": "Birkenhain Outdoor GmbH",
}


@dataclass(frozen=True)
class DemoUser:
    username: str
    first_name: str
    last_name: str
    role: str  # what the login table says
    organizations: tuple[str, ...] = ()
    membership_role: str = Membership.Role.MARKETER
    is_admin: bool = False


DEMO_USERS = (
    DemoUser("mara", "Mara", "Becker", "marketer, Nordlicht Mode", ("nordlicht",)),
    DemoUser("jiwoo", "Jiwoo", "Park", "marketer, Hanbit Beauty", ("hanbit",)),
    DemoUser(
        "chris",
        "Chris",
        "Lindqvist",
        "consultant for all three",
        ("nordlicht", "hanbit", "birkenhain"),
        Membership.Role.CONSULTANT,
    ),
    DemoUser("lena", "Lena", "Vogt", "marketer, Birkenhain (team respondent)", ("birkenhain",)),
    DemoUser(
        "sven", "Sven", "Okafor", "data protection, Birkenhain (data, privacy)", ("birkenhain",)
    ),
    DemoUser("admin", "Ada", "Admin", "admin (question bank, users)", is_admin=True),
)


@transaction.atomic
def demo_data_load() -> list[DemoUser]:
    """Create or refresh the demo organizations and users; safe to run again."""
    organizations = {
        slug: Organization.objects.update_or_create(slug=slug, defaults={"name": name})[0]
        for slug, name in ORGANIZATIONS.items()
    }
    User = get_user_model()
    for demo in DEMO_USERS:
        user, _ = User.objects.update_or_create(
            username=demo.username,
            defaults={
                "first_name": demo.first_name,
                "last_name": demo.last_name,
                "email": f"{demo.username}@example.com",
                "is_staff": demo.is_admin,
                "is_superuser": demo.is_admin,
            },
        )
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
        for slug in demo.organizations:
            Membership.objects.update_or_create(
                user=user, organization=organizations[slug], defaults={"role": demo.membership_role}
            )
    return list(DEMO_USERS)
