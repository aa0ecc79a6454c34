"""Celery tasks: thin wrappers around services, safe to run twice. (The retention job is
``dataprotection.tasks.apply_retention``: it reaches into every app.)"""

from celery import shared_task
from django.db import transaction

from privacy.services import erasure_outcome_enqueue


@shared_task(soft_time_limit=50, time_limit=60)
def send_erasure_outcome(*, address: str, language: str, status: str, reason: str = "") -> None:
    """Left only for tasks queued by the previous release: the outcome goes to the outbox now."""
    with transaction.atomic():
        erasure_outcome_enqueue(erasure_id=0, address=address, language=language, status=status, reason=reason)
