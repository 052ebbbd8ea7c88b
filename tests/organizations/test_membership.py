from django.contrib.auth.models import AnonymousUser, User

from organizations.models import Organization


def test_a_user_only_ever_gets_the_organizations_he_is_a_member_of(
    alice: User, charlie: User, acme: Organization, globex: Organization
) -> None:
    assert list(Organization.objects.for_user(alice)) == [acme]
    assert list(Organization.objects.for_user(charlie)) == [globex]


def test_an_anonymous_user_gets_no_organization(acme: Organization) -> None:
    assert not Organization.objects.for_user(AnonymousUser()).exists()
