"""Celery tasks: thin wrappers around services, safe to run twice."""

from celery import shared_task


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=6)
def send_event_notification(*, event_id: int, audience: str) -> int:
    from requests_app.notifications import send_for_event

    return send_for_event(event_id=event_id, audience=audience)


@shared_task
def escalate_unanswered_referrals() -> int:
    from requests_app.services import referrals_escalate

    return referrals_escalate()


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=6)
def send_follow_up_link(*, request_id: int) -> bool:
    """The reference and private follow-up link for someone who asked for help without an account."""
    from requests_app.follow import send_follow_up_mail

    return send_follow_up_mail(request_id=request_id)


@shared_task
def watch_first_contact() -> tuple[int, int]:
    """Warn before a first-contact promise is missed; escalate a missed one (each once)."""
    from requests_app.services import first_contact_watch

    return first_contact_watch()
