"""Writing to the outbox and delivering from it.

``message_enqueue`` is the one door for every message the portal sends: call it inside the transaction of the
event that causes the message. After the commit the delivery task is handed to Celery; when the broker is
down that is logged (once, until it answers again) and the beat sweep (``messages_requeue``) hands it over
later. Delivery is at least once with dedupe: a task that finds its message sent, or being sent by another
worker, does nothing.
"""

import logging
import threading
import time
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import CharField, Q, Value
from django.db.models.functions import Cast, Concat
from django.utils import timezone

from outbox import channels
from outbox.models import ERASED_PREFIX, OutboxMessage

logger = logging.getLogger("leuvenhelpt.outbox")

Status = OutboxMessage.Status

# Defaults of the OUTBOX_* settings (leuvenhelpt/settings.py).
_DEFAULTS = {
    "OUTBOX_MAX_ATTEMPTS": 8,
    "OUTBOX_RETRY_SECONDS": 60,
    "OUTBOX_RETRY_MAX_SECONDS": 6 * 60 * 60,
    "OUTBOX_SENDING_LEASE_SECONDS": 120,
    "OUTBOX_REQUEUE_AFTER_SECONDS": 60,
}


# A message whose event key starts with this is erased from the outbox as soon as it is sent (its address and
# text were given for this one mail only, e.g. an assistant result mailed to an anonymous visitor).
FORGET_WHEN_SENT = "forget:"


def _setting(name: str) -> int:
    return getattr(settings, name, _DEFAULTS[name])


class _BrokerState:
    """Logs the broker going away and coming back once each, not once per request; while it is down, requests
    do not try it again for ``RETRY_SECONDS`` (the sweep hands their messages over later)."""

    RETRY_SECONDS = 10.0

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.down = False
        self._retry_at = 0.0

    def reset(self) -> None:
        with self._lock:
            self.down, self._retry_at = False, 0.0

    def worth_trying(self) -> bool:
        return not self.down or time.monotonic() >= self._retry_at

    def failed(self, exc: Exception) -> None:
        with self._lock:
            first, self.down = not self.down, True
            self._retry_at = time.monotonic() + self.RETRY_SECONDS
        if first:
            logger.warning(
                "outbox: the task broker is unreachable (%s: %s); messages wait in the database and the sweep "
                "hands them over when it is back",
                type(exc).__name__,
                exc,
            )

    def answered(self) -> None:
        with self._lock:
            back, self.down = self.down, False
        if back:
            logger.warning("outbox: the task broker answers again")


broker = _BrokerState()


def hand_over(message_id: int, *, force: bool = False) -> bool:
    """Queue the delivery task; False (logged once) when the broker cannot take it. Never raises.

    Right after a failure the broker is not tried again for a few seconds (unless ``force``: the sweep)."""
    from outbox.tasks import deliver

    if not force and not broker.worth_trying():
        return False
    try:
        deliver.apply_async(args=(message_id,))
    except Exception as exc:  # noqa: BLE001 - a broker error must never fail the request that caused the message
        broker.failed(exc)
        return False
    broker.answered()
    return True


def message_enqueue(
    *,
    channel: str,
    event_key: str,
    recipient: str,
    subject: str = "",
    body: str = "",
    html: str = "",
    language: str = "nl",
    person=None,
    template: str = "",
    context: dict[str, Any] | None = None,
) -> OutboxMessage:
    """One message, written in the caller's transaction; delivered after the commit.

    Unique per (event_key, recipient, channel): a second call returns the existing row and sends nothing more.
    ``person`` is the help seeker's ``Person`` (or its id) when the message is about one: erasing the person
    erases the message too, and a message still waiting is then not sent."""
    if channels.deliverer(channel) is None:
        raise ValueError(f"no delivery function for channel {channel!r}")
    if not recipient.strip():
        raise ValueError("a message needs a recipient")
    person_id = person if isinstance(person, int) or person is None else person.pk
    with transaction.atomic():
        message, created = OutboxMessage.objects.get_or_create(
            event_key=event_key[:200],
            recipient=recipient,
            channel=channel,
            defaults={
                "subject": subject[:300],
                "body": body,
                "html": html,
                "language": language,
                "person_id": person_id,
                "template": template,
                "context": context or {},
            },
        )
    if created:
        message_id = message.pk
        transaction.on_commit(lambda: hand_over(message_id))
    return message


def _backoff(attempts: int) -> timedelta:
    seconds = _setting("OUTBOX_RETRY_SECONDS") * 2 ** max(attempts - 1, 0)
    return timedelta(seconds=min(seconds, _setting("OUTBOX_RETRY_MAX_SECONDS")))


