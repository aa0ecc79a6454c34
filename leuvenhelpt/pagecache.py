"""Public pages as a first-time visitor sees them, rendered once per process instead of on every request.

The front doors (the home page, the assistant's start, the help form, the product catalogue, the sign-in
page) are the same for every visitor who has no session yet: rendering them took 1 to 17 ms, most of it
templates (docs/performance.md). ``@public_page(vary=...)`` keeps the page's HTML in this process's memory
(``CACHES["pages"]``, a bounded LRU) under its path, the language and whatever ``vary(request)`` returns (the
published catalogue's version, the help lines and which of them are open now, ...), and serves it as long as
these are the same.

What differs per visitor is never kept: the page is rendered with placeholders for the CSRF token and the
one-time form tokens (``render_placeholders``), and every answer gets fresh ones (``get_token`` also sets the
CSRF cookie, as rendering would).

Only when it cannot differ from a fresh render: a GET without a query string, from a visitor who sends no
session or messages cookie (so nobody is signed in, and no answers, messages or half-filled forms live in a
session). Anything else (a signed-in user, a filtered list, ``?next=``) is rendered as before. Only a plain 200
HTML answer that sets no cookie is kept.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.core.cache import caches
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.utils import translation
from django.utils.http import http_date

CSRF_PLACEHOLDER = "__page-cache-csrf-token__"
ONCE_PLACEHOLDER = "__page-cache-once-token__"
# Placeholders filled in afresh for every visitor, each with a new value: the apps above register theirs
# (``once`` its one-time form token, in its ``AppConfig.ready()``), so this helper imports none of them.
_FILLERS: dict[str, Callable[[], str]] = {}


def register_placeholder(placeholder: str, make: Callable[[], str]) -> None:
    _FILLERS[placeholder] = make


KEEP_SECONDS = 10 * 60
_KEPT_HEADERS = ("Content-Type", "Cache-Control", "X-Frame-Options")
_PLACEHOLDERS = "_page_cache_placeholders"


def render_placeholders(request) -> bool:
    """Whether this request renders a page to keep: the token tags then write placeholders."""
    return getattr(request, _PLACEHOLDERS, False)


def _cacheable(request: HttpRequest, personal_cookies: tuple[str, ...]) -> bool:
    return (
        request.method == "GET"
        and not request.META.get("QUERY_STRING")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "messages" not in request.COOKIES
        and not any(name in request.COOKIES for name in personal_cookies)
        and not request.headers.get("HX-Request")
    )


def _fill(content: str, request: HttpRequest) -> bytes:
    if CSRF_PLACEHOLDER in content:
        content = content.replace(CSRF_PLACEHOLDER, get_token(request))
    for placeholder, make in _FILLERS.items():
        if placeholder in content:
            content = re.sub(re.escape(placeholder), lambda _match, make=make: make(), content)
    return content.encode()


def _key(request: HttpRequest, name: str) -> str:
    # The active language and the one the visitor chose: a page group kept in Dutch by the language policy shows
    # a notice in the chosen language, so two visitors with different choices see different Dutch pages.
    chosen = getattr(request, "language_chosen", "")
    full = f"{name}|{translation.get_language()}|{chosen}"
    return "page:" + hashlib.sha256(full.encode()).hexdigest()


def kept_page(request: HttpRequest, name: str, produce: Callable[[], HttpResponse]) -> HttpResponse:
    """The page called ``name`` from this process's memory, or ``produce()`` rendered with placeholders and kept.

    ``name`` must say everything the page shows that is not in the language or the visitor's own tokens; only a
    plain 200 HTML answer that sets no cookie is kept."""
    pages = caches["pages"]
    key = _key(request, name)
    kept = pages.get(key)
    if kept is None:
        setattr(request, _PLACEHOLDERS, True)
        try:
            response = produce()
            if hasattr(response, "render") and not response.is_rendered:
                response.render()  # a TemplateResponse: rendered here, while the placeholders apply
        finally:
            setattr(request, _PLACEHOLDERS, False)
        if (
            response.status_code != 200
            or response.streaming
            or response.cookies
            or not response.get("Content-Type", "").startswith("text/html")
        ):
            if CSRF_PLACEHOLDER in getattr(response, "content", b"").decode(errors="replace"):
                response.content = _fill(response.content.decode(), request)
            return response
        kept = (
            response.content.decode(response.charset),
            {header: response[header] for header in _KEPT_HEADERS if header in response},
        )
        pages.set(key, kept, timeout=KEEP_SECONDS)
    content, headers = kept
    response = HttpResponse(_fill(content, request), headers=headers)
    if "no-store" in headers.get("Cache-Control", ""):
        response["Expires"] = http_date()  # fresh, as add_never_cache_headers gives it (the rest is kept)
    return response


def anonymous_reader(request: HttpRequest) -> bool:
    """A visitor with a session who is not signed in and has nothing waiting in it for the page (no messages):
    the layout is the anonymous one, so a page whose own part depends only on what its view names can be kept
    (the assistant's question page varies on the visitor's answers, not on who they are)."""
    return (
        request.method == "GET"
        and not request.headers.get("HX-Request")
        and "messages" not in request.COOKIES
        and not request.user.is_authenticated
        and "_messages" not in request.session
    )


def public_page(
    vary: Callable[[HttpRequest], object] = lambda request: (), personal_cookies: tuple[str, ...] = ()
) -> Callable:
    """Keep the view's page for visitors without a session; ``vary(request)`` names what else it depends on. A
    visitor who sends one of ``personal_cookies`` (what the page reads besides the session, such as the
    assistant's answers) gets the page rendered for them."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not _cacheable(request, personal_cookies):
                return view(request, *args, **kwargs)
            return kept_page(request, f"{request.path}|{vary(request)!r}", lambda: view(request, *args, **kwargs))

        return wrapper

    return decorator
