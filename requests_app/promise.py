"""What we promise a help seeker about the first contact, as the confirmation and their request page say it."""

from datetime import datetime

from django.utils import timezone

from emergency.hours import OFFICE_CLOSES, OFFICE_OPENS, office_open
from emergency.selectors import helplines, open_instead
from requests_app.models import HelpRequest


def promise_context(help_request: HelpRequest, *, now: datetime | None = None) -> dict:
    """``due`` (local time of the promise, None once contacted or without one), ``due_today``, ``urgent``,
    ``office_open`` now, and for an urgent request the help lines (``lines``) and those that answer while the
    city is closed (``call_instead``)."""
    now = timezone.localtime(now or timezone.now())
    due = help_request.first_contact_due_at
    waiting = help_request.first_contact_at is None and help_request.is_open
    context = {
        "due": timezone.localtime(due) if due and waiting else None,
        "due_today": bool(due and timezone.localtime(due).date() == now.date()),
        "urgent": help_request.is_urgent,
        "office_open": office_open(now),
        "office_opens": OFFICE_OPENS,
        "office_closes": OFFICE_CLOSES,
    }
    if help_request.is_urgent:
        lines = helplines(at=now)
        context["lines"] = lines
        context["call_instead"] = open_instead(lines)
    return context
