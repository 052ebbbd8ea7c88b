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


# The switcher lists this many organizations, then links to all of them: a consultant with a
# thousand clients would otherwise pay for a thousand menu entries on every page.
SWITCHER_SIZE = 8


class AppBarMenu(TypedDict):
    organizations: list[AppBarOrganization]  # the first SWITCHER_SIZE, by name
    names: dict[str, str]  # slug -> name, every organization: the current one is looked up
    count: int
    more: int  # how many the switcher leaves out
    consultant: bool


def app_bar_menu(app_bar: AppBar) -> AppBarMenu:
    """What the template draws: a short switcher and a name lookup, whatever the count."""
    organizations = app_bar["organizations"]
    return {
        "organizations": organizations[:SWITCHER_SIZE],
        "names": {item["slug"]: item["name"] for item in organizations},
        "count": len(organizations),
        "more": max(0, len(organizations) - SWITCHER_SIZE),
        "consultant": app_bar["consultant"],
    }
