"""What operators see: Prometheus metrics at /metrics (behind a token) and JSON log lines with a request id.

- Requests: ``leuvenhelpt_requests_total{method,view,status}`` and ``leuvenhelpt_request_seconds{method,view}``
  (the view's URL name, never the path: no reference or token ends up in a label).
- The outbox, read from the database at scrape time (so it is the same whichever process is scraped):
  ``leuvenhelpt_outbox_waiting{channel}``, ``leuvenhelpt_outbox_oldest_waiting_seconds{channel}``,
  ``leuvenhelpt_outbox_messages{channel,status}``.
- Celery: ``leuvenhelpt_celery_queue_length{queue}`` (the Redis list) and
  ``leuvenhelpt_task_failures_total{task}``, counted by the workers in Redis (a worker is not scraped).
- ``leuvenhelpt_dependency_up{dependency}``: what /healthz saw last.

Log lines carry ``request_id`` (the X-Request-ID header when a proxy sets one, else a new id; also sent back
and written in the access log) and never a person's data: loggers log ids, hashes and counts only.
"""

import contextvars
import logging
import os
import re
import time
import uuid

from celery.signals import task_failure
from django.conf import settings
from django.http import Http404, HttpResponse
from django.utils.crypto import constant_time_compare
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest, multiprocess
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.exposition import CONTENT_TYPE_LATEST

from leuvenhelpt.gauges import live_gauges

logger = logging.getLogger("leuvenhelpt.observability")

request_id_var: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="-")
_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")
FAILURES_KEY = "leuvenhelpt:metrics:task_failures"

REGISTRY = CollectorRegistry()
REQUESTS = Counter("leuvenhelpt_requests", "Requests answered", ["method", "view", "status"], registry=REGISTRY)
LATENCY = Histogram(
    "leuvenhelpt_request_seconds",
    "Time to answer a request",
    ["method", "view"],
    buckets=(0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
    registry=REGISTRY,
)


class RequestIdFilter(logging.Filter):
    """Adds ``request_id`` to every log record (``-`` outside a request)."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id_var.get()
        return True


class ObservabilityMiddleware:
    """First in the chain: gives the request its id and measures it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.headers.get("X-Request-ID", "")
        request_id = incoming if _REQUEST_ID.match(incoming) else uuid.uuid4().hex
        request._access_log_id = request_id[:32]  # the access log records the same id (privacy.services)
        token = request_id_var.set(request_id)
        started = time.perf_counter()
        try:
            response = self.get_response(request)
        finally:
            request_id_var.reset(token)
        match = getattr(request, "resolver_match", None)
        view = match.view_name if match and match.view_name else "unmatched"
        if view != "metrics":
            REQUESTS.labels(request.method, view, str(response.status_code)).inc()
            LATENCY.labels(request.method, view).observe(time.perf_counter() - started)
        response.headers["X-Request-ID"] = request_id
        return response


class _LiveCollector:
    """Gauges read at scrape time: those the apps registered, then the queue from Redis."""

    def describe(self):
        return []  # nothing is read when the collector is registered (before Django is set up)

    def collect(self):
        for gauges in live_gauges():
            yield from gauges()

        up = GaugeMetricFamily("leuvenhelpt_dependency_up", "1 when the dependency answered", labels=["dependency"])
        queue = GaugeMetricFamily("leuvenhelpt_celery_queue_length", "Tasks waiting in the broker", labels=["queue"])
        failures = GaugeMetricFamily(
            "leuvenhelpt_task_failures_total", "Celery tasks that raised, counted by the workers", labels=["task"]
        )
        client = _redis()
        if client is not None:
            try:
                queue.add_metric(["celery"], client.llen("celery"))
                for task, count in client.hgetall(FAILURES_KEY).items():
                    failures.add_metric([task.decode()], int(count))
                up.add_metric(["broker"], 1)
            except Exception:  # noqa: BLE001 - Redis down: the gauge says so
                up.add_metric(["broker"], 0)
        yield from (queue, failures, up)


if not os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
    REGISTRY.register(_LiveCollector())


def _redis():
    if not settings.REDIS_URL:
        return None
    from leuvenhelpt.views import _broker_client

    return _broker_client(settings.REDIS_URL)


@task_failure.connect
def _count_task_failure(sender=None, **kwargs):
    """In the worker: one more failure of this task, in Redis where the web process reads it."""
    client = _redis()
    if client is None:
        return
    try:
        client.hincrby(FAILURES_KEY, getattr(sender, "name", "unknown"), 1)
    except Exception:  # noqa: BLE001 - metrics never break a task
        logger.debug("task failure not counted: Redis unreachable")


@never_cache
@require_GET
def metrics(request):
    """Prometheus text format, for a scraper holding ``METRICS_TOKEN`` (Bearer); 404 for anyone else, and when
    no token is set (the endpoint is off)."""
    token = settings.METRICS_TOKEN
    given = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
    if not token or not constant_time_compare(given, token):
        raise Http404("metrics are not public")
    registry = REGISTRY
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        # Several gunicorn workers: their request counters are summed from the shared directory.
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
        registry.register(_LiveCollector())
    return HttpResponse(generate_latest(registry), content_type=CONTENT_TYPE_LATEST)
