"""E-mail about what happens to a request, in the recipient's language, at most once per event and recipient.

Services call ``notify(event, audience)`` inside their transaction; the mail is sent by a Celery
task after the commit. Audiences: ``help_seeker`` (public status changes), ``partner:<organisation
id>`` (a new referral), ``partner_withdrawn:<organisation id>`` (a referral withdrawn because the
help seeker withdrew their consent), ``coordinators`` (declines and escalations), ``volunteer:<user id>``
(a match proposed to them: no personal data in the mail), ``coordinators_urgent`` (a crisis request came in, or
a first-contact promise was missed: at once, marked urgent), ``volunteer_cancelled:<user id>`` (a coordinator
cancelled their proposal or match: neither the reason nor personal data in the mail).
"""

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from accounts.models import Organization, User
from accounts.roles import Role
from requests_app.models import Notification, TimelineEvent
from requests_app.status import plain_event, plain_status


def notify(event: TimelineEvent, audience: str) -> None:
    """Schedule the mails for this event once the transaction has committed."""
    from requests_app.tasks import send_event_notification

    transaction.on_commit(lambda: send_event_notification.delay(event_id=event.pk, audience=audience))


def recipients(event: TimelineEvent, audience: str) -> list[tuple[str, str]]:
    """(address, language) pairs for an audience."""
    request = event.request
    if audience == "help_seeker":
        person = request.person
        address = person.email or (person.user.email if person.user_id else "")
        return [(address, person.preferred_language)] if address else []
    if audience.startswith(("partner:", "partner_withdrawn:")):
        organization = Organization.objects.get(pk=int(audience.split(":", 1)[1]))
        if organization.email:
            return [(organization.email, "nl")]
        members = User.objects.filter(memberships__organization=organization, is_active=True)
        return [(user.email, user.preferred_language) for user in members]
    if audience.startswith(("volunteer:", "volunteer_cancelled:")):
        volunteer = User.objects.filter(pk=int(audience.split(":", 1)[1]), is_active=True).first()
        return [(volunteer.email, volunteer.preferred_language)] if volunteer else []
    if audience in ("coordinators", "coordinators_urgent"):
        coordinators = User.objects.filter(groups__name=Role.COORDINATOR, is_active=True)
        return [(user.email, user.preferred_language) for user in coordinators]
    raise ValueError(f"unknown audience {audience!r}")


def claim(event: TimelineEvent, address: str) -> Notification | None:
    """The notification row for (event, address), locked; None when it was sent already."""
    try:
        with transaction.atomic():
            Notification.objects.create(event=event, recipient=address)
    except IntegrityError:
        pass
    notification = Notification.objects.select_for_update().get(event=event, recipient=address)
    return None if notification.sent_at else notification


def send_for_event(*, event_id: int, audience: str) -> int:
    """Send the mails of one event to one audience; returns how many were sent now (0 when all went before)."""
    event = TimelineEvent.objects.select_related("request__person__user").get(pk=event_id)
    sent = 0
    for address, language in recipients(event, audience):
        with transaction.atomic():
            notification = claim(event, address)
            if notification is None:
                continue
            with translation.override(language):
                context = {
                    "event": event,
                    # The help seeker reads what happened and where things stand in plain words, as on their page.
                    "news": plain_event(event, event.request) if audience == "help_seeker" else "",
                    "status": plain_status(event.request) if audience == "help_seeker" else "",
                    "request": event.request,
                    "audience": audience.split(":")[0],
                    "site_url": settings.SITE_URL,
                    "leuvenhelpt": settings.LEUVENHELPT,
                }
                subject = render_to_string("requests_app/mail/event_subject.txt", context).strip()
                body = render_to_string("requests_app/mail/event_body.txt", context)
            send_mail(subject, body, None, [address])
            notification.sent_at = timezone.now()
            notification.save(update_fields=["sent_at"])
            sent += 1
    return sent
