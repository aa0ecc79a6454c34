"""Following a request: the private follow-up link of someone without an account, and the reads of
/mijn/aanvragen/ with their ``select_related``/``prefetch_related`` (the page's query count is decided here).

The follow-up token is signed and expires; it carries only the request's id, never personal data.
"""

from datetime import timedelta

from django.core import signing
from django.db.models import Prefetch, QuerySet

from accounts.models import User
from leuvenhelpt.languages import message_language
from outbox.models import Channel
from outbox.services import message_enqueue
from requests_app.models import HelpRequest, Referral, RequestNeed, TimelineEvent
from requests_app.permissions import requests_of_help_seeker

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
    return _with_details(HelpRequest.objects.filter(pk=pk)).first()


def _with_details(requests: QuerySet[HelpRequest]) -> QuerySet[HelpRequest]:
    """What the plain status and the public timeline need, in a fixed number of queries."""
    return requests.select_related(
        "person", "support_track__organization", "support_track__volunteer"
    ).prefetch_related(
        Prefetch("referrals", queryset=Referral.objects.select_related("organization")),
        Prefetch("timeline", queryset=TimelineEvent.objects.filter(public=True), to_attr="public_events"),
        "needs",
    )


def followed_requests(user: User) -> QuerySet[HelpRequest]:
    """The list at /mijn/aanvragen/: the requests this user follows, newest first."""
    return (
        requests_of_help_seeker(user)
        .select_related("person", "support_track__organization", "support_track__volunteer")
        .prefetch_related(
            Prefetch("referrals", queryset=Referral.objects.select_related("organization")),
            Prefetch("needs", queryset=RequestNeed.objects.order_by("need")),
        )
        .order_by("-created_at")
    )


def followed_request(user: User, reference: str) -> HelpRequest | None:
    """One request this user follows, with its public timeline; None for anybody else's (a 404)."""
    return _with_details(requests_of_help_seeker(user).filter(reference=reference)).first()


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
