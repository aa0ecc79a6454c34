"""Mailing an assistant result. The address and the text stay in the outbox only until the mail is sent."""

import uuid

from celery import shared_task
from django.db import transaction

from assistant import services
from outbox.models import Channel
from outbox.services import FORGET_WHEN_SENT, message_enqueue


def results_mail_enqueue(*, to: str, subject: str, body: str, language: str = "nl"):
    """The result a person asked for, through the outbox (in the caller's transaction). Each request is a new
    mail; once sent, its address and text are erased from the outbox."""
    return message_enqueue(
        channel=Channel.EMAIL,
        event_key=f"{FORGET_WHEN_SENT}assistant-results:{uuid.uuid4().hex}",
        recipient=to,
        subject=subject,
        body=body,
        language=language,
    )


@shared_task(soft_time_limit=50, time_limit=60)
def send_results_mail(*, to: str, subject: str, body: str) -> None:
    """Left only for tasks queued by the previous release: the mail goes to the outbox now."""
    with transaction.atomic():
        results_mail_enqueue(to=to, subject=subject, body=body)


@shared_task(soft_time_limit=50, time_limit=60)
def purge_answer_sets() -> int:
    """Anonymous answer sets older than 90 days are deleted (they only serve "who gets this?")."""
    return services.answer_sets_purge()
