"""Celery tasks: thin wrappers around services, safe to run twice."""

from celery import shared_task


@shared_task(soft_time_limit=1700, time_limit=1800)
def apply_retention() -> dict[str, int]:
    """Daily: anonymise what is past its retention period (nothing more on a second run)."""
    from privacy.retention import retention_apply

    return retention_apply()


@shared_task(soft_time_limit=50, time_limit=60)
def send_erasure_outcome(*, address: str, language: str, status: str, reason: str = "") -> None:
    """Left only for tasks queued by the previous release: the outcome goes to the outbox now."""
    from django.db import transaction

    from privacy.services import erasure_outcome_enqueue

    with transaction.atomic():
        erasure_outcome_enqueue(erasure_id=0, address=address, language=language, status=status, reason=reason)
