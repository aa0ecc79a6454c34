"""Celery tasks: thin wrappers around services, safe to run twice."""

from celery import shared_task

from dataprotection.retention import retention_apply


# The name is the one the task had when it lived in ``privacy.tasks``: the beat schedule and any task still
# queued by the previous release keep finding it.
@shared_task(name="privacy.tasks.apply_retention", soft_time_limit=1700, time_limit=1800)
def apply_retention() -> dict[str, int]:
    """Daily: anonymise what is past its retention period (nothing more on a second run)."""
    return retention_apply()
