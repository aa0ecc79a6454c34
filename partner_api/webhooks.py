"""Webhooks: events for an organisation's system, written to the outbox (channel ``webhook``) in the transaction
that causes them and delivered by the outbox's task with its retries and back-off (1, 2, 4 … minutes, up to
``OUTBOX_MAX_ATTEMPTS``; what still failed is on the coordinators' "not delivered" page and can be sent again).

A delivery is a POST of JSON with ids only — never personal data; the system reads the rest with its token::

    {"id": "<uuid of the event>", "type": "referral.created", "created_at": "2026-03-12T09:14:03+00:00",
     "data": {"referral_id": 17}}

with the headers ``X-LeuvenHelpt-Event`` (the type), ``X-LeuvenHelpt-Delivery`` (the event id, the same on each
retry), ``X-LeuvenHelpt-Timestamp`` (Unix seconds of this attempt) and ``X-LeuvenHelpt-Signature``:
``v1=`` + hex HMAC-SHA256 of ``<timestamp>.<body>`` under the endpoint's secret. ``partner_api.verify`` is the
reference verifier (signature, a five-minute window against replay, and each event id once).
Each attempt is written to the endpoint's delivery log (``WebhookDelivery``).
"""

import hashlib
import hmac
import json
import logging
import secrets
import time
import urllib.error
import urllib.request
import uuid
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Organization
from outbox import channels
from outbox.models import Channel, OutboxMessage
from outbox.services import message_enqueue
from partner_api.models import WebhookDelivery, WebhookEndpoint, WebhookEvent

logger = logging.getLogger("leuvenhelpt.webhooks")

SIGNATURE_VERSION = "v1"


def sign(secret: str, timestamp: int, body: bytes) -> str:
    """The signature header's value for this body at this time."""
    digest = hmac.new(secret.encode(), str(timestamp).encode() + b"." + body, hashlib.sha256).hexdigest()
    return f"{SIGNATURE_VERSION}={digest}"


def url_problem(url: str) -> str:
    """Why an endpoint address cannot be used ("" when it can): HTTPS only (plain HTTP only where
    ``WEBHOOK_ALLOW_HTTP`` is set: the tests' local receiver)."""
    scheme = urlsplit(url).scheme
    if scheme == "https" or (scheme == "http" and settings.WEBHOOK_ALLOW_HTTP):
        return ""
    return _("Give an address that starts with https://.")


@transaction.atomic
def webhook_endpoint_create(*, organization: Organization, url: str) -> tuple[WebhookEndpoint, str]:
    """A new endpoint with its own secret: (the endpoint, the secret to give the organisation once)."""
    if problem := url_problem(url):
        raise ValidationError({"url": problem})
    endpoint = WebhookEndpoint(organization=organization, url=url, secret=secrets.token_urlsafe(32))
    endpoint.full_clean()
    endpoint.save()
    return endpoint, endpoint.secret


def event_enqueue(*, organization_id: int, event: str, cause: str, data: dict) -> list[OutboxMessage]:
    """One outbox message per active endpoint of the organisation, in the caller's transaction.

    ``cause`` makes it unique (e.g. ``referral:17``): the same event for the same endpoint is queued once."""
    messages = []
    endpoints = WebhookEndpoint.objects.filter(organization_id=organization_id, is_active=True).order_by("pk")
    for endpoint in endpoints:
        payload = {
            "id": str(uuid.uuid4()),
            "type": event,
            "created_at": timezone.now().isoformat(timespec="seconds"),
            "data": data,
        }
        messages.append(
            message_enqueue(
                channel=Channel.WEBHOOK,
                event_key=f"webhook:{event}:{cause}",
                recipient=f"endpoint:{endpoint.pk}",
                subject=event,
                body=json.dumps(payload, separators=(",", ":"), sort_keys=True),
            )
        )
    return messages


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None  # a redirect is an answer that is not 2xx: retried, never followed elsewhere


_opener = urllib.request.build_opener(_NoRedirects)


def deliver(message: OutboxMessage) -> None:
    """The outbox's delivery function for the ``webhook`` channel: one signed POST; anything but 2xx raises
    (the outbox retries with back-off). Each attempt is logged on the endpoint."""
    endpoint = WebhookEndpoint.objects.filter(pk=int(message.recipient.split(":", 1)[1])).first()
    if endpoint is None or not endpoint.is_active:
        raise channels.PermanentFailure("the webhook endpoint was removed or switched off")
    if url_problem(endpoint.url):
        raise channels.PermanentFailure("the webhook endpoint is not HTTPS")
    body = message.body.encode()
    event = json.loads(message.body)
    timestamp = int(time.time())
    request = urllib.request.Request(  # noqa: S310 - http(s) only: url_problem above
        endpoint.url,
        data=body,
        method="POST",
        headers={
            "Content-Type": "application/json",
            "User-Agent": "LeuvenHelpt-Webhooks/1",
            "X-LeuvenHelpt-Event": event["type"],
            "X-LeuvenHelpt-Delivery": event["id"],
            "X-LeuvenHelpt-Timestamp": str(timestamp),
            "X-LeuvenHelpt-Signature": sign(endpoint.secret, timestamp, body),
        },
    )
    started = time.monotonic()
    status, error = None, ""
    try:
        with _opener.open(request, timeout=settings.WEBHOOK_TIMEOUT_SECONDS) as response:  # nosec B310
            status = response.status
    except urllib.error.HTTPError as refused:
        status, error = refused.code, f"HTTP {refused.code}"
    except (urllib.error.URLError, OSError) as failure:
        error = f"{type(failure).__name__}: {getattr(failure, 'reason', failure)}"[:300]
    WebhookDelivery.objects.create(
        endpoint=endpoint,
        message_id=message.pk,
        event_id=event["id"],
        event_type=event["type"],
        attempt=message.attempts,
        status_code=status,
        duration_ms=int((time.monotonic() - started) * 1000),
        error=error,
    )
    if status is None or not 200 <= status < 300:
        raise ConnectionError(error or f"HTTP {status}")


channels.register(Channel.WEBHOOK, deliver)

__all__ = [
    "WebhookEvent",
    "deliver",
    "deliveries_purge",
    "event_enqueue",
    "sign",
    "url_problem",
    "webhook_endpoint_create",
]


def deliveries_purge(*, days: int) -> int:
    """Delivery-log rows older than ``days`` are deleted (as the outbox deletes its finished messages)."""
    from datetime import timedelta

    deleted, _ = WebhookDelivery.objects.filter(at__lt=timezone.now() - timedelta(days=days)).delete()
    return deleted
