"""Webhooks: signed events with ids only, through the outbox, to a local receiver on 127.0.0.1 that checks them
with the reference verifier (partner_api.verify) — also while it is down for an hour, answers 500, or is sent
a replay."""

import json
import socket
import threading
import urllib.error
import urllib.request
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from accounts.roles import Role
from outbox.models import OutboxMessage
from outbox.services import message_deliver, messages_requeue
from partner_api.models import WebhookDelivery, WebhookEndpoint
from partner_api.verify import Refused, Verifier
from partner_api.webhooks import webhook_endpoint_create
from privacy.models import Consent
from privacy.services import consent_withdraw
from requests_app import services
from tests.factories import PersonFactory, UserFactory

pytestmark = pytest.mark.django_db


class Receiver:
    """A partner's system on 127.0.0.1: verifies each POST (204, or 401 when refused); ``fail_next`` answers
    500 to that many requests first; ``start()`` / ``stop()`` bring it up and down on the same port."""

    def __init__(self, secret: str = ""):
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.verifier = Verifier(secret)
        self.received: list[tuple[dict, bytes]] = []
        self.events: list[dict] = []
        self.refused: list[str] = []
        self.fail_next = 0
        self.server: ThreadingHTTPServer | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/hook"

    def start(self) -> "Receiver":
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.received.append((dict(self.headers), body))
                if receiver.fail_next:
                    receiver.fail_next -= 1
                    self.send_response(500)
                else:
                    try:
                        receiver.events.append(receiver.verifier.check(body, self.headers))
                        self.send_response(204)
                    except Refused as refusal:
                        receiver.refused.append(str(refusal))
                        self.send_response(401)
                self.end_headers()

            def log_message(self, *args):
                pass

        ThreadingHTTPServer.allow_reuse_address = True
        self.server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()
            self.server = None

    def replay(self, headers: dict, body: bytes) -> int:
        request = urllib.request.Request(self.url, data=body, method="POST", headers=headers)  # noqa: S310
        try:
            with urllib.request.urlopen(request, timeout=5) as response:  # noqa: S310
                return response.status
        except urllib.error.HTTPError as refused:
            return refused.code


@pytest.fixture
def receiver(settings):
    settings.WEBHOOK_ALLOW_HTTP = True  # only here: the local receiver speaks plain HTTP
    made = Receiver()
    yield made
    made.stop()


