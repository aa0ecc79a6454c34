"""The outbox: every message the portal sends is first a row here, written in the transaction that causes it.

A Celery task delivers it (``outbox.services.message_deliver``); a beat job hands over again whatever is still
waiting (``messages_requeue``). The row is unique per (event, recipient, channel), so a second enqueue of the
same event returns the first row and a message is never sent twice on purpose.

``person_id`` is a plain integer, not a foreign key to ``people.Person``: the outbox is the bottom layer
that every app sends through, so a foreign key would make it depend on the app that depends on it. The privacy
register reaches the person through this id all the same (``outbox/personal_data.py``).
"""

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# An erased recipient is overwritten with this prefix and the row's id (unique, and no channel can deliver it).
ERASED_PREFIX = "erased-"


class Channel(models.TextChoices):
    EMAIL = "email", _("e-mail")
    SMS = "sms", _("text message")
    LETTER = "letter", _("letter")
    WEBHOOK = "webhook", _("webhook (a partner's system)")


class OutboxMessage(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("waiting to be sent")
        SENDING = "sending", _("being sent")
        SENT = "sent", _("sent")
        FAILED = "failed", _("could not be delivered")
        CANCELLED = "cancelled", _("not sent")

    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices, default=Channel.EMAIL)
    # What caused the message, e.g. "timeline:812:help_seeker": with recipient and channel it makes a send unique.
    event_key = models.CharField(_("event"), max_length=200)
    recipient = models.CharField(_("recipient"), max_length=254)
    person_id = models.BigIntegerField(_("person"), null=True, blank=True, db_index=True)
    subject = models.CharField(_("subject"), max_length=300, blank=True)
    body = models.TextField(_("text"), blank=True)
    html = models.TextField(_("HTML text"), blank=True)
    language = models.CharField(_("language"), max_length=8, default="nl")
    # For channels that render at delivery time (a letter template); e-mails are rendered when enqueued.
    template = models.CharField(_("template"), max_length=200, blank=True)
    context = models.JSONField(_("template data"), default=dict, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.CharField(_("last error"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    # Pending: not before this time. Sending: the lease of the delivering worker ends at this time.
    next_attempt_at = models.DateTimeField(_("next attempt at"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("outgoing message")
        verbose_name_plural = _("outgoing messages")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["event_key", "recipient", "channel"], name="outbox_once_per_event_recipient_channel"
            ),
        ]
        indexes = [
            # The sweep's queue: what still waits, by when it is due.
            models.Index(
                fields=["next_attempt_at"],
                name="outbox_due",
                condition=Q(status__in=["pending", "sending"]),
            ),
            # The coordinators' list and the operator's counts.
            models.Index(fields=["status", "channel"], name="outbox_status_channel"),
        ]

    def __str__(self) -> str:
        return f"{self.channel} {self.event_key} ({self.status})"

    @property
    def recipient_erased(self) -> bool:
        return self.recipient.startswith(ERASED_PREFIX)
