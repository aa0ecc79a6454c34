"""/metrics for a Prometheus scraper holding the token, and a request id on every log line."""

import json
import logging

import pytest
from django.utils import timezone

from outbox.models import OutboxMessage

pytestmark = pytest.mark.django_db

TOKEN = "scraper-secret-" + "x" * 20


@pytest.fixture
def metrics_on(settings):
    settings.METRICS_TOKEN = TOKEN


def scrape(client) -> str:
    response = client.get("/metrics", headers={"Authorization": f"Bearer {TOKEN}"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    return response.content.decode()


def test_without_the_token_metrics_do_not_exist(client, metrics_on, settings):
    assert client.get("/metrics").status_code == 404
    assert client.get("/metrics", headers={"Authorization": "Bearer wrong"}).status_code == 404
    settings.METRICS_TOKEN = ""
    assert client.get("/metrics", headers={"Authorization": "Bearer "}).status_code == 404  # off without a token


def test_outbox_depth_and_oldest_waiting_age_per_channel(client, metrics_on):
    old = timezone.now() - timezone.timedelta(minutes=10)
    OutboxMessage.objects.create(event_key="a", recipient="a@example.test", created_at=old)
    OutboxMessage.objects.create(event_key="b", recipient="b@example.test")
    OutboxMessage.objects.create(event_key="c", recipient="c@example.test", status="failed")
    text = scrape(client)
    assert 'leuvenhelpt_outbox_waiting{channel="email"} 2.0' in text
    age = next(line for line in text.splitlines() if line.startswith("leuvenhelpt_outbox_oldest_waiting_seconds"))
    assert 595 < float(age.split()[-1]) < 700
    assert 'leuvenhelpt_outbox_messages{channel="email",status="failed"} 1.0' in text
    # No address or text of a message in the metrics.
    assert "example.test" not in text


def test_requests_are_counted_by_view_name_never_by_path(client, metrics_on):
    client.get("/hulp/volgen/een-geheim-token/")
    client.get("/")
    text = scrape(client)
    assert 'leuvenhelpt_requests_total{method="GET",status="200",view="home"}' in text
    assert "geheim" not in text
    assert "leuvenhelpt_request_seconds_bucket" in text


def test_each_response_carries_a_request_id(client):
    response = client.get("/", headers={"X-Request-ID": "proxy-abc-123"})
    assert response["X-Request-ID"] == "proxy-abc-123"
    assert client.get("/")["X-Request-ID"] != client.get("/")["X-Request-ID"]  # a fresh one otherwise
    # A header that is not a plain id is replaced, so nothing odd reaches the log.
    assert client.get("/", headers={"X-Request-ID": "a b\nc"})["X-Request-ID"] != "a b\nc"


def test_log_lines_are_json_with_the_request_id(settings):
    from pythonjsonlogger.json import JsonFormatter

    from leuvenhelpt.observability import RequestIdFilter, request_id_var

    formatter_config = settings.LOGGING["formatters"]["json"]

    formatter = JsonFormatter(formatter_config["format"], rename_fields=formatter_config["rename_fields"])
    record = logging.LogRecord("leuvenhelpt.outbox", logging.WARNING, __file__, 1, "attempt %s failed", (2,), None)
    token = request_id_var.set("req-42")
    try:
        RequestIdFilter().filter(record)
    finally:
        request_id_var.reset(token)
    line = json.loads(formatter.format(record))
    assert line["request_id"] == "req-42" and line["level"] == "WARNING" and line["message"] == "attempt 2 failed"
    assert line["logger"] == "leuvenhelpt.outbox"
