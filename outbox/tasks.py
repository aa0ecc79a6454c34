"""Celery tasks of the outbox: thin wrappers around its services, safe to run twice."""

from celery import shared_task


@shared_task(soft_time_limit=45, time_limit=60)
def deliver(message_id: int) -> str:
    """Deliver one message (nothing when it was sent already or another worker holds it)."""
    from outbox.services import message_deliver

    return message_deliver(message_id=message_id)


@shared_task(soft_time_limit=50, time_limit=60)
def requeue() -> int:
    """Every minute: hand over again what still waits (the broker was down, a retry is due, a worker died)."""
    from outbox.services import messages_requeue

    return messages_requeue()


@shared_task(soft_time_limit=240, time_limit=300)
def purge() -> int:
    """Daily: finished messages older than ``OUTBOX_KEEP_DAYS`` are deleted (their text was personal data)."""
    from django.conf import settings

    from outbox.services import messages_purge

    return messages_purge(days=settings.OUTBOX_KEEP_DAYS)
