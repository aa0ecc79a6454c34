from celery import shared_task

from once.services import submissions_prune


@shared_task(soft_time_limit=240, time_limit=300)
def prune_submissions() -> int:
    """Daily: forget one-time form tokens older than a day."""
    return submissions_prune()