def _claim(message_id: int) -> OutboxMessage | None:
    """Take the message for this worker (a lease, committed), or None when there is nothing to do."""
    now = timezone.now()
    with transaction.atomic():
        message = OutboxMessage.objects.select_for_update(skip_locked=True).filter(pk=message_id).first()
        if message is None:  # gone, or another worker holds it this very moment
            return None
        if message.status == Status.SENDING and message.next_attempt_at > now:
            return None  # another worker is sending it; its lease has not run out
        if message.status not in (Status.PENDING, Status.SENDING):
            return None  # sent, failed or cancelled: a retried task does nothing
        if message.recipient_erased or not message.recipient:
            message.status, message.last_error = Status.CANCELLED, "recipient erased"
            message.save(update_fields=["status", "last_error"])
            return None
        message.status = Status.SENDING
        message.attempts += 1
        message.next_attempt_at = now + timedelta(seconds=_setting("OUTBOX_SENDING_LEASE_SECONDS"))
        message.save(update_fields=["status", "attempts", "next_attempt_at"])
    return message


def message_deliver(*, message_id: int) -> str:
    """Deliver one message through its channel; returns its status afterwards ("" when there was nothing to do).

    Safe to run twice and from two workers at once: the row is claimed under a lock with a lease, and a message
    that is sent, failed or cancelled is left alone."""
    message = _claim(message_id)
    if message is None:
        return ""
    deliver = channels.deliverer(message.channel)
    update: dict[str, Any]
    try:
        if deliver is None:
            raise channels.PermanentFailure(f"no delivery function for channel {message.channel}")
        deliver(message)
    except channels.PermanentFailure as exc:
        update = {"status": Status.FAILED, "last_error": _error(exc)}
    except Exception as exc:  # noqa: BLE001 - any failure of the relay is recorded and retried later
        failed = message.attempts >= _setting("OUTBOX_MAX_ATTEMPTS")
        update = {
            "status": Status.FAILED if failed else Status.PENDING,
            "last_error": _error(exc),
            "next_attempt_at": timezone.now() + _backoff(message.attempts),
        }
        logger.warning(
            "outbox: message %s (%s) attempt %s failed: %s", message.pk, message.channel, message.attempts, _error(exc)
        )
    else:
        update = {"status": Status.SENT, "sent_at": timezone.now(), "last_error": ""}
        if message.event_key.startswith(FORGET_WHEN_SENT):
            update |= {
                "recipient": Concat(Value(ERASED_PREFIX), Cast("id", CharField())),
                "subject": "",
                "body": "",
                "html": "",
                "context": {},
            }
    # Only this worker's claim may be finished (a message erased meanwhile stays as the erasure left it).
    OutboxMessage.objects.filter(pk=message.pk, status=Status.SENDING).update(**update)
    return update["status"]


def _error(exc: Exception) -> str:
    """The kind of error and its text, without the message's content (an SMTP error may quote the address)."""
    return f"{type(exc).__name__}: {exc}"[:500]


def due_messages(*, now=None):
    """Messages the sweep should hand over again: waiting longer than a minute, due for a retry, or left
    ``sending`` by a worker that died (its lease ran out)."""
    now = now or timezone.now()
    fresh = timedelta(seconds=_setting("OUTBOX_REQUEUE_AFTER_SECONDS"))
    return OutboxMessage.objects.filter(
        Q(status=Status.PENDING, next_attempt_at__lte=now) & (Q(attempts__gt=0) | Q(created_at__lte=now - fresh))
        | Q(status=Status.SENDING, next_attempt_at__lte=now)
    ).order_by("next_attempt_at")


def messages_requeue(*, limit: int = 500) -> int:
    """The beat sweep: hand over what is due again; stops at the first broker error. Returns how many."""
    handed = 0
    for message_id in due_messages().values_list("pk", flat=True)[:limit]:
        if not hand_over(message_id, force=True):
            break
        handed += 1
    return handed


@transaction.atomic
def message_retry(*, message: OutboxMessage) -> bool:
    """A coordinator or operator tries a failed message again (a fresh series of attempts). False if not failed."""
    updated = OutboxMessage.objects.filter(pk=message.pk, status=Status.FAILED).update(
        status=Status.PENDING, attempts=0, next_attempt_at=timezone.now()
    )
    if updated:
        message_id = message.pk
        transaction.on_commit(lambda: hand_over(message_id))
    return bool(updated)


def messages_retry_failed() -> int:
    """Every failed message again (``manage.py outbox retry``)."""
    retried = 0
    for message in OutboxMessage.objects.filter(status=Status.FAILED).only("pk"):
        retried += message_retry(message=message)
    return retried


def messages_purge(*, days: int) -> int:
    """Finished messages (sent, failed, cancelled) older than ``days`` are deleted: their text was personal data
    and the send is long done. Returns how many."""
    cutoff = timezone.now() - timedelta(days=days)
    deleted, _ = OutboxMessage.objects.filter(
        status__in=[Status.SENT, Status.FAILED, Status.CANCELLED], created_at__lt=cutoff
    ).delete()
    return deleted
