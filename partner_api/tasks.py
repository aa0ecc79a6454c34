"""Celery tasks of the partner API: thin wrappers around its services, safe to run twice."""

from celery import shared_task


@shared_task(soft_time_limit=240, time_limit=300)
def purge_deliveries() -> int:
    """Daily: the webhook delivery log keeps ``OUTBOX_KEEP_DAYS`` days."""
    from django.conf import settings

    from partner_api.webhooks import deliveries_purge

    return deliveries_purge(days=settings.OUTBOX_KEEP_DAYS)
