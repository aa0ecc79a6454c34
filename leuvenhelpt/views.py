"""Site-wide pages: home, health check, statements and error pages."""

import logging
import time
from functools import cache

from django.conf import settings
from django.db import connection
from django.http import Http404, HttpResponseRedirect, HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.template import TemplateDoesNotExist, loader
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from accounts.adapters import remember_language
from accounts.roles import work_area
from leuvenhelpt.pagecache import public_page

logger = logging.getLogger("leuvenhelpt")


@require_GET
@public_page()
def home(request):
    return render(request, "home.html")


@require_GET
def switch_language(request, code: str):
    """The language links in the header: remember the choice in the language cookie and go back."""
    if code not in dict(settings.LANGUAGES):
        raise Http404("unknown language")
    target = request.GET.get("volgende", "/")
    # Only a path on this site ("/…"): not another site, not a URL name (``redirect("abc")`` would try to
    # reverse it and fail), not a NUL byte.
    if (
        not target.startswith("/")
        or "\x00" in target
        or not url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=request.is_secure())
    ):
        target = "/"
    return remember_language(HttpResponseRedirect(target), code)


@require_GET
def privacy_statement(request):
    return render(request, "pages/privacy_statement.html")


@require_GET
def accessibility_statement(request):
    return render(request, "pages/accessibility_statement.html")


# The last state of each dependency, so a failing check is logged when it starts failing and when it
# recovers, not every few seconds while the probe polls.
_last_status: dict[str, str] = {}


def _note(name: str, status: str) -> str:
    previous = _last_status.get(name)
    _last_status[name] = status
    if status == "error" and previous != "error":
        logger.warning("healthz: %s is down", name)
    elif status != "error" and previous == "error":
        logger.warning("healthz: %s is back", name)
    return status


def _database_status() -> str:
    """One round trip on a pooled connection (the pool checks it; no new connection per call)."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # noqa: BLE001 - any failure means unhealthy; the log says which dependency
        return _note("database", "error")
    return _note("database", "ok")


@cache
def _broker_client(url: str):
    """One client per process, with its own small pool: the probe reuses its connection."""
    import redis

    return redis.Redis.from_url(url, socket_connect_timeout=1, socket_timeout=1, max_connections=2)


def _broker_status() -> str:
    if not settings.REDIS_URL:
        return "eager"  # no broker configured: tasks run in-process
    import redis

    try:
        _broker_client(settings.REDIS_URL).ping()
    except (redis.RedisError, OSError):
        return _note("broker", "error")
    return _note("broker", "ok")


# A probe polling every process many times a second (a proxy's health checks, a load test) is answered from the
# last check for this long: the answer is at most a second old, and the database and Redis see one round trip
# per process per second instead of one per poll (docs/performance.md).
HEALTH_SECONDS = 1.0
_last_checks: list = []  # [monotonic time, checks]


def _checks() -> dict[str, str]:
    now = time.monotonic()
    last = _last_checks
    if last and now - last[0] < HEALTH_SECONDS:
        return last[1]
    checks = {"database": _database_status(), "broker": _broker_status()}
    _last_checks[:] = [now, checks]
    return checks


def forget_health() -> None:
    """The next /healthz checks the database and Redis again (tests start with it)."""
    _last_checks.clear()


@never_cache
@require_GET
def healthz(request):
    """Which dependency is down, as JSON. 503 only when the database is down (nothing works without it); with
    Redis down the site still answers (mails wait in the outbox), so it stays in rotation: 200, "degraded".
    Checked at most once a second per process (``HEALTH_SECONDS``)."""
    checks = _checks()
    if checks["database"] == "error":
        status, code = "error", 503
    elif "error" in checks.values():
        status, code = "degraded", 200
    else:
        status, code = "ok", 200
    return JsonResponse({"status": status, **checks}, status=code)


API_PREFIX = "/api/"


def _api_error(status: int, code: str, detail: str) -> JsonResponse:
    """The partner API's JSON error format (``partner_api.errors``) for what fails before or around its views."""
    return JsonResponse({"status": status, "code": code, "detail": detail}, status=status)


def server_error(request):
    """500 page rendered without context processors, so it works when little else does (JSON under /api/)."""
    if request.path.startswith(API_PREFIX):
        return _api_error(500, "server_error", "Er ging iets mis. / Something went wrong.")
    try:
        template = loader.get_template("500.html")
    except TemplateDoesNotExist:
        return HttpResponseServerError("Er ging iets mis / Something went wrong", content_type="text/plain")
    return HttpResponseServerError(template.render({"leuvenhelpt": settings.LEUVENHELPT}))


def permission_denied(request, exception):
    """403: says the page is for another role and points a signed-in person to their own work area, so that
    following a link they may not open (a DPO on a coordinator's page, say) is not a dead end."""
    context = {"work_area_url": reverse(work_area(request.user))}
    return render(request, "403.html", context, status=403)


def bad_request(request, exception=None):
    """400 in the site's own layout and the visitor's language (Django's own renders it without a request);
    JSON under /api/."""
    if request.path.startswith(API_PREFIX):
        return _api_error(400, "bad_request", "Deze vraag kan niet gelezen worden. / This request cannot be read.")
    return render(request, "400.html", status=400)


def too_many_requests(request, exception=None):
    """429: a limit on anonymous forms or sign-ins was reached (``accounts.ratelimits``, allauth)."""
    return render(request, "429.html", status=429)


def csrf_failure(request, reason=""):
    """A form sent without a valid CSRF token (expired page, blocked cookies, another site): the site's own
    page in the visitor's language. The reason is logged, not shown."""
    logger.info("csrf failure: %s", reason)
    return render(request, "csrf_failure.html", status=403)
