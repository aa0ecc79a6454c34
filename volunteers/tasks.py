"""Celery tasks of the volunteers app: thin wrappers around services, safe to run twice."""

from celery import shared_task


@shared_task(soft_time_limit=240, time_limit=300)
def expire_proposals() -> int:
    from volunteers.services import matches_expire

    return matches_expire()


@shared_task(soft_time_limit=240, time_limit=300)
def remind_screenings() -> int:
    from volunteers.services import screenings_remind

    return screenings_remind()


@shared_task(soft_time_limit=50, time_limit=60)
def send_screening_reminder(*, profile_id: int) -> int:
    """Left only for tasks queued by the previous release: the reminder goes to the outbox now."""
    from django.db import transaction

    from volunteers.models import VolunteerProfile
    from volunteers.services import screening_reminder_enqueue

    with transaction.atomic():
        return screening_reminder_enqueue(profile=VolunteerProfile.objects.get(pk=profile_id))
