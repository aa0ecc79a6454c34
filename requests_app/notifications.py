"""E-mail about what happens to a request, in the recipient's language, at most once per event and recipient.

Services call ``notify(event, audience)`` inside their transaction: the mails are rendered and written to
the outbox in that same transaction (``outbox.services.message_enqueue``), and delivered by its task after
the commit. Audiences: ``help_seeker`` (public status changes), ``partner:<organisation
id>`` (a new referral), ``partner_withdrawn:<organisation id>`` (a referral withdrawn because the
help seeker withdrew their consent), ``coordinators`` (declines and escalations), ``volunteer:<user id>``
(a match proposed to them: no personal data in the mail), ``coordinators_urgent`` (a crisis request came in, or
a first-contact promise was missed: at once, marked urgent), ``volunteer_cancelled:<user id>`` (a coordinator
cancelled their proposal or match: neither the reason nor personal data in the mail).
"""

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

from accounts.contact_details import phone_is_mobile
from accounts.models import Organization, User
from accounts.roles import Role
from leuvenhelpt.languages import message_language
from outbox.models import Channel, OutboxMessage
from outbox.services import message_enqueue
from people.models import NotifyChannel
from privacy.models import Consent
from privacy.selectors import consent_covers
from requests_app.models import TimelineEvent
from requests_app.status import plain_event, plain_status


def notify(event: TimelineEvent, audience: str) -> list[OutboxMessage]:
    """Write the mails for this event to the outbox, in the caller's transaction (sent after the commit)."""
    return enqueue_for_event(event=event, audience=audience)


def recipients(event: TimelineEvent, audience: str) -> list[tuple[str, str]]:
    """(address, language) pairs for an audience."""
    request = event.request
    if audience == "help_seeker":
        person = request.person
        address = person.email or (person.user.email if person.user_id else "")
        return [(address, message_language(person.preferred_language))] if address else []
    if audience.startswith(("partner:", "partner_withdrawn:")):
        organization = Organization.objects.get(pk=int(audience.split(":", 1)[1]))
        if organization.email:
            return [(organization.email, "nl")]
        members = User.objects.filter(memberships__organization=organization, is_active=True, system_account=False)
        return [(user.email, message_language(user.preferred_language)) for user in members]
    if audience.startswith(("volunteer:", "volunteer_cancelled:")):
        volunteer = User.objects.filter(pk=int(audience.split(":", 1)[1]), is_active=True).first()
        return [(volunteer.email, message_language(volunteer.preferred_language))] if volunteer else []
    if audience in ("coordinators", "coordinators_urgent"):
        coordinators = User.objects.filter(groups__name=Role.COORDINATOR, is_active=True)
        return [(user.email, message_language(user.preferred_language)) for user in coordinators]
    raise ValueError(f"unknown audience {audience!r}")


def enqueue_for_event(*, event: TimelineEvent, audience: str) -> list[OutboxMessage]:
    """One outbox message per recipient of an audience; a second call for the same event adds nothing.

    The help seeker gets it the way they chose (``Person.notify_channel``): by e-mail, by text message (only
    the reference and the number to call), by letter (the same text, printed), or not at all."""
    if audience == "help_seeker":
        person = event.request.person
        if person.notify_channel == NotifyChannel.SMS:
            return _by_sms(event, person)
        if person.notify_channel == NotifyChannel.LETTER:
            return _by_letter(event, person)
        if person.notify_channel == NotifyChannel.NONE:
            return []
    messages = []
    for address, language in recipients(event, audience):
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
        messages.append(
            message_enqueue(
                channel=Channel.EMAIL,
                event_key=f"timeline:{event.pk}",
                recipient=address,
                subject=subject,
                body=body,
                language=language,
                # Only the help seeker's own mail is their data (erased with them, in their download).
                person=event.request.person_id if audience == "help_seeker" else None,
            )
        )
    return messages


def _may_write(person) -> bool:
    """Not after erasure, and only while the consent to be contacted is in force."""
    return person.anonymised_at is None and consent_covers(person_id=person.pk, purpose=Consent.Purpose.CONTACT)


def _by_sms(event: TimelineEvent, person) -> list[OutboxMessage]:
    """A short text: there is news, the reference and the number to call. Nothing else about the person."""
    if not _may_write(person) or not phone_is_mobile(person.phone):
        return []
    with translation.override(message_language(person.preferred_language)):
        text = render_to_string(
            "requests_app/mail/event_sms.txt",
            {"request": event.request, "leuvenhelpt": settings.LEUVENHELPT},
        ).strip()
    return [
        message_enqueue(
            channel=Channel.SMS,
            event_key=f"timeline:{event.pk}",
            recipient=person.phone,
            body=text,
            language=message_language(person.preferred_language),
            person=person.pk,
        )
    ]