@pytest.fixture
def endpoint(receiver, caw):
    endpoint, secret = webhook_endpoint_create(organization=caw, url=receiver.url)
    receiver.verifier = Verifier(secret)
    return endpoint


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run the on-commit hand-over to the (in-process) delivery task, as after a real commit."""

    def run(action):
        with django_capture_on_commit_callbacks(execute=True):
            return action()

    return run


def test_a_new_referral_is_announced_signed_with_ids_only(receiver, endpoint, caw, ocmw, refer, committed):
    receiver.start()
    person = PersonFactory(full_name="An Peeters", phone="0470 12 34 56")
    (referral, other) = committed(lambda: refer(caw, ocmw, person=person))
    assert len(receiver.events) == 1  # OCMW has no endpoint: nothing for it
    (event,) = receiver.events
    assert event["type"] == "referral.created" and event["data"] == {"referral_id": referral.pk}
    headers, body = receiver.received[0]
    assert set(json.loads(body)) == {"id", "type", "created_at", "data"}
    assert b"Peeters" not in body and b"0470" not in body and referral.request.reference.encode() not in body
    assert headers["X-Leuvenhelpt-Event"] == "referral.created" and headers["X-Leuvenhelpt-Delivery"] == event["id"]
    message = OutboxMessage.objects.get(channel="webhook")
    assert message.status == "sent" and message.person_id is None
    (logged,) = WebhookDelivery.objects.filter(endpoint=endpoint)
    assert (logged.status_code, logged.attempt, logged.event_id) == (204, 1, event["id"])


def test_a_withdrawn_referral_and_a_withdrawn_consent_are_announced(
    receiver, endpoint, caw, refer, committed, coordinator
):
    receiver.start()
    (first,) = committed(lambda: refer(caw))
    committed(lambda: services.referral_withdraw(referral=first, actor=coordinator))
    (second,) = committed(lambda: refer(caw))
    consent = Consent.objects.get(person_id=second.request.person_id, purpose=Consent.Purpose.REFERRAL)
    committed(lambda: consent_withdraw(consent=consent, actor=None))
    assert [(e["type"], e["data"]) for e in receiver.events] == [
        ("referral.created", {"referral_id": first.pk}),
        ("referral.withdrawn", {"referral_id": first.pk}),
        ("referral.created", {"referral_id": second.pk}),
        ("referral.withdrawn", {"referral_id": second.pk}),  # the waiting referral ends with the consent
        ("consent.withdrawn", {"consent_id": consent.pk, "referral_ids": [second.pk]}),
    ]


def test_a_receiver_down_for_an_hour_gets_the_event_when_it_is_back(receiver, endpoint, caw, refer, committed):
    start = timezone.now()
    with time_machine.travel(start, tick=False) as clock:
        (referral,) = committed(lambda: refer(caw))  # nobody listens: refused connection
        message = OutboxMessage.objects.get(channel="webhook")
        message.refresh_from_db()
        assert message.status == "pending" and message.attempts == 1
        while True:  # the beat sweep, every minute, hands over what is due
            clock.shift(timedelta(minutes=1))
            if timezone.now() >= start + timedelta(hours=1) and receiver.server is None:
                receiver.start()
            messages_requeue()
            message.refresh_from_db()
            if message.status != "pending":
                break
    assert message.status == "sent", message.last_error
    attempts = list(WebhookDelivery.objects.filter(endpoint=endpoint).order_by("attempt"))
    assert [a.status_code for a in attempts[:-1]] == [None] * (len(attempts) - 1)  # down: no answer at all
    assert attempts[-1].status_code == 204 and len(attempts) <= 8  # within the outbox's attempts
    assert "Connection" in attempts[0].error
    assert [e["data"]["referral_id"] for e in receiver.events] == [referral.pk]  # once, nothing lost
    gaps = [(b.at - a.at).total_seconds() / 60 for a, b in zip(attempts, attempts[1:], strict=False)]
    assert gaps == sorted(gaps) and gaps[0] == 1  # back-off: 1, 2, 4 … minutes


def test_a_receiver_answering_500_is_retried_until_it_recovers(receiver, endpoint, caw, refer, committed):
    receiver.start()
    receiver.fail_next = 2
    with time_machine.travel(timezone.now(), tick=False) as clock:
        committed(lambda: refer(caw))
        message = OutboxMessage.objects.get(channel="webhook")
        for _ in range(10):
            message.refresh_from_db()
            if message.status != "pending":
                break
            clock.move_to(message.next_attempt_at)
            message_deliver(message_id=message.pk)
    assert message.status == "sent"
    assert [d.status_code for d in WebhookDelivery.objects.filter(endpoint=endpoint).order_by("attempt")] == [
        500,
        500,
        204,
    ]
    assert len({headers["X-Leuvenhelpt-Delivery"] for headers, _ in receiver.received}) == 1  # the same event id


def test_a_replayed_or_tampered_delivery_is_refused_by_the_reference_verifier(
    receiver, endpoint, caw, refer, committed
):
    receiver.start()
    committed(lambda: refer(caw))
    headers, body = receiver.received[0]
    sent = {k: v for k, v in headers.items() if k.lower().startswith(("x-leuvenhelpt", "content-type"))}
    assert receiver.replay(sent, body) == 401  # the same event id again
    assert receiver.refused[-1].endswith("a replay")
    tampered = body.replace(b'"referral_id":', b'"referral_id":9')
    assert receiver.replay(sent, tampered) == 401 and receiver.refused[-1] == "wrong signature"
    later = Verifier(endpoint.secret)  # a verifier that never saw it: the timestamp window still refuses
    with pytest.raises(Refused, match="window"):
        later.check(body, headers, now=int(headers["X-Leuvenhelpt-Timestamp"]) + 600)
    assert len(receiver.events) == 1


def test_a_switched_off_endpoint_is_not_delivered_to(receiver, endpoint, caw, refer, committed):
    receiver.start()
    committed(lambda: refer(caw))
    WebhookEndpoint.objects.filter(pk=endpoint.pk).update(is_active=False)
    committed(lambda: refer(caw))
    assert len(receiver.events) == 1  # a switched-off endpoint gets no new events
    message = OutboxMessage.objects.filter(channel="webhook").first()
    assert message.status == "sent"


def test_endpoints_must_be_https(settings, caw):
    settings.WEBHOOK_ALLOW_HTTP = False
    with pytest.raises(ValidationError):
        webhook_endpoint_create(organization=caw, url="http://partner.example/hook")
    endpoint, secret = webhook_endpoint_create(organization=caw, url="https://partner.example/hook")
    assert len(secret) >= 40 and endpoint.secret == secret


def test_the_admin_registers_an_endpoint_shows_its_secret_once_and_its_delivery_log(client, caw, settings):
    client.force_login(UserFactory(roles=[Role.ADMIN], is_superuser=True))
    add = reverse("admin:partner_api_webhookendpoint_add")
    refused = client.post(add, {"organization": caw.pk, "url": "http://partner.example/hook"})
    assert refused.status_code == 200 and not WebhookEndpoint.objects.exists()
    response = client.post(add, {"organization": caw.pk, "url": "https://partner.example/hook"})
    endpoint = WebhookEndpoint.objects.get()
    assert response.context["secret"] == endpoint.secret and endpoint.secret in response.content.decode()
    WebhookDelivery.objects.create(
        endpoint=endpoint, message_id=1, event_id="5f0c-test", event_type="referral.created", attempt=1, status_code=503
    )
    page = client.get(reverse("admin:partner_api_webhookendpoint_change", args=[endpoint.pk])).content.decode()
    assert endpoint.secret not in page
    assert "5f0c-test" in page and "503" in page  # the delivery log


def test_the_delivery_log_keeps_as_long_as_the_outbox(endpoint, settings):
    from partner_api.tasks import purge_deliveries

    old = WebhookDelivery.objects.create(
        endpoint=endpoint, message_id=1, event_id="old", event_type="referral.created", attempt=1,
        at=timezone.now() - timedelta(days=settings.OUTBOX_KEEP_DAYS + 1),
    )  # fmt: skip
    recent = WebhookDelivery.objects.create(
        endpoint=endpoint, message_id=2, event_id="new", event_type="referral.created", attempt=1
    )
    assert purge_deliveries.delay().get() == 1
    assert list(WebhookDelivery.objects.values_list("pk", flat=True)) == [recent.pk]
    assert not WebhookDelivery.objects.filter(pk=old.pk).exists()
    assert settings.CELERY_BEAT_SCHEDULE["webhook-deliveries-purge"]["task"] == purge_deliveries.name
