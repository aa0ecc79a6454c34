"""Celery tasks of the volunteers app: thin wrappers around services, safe to run twice."""

from celery import shared_task


@shared_task
def expire_proposals() -> int:
    from volunteers.services import matches_expire

    return matches_expire()


@shared_task
def remind_screenings() -> int:
    from volunteers.services import screenings_remind

    return screenings_remind()


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=6)
def send_screening_reminder(*, profile_id: int) -> int:
    from volunteers.services import screening_reminder_mail

    return screening_reminder_mail(profile_id=profile_id)
