"""The private follow-up link of someone without an account: the signed token and its mail.

The token is signed and expires; it carries only the request's id, never personal data. The reads behind it
(and behind /mijn/aanvragen/) are in ``requests_app.selectors``.
"""

from datetime import timedelta

from django.core import signing

from leuvenhelpt.languages import message_language
from outbox.models import Channel
from outbox.services import message_enqueue
from requests_app.models import HelpRequest
from requests_app.selectors import request_followed_by_token

FOLLOW_SALT = "requests_app.follow"
FOLLOW_MAX_AGE = timedelta(days=90)


def follow_token(request: HelpRequest) -> str:
    return signing.dumps(request.pk, salt=FOLLOW_SALT, compress=False)


def request_from_token(token: str) -> HelpRequest | None:
    """The request behind a follow-up token; None when it is expired, tampered with or unknown."""
    try:
        pk = signing.loads(token, salt=FOLLOW_SALT, max_age=FOLLOW_MAX_AGE)
    except signing.BadSignature:  # SignatureExpired is a BadSignature too
        return None
    if not isinstance(pk, int):
        return None
    return request_followed_by_token(pk)


def follow_up_enqueue(*, help_request: HelpRequest):
    """Write the mail with the reference and the private follow-up link for a help seeker without an account
    to the outbox, in the caller's transaction; once per request. None when there is no address."""
    from django.conf import settings
    from django.template.loader import render_to_string
    from django.urls import reverse
    from django.utils import translation

    person = help_request.person
    if not person.email:
        return None
    with translation.override(message_language(person.preferred_language)):
        context = {
            "help_request": help_request,
            "person": person,
            "follow_url": settings.SITE_URL.rstrip("/") + reverse("help:follow", args=[follow_token(help_request)]),
            "leuvenhelpt": settings.LEUVENHELPT,
        }
        subject = render_to_string("requests_app/public/follow_up_mail_subject.txt", context).strip()
        body = render_to_string("requests_app/public/follow_up_mail.txt", context)
    return message_enqueue(
        channel=Channel.EMAIL,
        event_key=f"follow-up:{help_request.pk}",
        recipient=person.email,
        subject=subject,
        body=body,
        language=message_language(person.preferred_language),
        person=person,
    )
