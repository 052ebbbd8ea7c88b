"""What every page's app bar needs, with no query of its own (see front.navigation)."""

from typing import Any

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from front.navigation import AppBarMenu, app_bar_menu, app_bar_of


def app_bar(request: HttpRequest) -> dict[str, Any]:
    # Lazy: a page that renders no app bar (an error page, a JSON view) never reads it.
    def menu() -> AppBarMenu | dict[str, Any]:
        stored = app_bar_of(request)
        return app_bar_menu(stored) if stored is not None else {}

    return {"app_bar": SimpleLazyObject(menu)}
