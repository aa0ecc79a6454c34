"""Reads of the outbox that pages and the metrics share."""

from django.db.models import Count, Min, QuerySet
from django.utils import timezone

from outbox.models import OutboxMessage


def failed_messages() -> QuerySet[OutboxMessage]:
    """What could not be delivered after every attempt, newest first (one query; no relations)."""
    return OutboxMessage.objects.filter(status=OutboxMessage.Status.FAILED).only(
        "pk", "channel", "recipient", "subject", "attempts", "last_error", "created_at", "next_attempt_at"
    )


def message_to_retry(pk: int) -> OutboxMessage | None:
    """One message for "try again" (``services.message_retry`` retries it only while it failed). Who may is
    the caller's role check: coordinators and operators see every undelivered message."""
    return OutboxMessage.objects.filter(pk=pk).only("pk", "status").first()


def depth_by_channel() -> dict[str, dict[str, float]]:
    """Per channel: how many messages wait (pending or being sent) and the age in seconds of the oldest."""
    now = timezone.now()
    rows = (
        OutboxMessage.objects.filter(status__in=[OutboxMessage.Status.PENDING, OutboxMessage.Status.SENDING])
        .values("channel")
        .annotate(waiting=Count("pk"), oldest=Min("created_at"))
    )
    return {
        row["channel"]: {"waiting": row["waiting"], "oldest_age": (now - row["oldest"]).total_seconds()} for row in rows
    }


def counts_by_status() -> dict[tuple[str, str], int]:
    rows = OutboxMessage.objects.values("channel", "status").annotate(n=Count("pk"))
    return {(row["channel"], row["status"]): row["n"] for row in rows}
