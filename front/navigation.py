"""The app bar's organizations and role, kept in the session so no page pays a query for them.

Written when the user logs in and whenever the home page (which loads the memberships
anyway) finds them changed; read by the `app_bar` context processor.
"""

from typing import Any, TypedDict

from django.contrib.auth.models import AnonymousUser, User
from django.http import HttpRequest

from organizations.models import Membership

SESSION_KEY = "app_bar"


class AppBarOrganization(TypedDict):
    slug: str
    name: str
    role: str


class AppBar(TypedDict):
    organizations: list[AppBarOrganization]
    # a consultant of at least one organization, or staff: the workspace pages are hers
    consultant: bool


def app_bar_from(memberships: list[Membership], user: User) -> AppBar:
    """The app bar of memberships already loaded with their organizations."""
    return {
        "organizations": [
            {"slug": m.organization.slug, "name": m.organization.name, "role": m.role}
            for m in memberships
        ],
        "consultant": user.is_staff
        or any(m.role == Membership.Role.CONSULTANT for m in memberships),
    }


def app_bar_load(user: User) -> AppBar:
    """One query: the user's memberships with their organizations."""
    memberships = list(
        Membership.objects.filter(user=user)
        .select_related("organization")
        .order_by("organization__name")
    )
    return app_bar_from(memberships, user)


def app_bar_store(request: HttpRequest, app_bar: AppBar) -> None:
    """Keep it in the session, writing only when it changed."""
    if request.session.get(SESSION_KEY) != app_bar:
        request.session[SESSION_KEY] = app_bar


def app_bar_on_login(sender: Any, request: HttpRequest, user: User, **kwargs: Any) -> None:
    """Receiver of `user_logged_in`."""
    app_bar_store(request, app_bar_load(user))


def app_bar_of(request: HttpRequest) -> AppBar | None:
    """The session's app bar; loaded once for a session that has none (logged in before it
    existed)."""
    user: User | AnonymousUser = request.user
    if not isinstance(user, User) or not user.is_authenticated:
        return None
    stored = request.session.get(SESSION_KEY)
    if stored is None:
        stored = app_bar_load(user)
        app_bar_store(request, stored)
    return stored