def _by_letter(event: TimelineEvent, person) -> list[OutboxMessage]:
    """The same news as the e-mail, printed and posted: into the print queue with the address for the window."""
    if not _may_write(person) or not person.has_postal_address:
        return []
    with translation.override(message_language(person.preferred_language)):
        context = {
            "event": event,
            "news": plain_event(event, event.request),
            "status": plain_status(event.request),
            "request": event.request,
            "audience": "help_seeker",
            "letter": True,
            "site_url": settings.SITE_URL,
            "leuvenhelpt": settings.LEUVENHELPT,
        }
        subject = render_to_string("requests_app/mail/event_subject.txt", context).strip()
        body = render_to_string("requests_app/mail/event_body.txt", context)
    return [
        message_enqueue(
            channel=Channel.LETTER,
            event_key=f"timeline:{event.pk}",
            recipient=f"person:{person.pk}",
            subject=subject,
            body=body,
            language=message_language(person.preferred_language),
            person=person.pk,
            template="messaging/letter",
            context={"address": [person.full_name, *person.address_lines], "reference": event.request.reference},
        )
    ]


# -- "Did you get the help you needed?" ------------------------------------------------------------------
FOLLOW_UP_SALT = "requests_app.follow_up_question"


def follow_up_question_token(question) -> str:
    """The signed single-use link's token: only the question's id (no personal data); single use is the
    question's ``answered_at``."""
    from django.core import signing

    return signing.dumps(question.pk, salt=FOLLOW_UP_SALT, compress=False)


def follow_up_question_route(question) -> tuple[str, str]:
    """How the question reaches the help seeker now: (channel, recipient), ("", "") when it cannot.

    The channel they chose first (a text message to a mobile number, a letter to a complete address, e-mail);
    without a choice, or when the chosen way is not possible, whatever is available: e-mail, then a text message,
    then a letter. Someone who asked not to be written to is not asked."""
    person = question.request.person
    email = person.email or (person.user.email if person.user_id else "")
    mobile = person.phone if person.phone and phone_is_mobile(person.phone) else ""
    routes = {
        Channel.EMAIL: email,
        Channel.SMS: mobile,
        Channel.LETTER: f"person:{person.pk}" if person.has_postal_address else "",
    }
    chosen = {NotifyChannel.SMS: Channel.SMS, NotifyChannel.LETTER: Channel.LETTER}.get(person.notify_channel)
    if person.notify_channel == NotifyChannel.NONE:
        return "", ""
    for channel in (chosen, Channel.EMAIL, Channel.SMS, Channel.LETTER):
        if channel and routes[channel]:
            return str(channel), routes[channel]
    return "", ""


def follow_up_question_enqueue(*, question) -> OutboxMessage | None:
    """Write the question to the outbox in the help seeker's channel, in the caller's transaction (sent after the
    commit; unique per question and recipient, so asking twice sends once). None when there is no way to ask.

    By e-mail: a one-click link per answer. By text message: one short signed link to the answer page (within one
    SMS). By letter: the same question printed, with the page's address and the number to call."""
    from django.urls import reverse

    channel, recipient = follow_up_question_route(question)
    if not channel:
        return None
    token = follow_up_question_token(question)
    page = settings.SITE_URL.rstrip("/") + reverse("help:follow_up_answer", kwargs={"token": token})
    person = question.request.person
    language = message_language(person.preferred_language)
    with translation.override(language):
        context = {
            "question": question,
            "request": question.request,
            "links": [(label, f"{page}?antwoord={value}") for value, label in question.Answer.choices],
            "page": page,
            "letter": channel == Channel.LETTER,
            "leuvenhelpt": settings.LEUVENHELPT,
        }
        if channel == Channel.SMS:
            text = render_to_string("requests_app/mail/follow_up_sms.txt", context).strip()
            return message_enqueue(
                channel=Channel.SMS,
                event_key=f"follow_up_question:{question.pk}",
                recipient=recipient,
                body=text,
                language=language,
                person=person.pk,
            )
        subject = render_to_string("requests_app/mail/follow_up_subject.txt", context).strip()
        body = render_to_string("requests_app/mail/follow_up_body.txt", context)
    if channel == Channel.LETTER:
        return message_enqueue(
            channel=Channel.LETTER,
            event_key=f"follow_up_question:{question.pk}",
            recipient=recipient,
            subject=subject,
            body=body,
            language=language,
            person=person.pk,
            template="messaging/letter",
            context={"address": [person.full_name, *person.address_lines], "reference": question.request.reference},
        )
    return message_enqueue(
        channel=Channel.EMAIL,
        event_key=f"follow_up_question:{question.pk}",
        recipient=recipient,
        subject=subject,
        body=body,
        language=language,
        person=person.pk,
    )
