"""Site-wide pages: home, health check, statements and error pages."""

import logging

from django.conf import settings
from django.db import connection
from django.http import Http404, HttpResponseServerError, JsonResponse
from django.shortcuts import redirect, render
from django.template import TemplateDoesNotExist, loader
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from accounts.adapters import remember_language
from accounts.roles import work_area

logger = logging.getLogger("leuvenhelpt")


@require_GET
def home(request):
    return render(request, "home.html")


@require_GET
def switch_language(request, code: str):
    """The language links in the header: remember the choice in the language cookie and go back."""
    if code not in dict(settings.LANGUAGES):
        raise Http404("unknown language")
    target = request.GET.get("volgende", "/")
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=request.is_secure()):
        target = "/"
    return remember_language(redirect(target), code)


@require_GET
def privacy_statement(request):
    return render(request, "pages/privacy_statement.html")


@require_GET
def accessibility_statement(request):
    return render(request, "pages/accessibility_statement.html")


def _database_status() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # noqa: BLE001 - any failure means unhealthy; the log has the detail
        logger.exception("healthz: database check failed")
        return "error"
    return "ok"


def _broker_status() -> str:
    if not settings.REDIS_URL:
        return "eager"  # no broker configured: tasks run in-process
    import redis

    try:
        client = redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=1, socket_timeout=1)
        client.ping()
    except redis.RedisError:
        logger.exception("healthz: broker check failed")
        return "error"
    return "ok"


@never_cache
@require_GET
def healthz(request):
    """Database and broker status as JSON: 200 when healthy, 503 when not."""
    checks = {"database": _database_status(), "broker": _broker_status()}
    healthy = "error" not in checks.values()
    return JsonResponse({"status": "ok" if healthy else "error", **checks}, status=200 if healthy else 503)


def server_error(request):
    """500 page rendered without context processors, so it works when little else does."""
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
