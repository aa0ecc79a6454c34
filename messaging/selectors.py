"""Reads of the print queue."""

from django.db.models import QuerySet

from messaging.models import PrintedLetter


def letters_waiting(ids: list[int] | None = None) -> QuerySet[PrintedLetter]:
    """Letters ready to print and not posted yet, oldest first (index ``letter_waiting``); only ``ids`` when
    given and not empty."""
    letters = PrintedLetter.objects.filter(posted_at__isnull=True)
    if ids:
        letters = letters.filter(pk__in=ids)
    return letters.select_related("message").order_by("queued_at", "id")
