"""Celery tasks: thin wrappers around services, safe to run twice."""

from celery import shared_task


@shared_task
def apply_retention() -> dict[str, int]:
    """Daily: anonymise what is past its retention period (nothing more on a second run)."""
    from privacy.retention import retention_apply

    return retention_apply()
