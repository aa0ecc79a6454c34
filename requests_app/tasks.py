"""Celery tasks: thin wrappers around services, safe to run twice.

Mails go through the outbox (``outbox.tasks.deliver``). ``send_event_notification`` and ``send_follow_up_link``
remain only so that tasks still queued by the previous release are written to the outbox instead of lost;
they can go once the queues are empty after an upgrade.
"""

from celery import shared_task
from django.db import transaction


@shared_task(soft_time_limit=50, time_limit=60)
def send_event_notification(*, event_id: int, audience: str) -> int:
    from requests_app.models import TimelineEvent
    from requests_app.notifications import enqueue_for_event

    with transaction.atomic():
        event = TimelineEvent.objects.select_related("request__person__user").get(pk=event_id)
        return len(enqueue_for_event(event=event, audience=audience))


@shared_task(soft_time_limit=240, time_limit=300)
def escalate_unanswered_referrals() -> int:
    from requests_app.services import referrals_escalate

    return referrals_escalate()


@shared_task(soft_time_limit=50, time_limit=60)
def send_follow_up_link(*, request_id: int) -> bool:
    """The reference and private follow-up link for someone who asked for help without an account."""
    from requests_app.follow import follow_up_enqueue
    from requests_app.models import HelpRequest

    with transaction.atomic():
        return (
            follow_up_enqueue(help_request=HelpRequest.objects.select_related("person").get(pk=request_id)) is not None
        )


@shared_task(soft_time_limit=240, time_limit=300)
def ask_follow_up_questions() -> int:
    """Daily: ask "did you get the help you needed?" where it is due (each question once: safe to run twice)."""
    from requests_app.services import follow_ups_ask

    return follow_ups_ask()


@shared_task
def watch_first_contact() -> tuple[int, int]:
    """Warn before a first-contact promise is missed; escalate a missed one (each once)."""
    from requests_app.services import first_contact_watch

    return first_contact_watch()
