"""Reads of the print queue."""

from django.db.models import QuerySet

from messaging.models import PrintedLetter


def letters_waiting() -> QuerySet[PrintedLetter]:
    """Letters ready to print and not posted yet, oldest first (index ``letter_waiting``)."""
    return PrintedLetter.objects.filter(posted_at__isnull=True).select_related("message").order_by("queued_at", "id")
