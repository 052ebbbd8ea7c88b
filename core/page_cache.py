"""Whole pages from the cache, and the release every cache key names.

A page is cached under a key that names all it shows: the parts its view passes (the
versions of its data) and the request's own part of base.html (the user, the app bar in the
session, the language, the address). The one thing that differs between two requests with
the same key is the CSRF token, which a page is rendered without (a placeholder) and which
is filled in for each request. A request with messages waiting is rendered, not cached:
they are shown once.

Every key the cache framework builds also names the release (`cache_key`, the
KEY_FUNCTION of settings.CACHES): a digest of the project's code, templates and static
manifest, so a shared cache (Redis) never serves a page rendered by an earlier deployment.
"""

import hashlib
import os
from collections.abc import Callable
from functools import cache as once
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.template import Context
from django.utils.html import escape
from django.utils.translation import get_language

# What the page is rendered with instead of a token: not a token's alphabet alone, so no
# real token (or anything a user types, escaped) reads the same.
CSRF_PLACEHOLDER = "csrf-token:9d1c6a2f"
# ... and instead of its address (the language switcher's `next`), filled in escaped.
PATH_PLACEHOLDER = "request-path:9d1c6a2f"
# A page is kept a day at most: its key names what it shows, so this only bounds memory.
PAGE_SECONDS = 24 * 3600
# base.html's app bar, as front.navigation keeps it in the session.
APP_BAR_SESSION_KEY = "app_bar"
# What a release is made of, beside the static manifest.
RELEASE_FILES = (".py", ".html", ".mo")


@once
def release() -> str:
    """A digest of this deployment's Python code, templates, translations and static
    manifest (read once per process, on the first use of a shared cache: some tens of
    milliseconds)."""
    base = os.path.realpath(settings.BASE_DIR)
    roots = {os.path.realpath(config.path) for config in apps.get_app_configs()}
    roots = {root for root in roots if root.startswith(base + os.sep)}
    roots.update(os.path.join(base, name) for name in ("config", "templates"))
    roots.update(os.path.realpath(path) for path in settings.LOCALE_PATHS)
    files: list[str] = []
    for root in roots:
        for folder, subfolders, names in os.walk(root):
            subfolders[:] = [name for name in subfolders if name != "__pycache__"]
            files.extend(
                os.path.join(folder, name) for name in names if name.endswith(RELEASE_FILES)
            )
    if settings.STATIC_ROOT:
        manifest = os.path.join(settings.STATIC_ROOT, "staticfiles.json")
        if os.path.isfile(manifest):
            files.append(manifest)
    digest = hashlib.blake2b(digest_size=6)
    for path in sorted(files):
        digest.update(os.path.relpath(path, base).encode())
        with open(path, "rb") as file:
            digest.update(file.read())
    return digest.hexdigest()


def cache_key(key: str, key_prefix: str, version: int) -> str:
    """settings.CACHES' KEY_FUNCTION: Django's own key, with the release in it."""
    return f"{key_prefix}:{release()}:{version}:{key}"


def shell(request: HttpRequest) -> tuple[Any, ...] | None:
    """What base.html's app bar shows of this request but its address, or None when there
    is no app bar in the session yet (it is then loaded while rendering)."""
    stored = request.session.get(APP_BAR_SESSION_KEY)
    if stored is None:
        return None
    user: Any = request.user
    return (
        get_language(),
        user.pk,
        user.get_username(),
        user.get_full_name(),
        user.email,
        user.is_staff,
        repr(stored),
    )


def _digest(*named: object) -> str:
    return hashlib.blake2b(repr(named).encode(), digest_size=16).hexdigest()


def filled(html: str, request: HttpRequest, *, token: str | None = None) -> str:
    """`html` rendered with the placeholders, with this request's token and address."""
    html = html.replace(CSRF_PLACEHOLDER, token or get_token(request))
    return html.replace(PATH_PLACEHOLDER, escape(request.get_full_path()))


def cached_page(
    request: HttpRequest,
    name: str,
    parts: tuple[Any, ...],
    render: Callable[[dict[str, Any]], HttpResponse],
) -> HttpResponse:
    """The page `name`, rendered by `render(extra_context)` once per `parts` and request
    shell, then from the cache with this request's CSRF token filled in.

    `parts` must name everything the page shows beyond base.html's request shell; `render`
    adds `extra_context` to its template's context. A request with messages waiting is
    rendered, not cached: they are shown once."""
    waiting = getattr(request, "_messages", None)
    request_shell = shell(request)
    if request_shell is None or (waiting is not None and len(waiting)):
        return render({})
    where = (request.scheme, request.get_host(), request.get_full_path())
    key = f"page:{name}:{_digest(request_shell, where, parts)}"
    html: str | None = cache.get(key)
    if html is None:
        response = render({"csrf_token": CSRF_PLACEHOLDER, "path_placeholder": PATH_PLACEHOLDER})
        if response.status_code != 200 or response.streaming:
            return response
        html = response.content.decode(response.charset)
        cache.set(key, html, PAGE_SECONDS)
    return HttpResponse(filled(html, request))


def cached_fragment(
    context: Context, name: str, parts: tuple[Any, ...], render: Callable[[], str]
) -> str:
    """A part of base.html, rendered by `render()` once per `parts` and request shell (its
    token and address as placeholders), then from the cache; its CSRF token is the one the
    page is rendered with (a placeholder again when the whole page is being cached)."""
    request = context.get("request")
    request_shell = shell(request) if request is not None else None
    if request is None or request_shell is None:
        return render()
    key = f"fragment:{name}:{_digest(request_shell, parts)}"
    html: str | None = cache.get(key)
    if html is None:
        with context.push(csrf_token=CSRF_PLACEHOLDER, path_placeholder=PATH_PLACEHOLDER):
            html = render()
        cache.set(key, html, PAGE_SECONDS)
    token = context.get("csrf_token")
    if token == CSRF_PLACEHOLDER:  # the whole page is being rendered for the cache
        return html
    return filled(html, request, token=str(token) if token else None)
