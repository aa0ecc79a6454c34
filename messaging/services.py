"""Writes of the print queue."""

from django.db import transaction
from django.utils import timezone

from messaging.models import PrintedLetter


@transaction.atomic
def letters_mark_posted(*, letter_ids: list[int], actor) -> int:
    """Mark these waiting letters posted (each once); returns how many were marked now."""
    waiting = PrintedLetter.objects.select_for_update().filter(pk__in=letter_ids, posted_at__isnull=True)
    return waiting.update(posted_at=timezone.now(), posted_by=actor)
