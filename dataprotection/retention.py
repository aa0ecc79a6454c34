"""Erasure and retention, driven by the register of personal data (``leuvenhelpt/register.py``).

Anonymising overwrites the fields each holding lists under ``erase`` (names, contact details, free text)
and keeps the rest (needs, states, channel, urgency, postcode, times), so every count and waiting time of
the statistics stays the same. The access log and consents stay: they hold no content.
"""

from collections.abc import Iterable
from datetime import datetime, timedelta

from allauth.account.models import EmailAddress
from allauth.socialaccount.models import SocialAccount
from django.conf import settings
from django.db import transaction
from django.db.models import Exists, Max, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone

from accounts.models import User
from accounts.roles import Role
from helpdesk.models import ContactMoment, ContactQuestion
from leuvenhelpt.register import about, holding_for, holdings
from people.models import LikelyDuplicate, Person
from privacy.erasure_journal import journal_record
from privacy.models import Consent
from requests_app.models import HelpRequest
from requests_app.workflow import OPEN, State

ENDED = (State.CLOSED, State.CLOSED_WITHOUT_SUPPORT, State.WITHDRAWN)
BATCH = 500
# Accounts of these roles only are erased with their person; staff accounts are not a help seeker's data.
CITIZEN_ROLES = {Role.CITIZEN, Role.INTERMEDIARY}
# A volunteer is not staff: their account (profile, availability, screening notes, matches' free text) goes
# with their person too. An account with a staff role is kept (its actions are the service's records).
ERASED_WITH_PERSON = CITIZEN_ROLES | {Role.VOLUNTEER}


@transaction.atomic
def requests_anonymise(*, request_ids: Iterable[int]) -> int:
    """Erase the free text of these requests and of everything that belongs to them; returns how many."""
    ids = list(
        HelpRequest.objects.select_for_update()
        .filter(pk__in=list(request_ids), anonymised_at__isnull=True)
        .values_list("pk", flat=True)
    )
    if not ids:
        return 0
    for holding in holdings():
        if holding.request is not None and holding.erase:
            holding.model_class.objects.filter(**holding.request_filter(ids)).update(**holding.erase)
    HelpRequest.objects.filter(pk__in=ids).update(anonymised_at=timezone.now())
    return len(ids)


@transaction.atomic
def person_anonymise(*, person: Person, actor: User | None = None) -> Person:
    """Erase a person: every holding of the register that reaches them, whatever the path — their requests
    and what belongs to those, and every row that points to the person directly (KCC contact moments without
    a request, their questions and callbacks, erasure requests…), their name and contact details, and (when
    it is only a citizen's or a volunteer's) their account. Consents in force end. Counts and times stay."""
    person = Person.objects.select_for_update().get(pk=person.pk)
    now = timezone.now()
    requests_anonymise(request_ids=person.requests.values_list("pk", flat=True))
    # Not a likely duplicate of anyone any more: nothing is left to compare.
    LikelyDuplicate.objects.filter(Q(first=person) | Q(second=person)).delete()
    Consent.objects.filter(person=person, withdrawn_at__isnull=True).update(withdrawn_at=now, withdrawn_by=actor)
    for holding in about("person"):
        if holding.erase:
            # The person's own row is marked in the same statement (it need not be reachable any more).
            extra = {"user": None, "anonymised_at": now} if holding.model_class is Person else {}
            holding.model_class.objects.filter(**holding.subject_filter([person.pk])).update(**holding.erase, **extra)
    user_id = person.user_id
    if user_id is not None:
        user = User.objects.get(pk=user_id)
        if user.role_names <= ERASED_WITH_PERSON:
            user_anonymise(user=user)
    person.refresh_from_db()
    person_id = person.pk
    transaction.on_commit(lambda: journal_record(person_id=person_id))  # re-applied after a restore
    return person


def user_anonymise(*, user: User) -> None:
    """A citizen's account: erased, closed, and its sessions end (the password hash changes). Its link to
    itsme / the eID is deleted: the same person signing in again gets a new, empty account."""
    for holding in about("user"):
        if holding.erase:
            holding.model_class.objects.filter(**holding.subject_filter([user.pk])).update(**holding.erase)
    EmailAddress.objects.filter(user=user).delete()
    SocialAccount.objects.filter(user=user).delete()  # its tokens (none are kept) go with it
    user.refresh_from_db()
    user.set_unusable_password()
    user.is_active = False
    user.save(update_fields=["password", "is_active"])


def retention_apply(*, now: datetime | None = None) -> dict[str, int]:
    """The daily job: anonymise what is past its retention period. Running it twice changes nothing more."""
    now = now or timezone.now()
    days = settings.PRIVACY_RETENTION_DAYS
    done = {"closed_requests": 0, "people": 0, "abandoned_contacts": 0}

    cutoff = now - timedelta(days=days["closed_requests"])
    expired = HelpRequest.objects.filter(state__in=ENDED, closed_at__lt=cutoff, anonymised_at__isnull=True)
    while ids := list(expired.values_list("pk", flat=True)[:BATCH]):
        done["closed_requests"] += requests_anonymise(request_ids=ids)

    # People without an account, nothing left to help with, and nothing heard of them for long enough: the
    # last request ended, the last KCC contact ended, or (neither) they became known, before the cutoff. A
    # caller known only from a KCC contact, who never asked for anything, is erased the same way.
    cutoff = now - timedelta(days=days["people"])
    still_open = HelpRequest.objects.filter(person=OuterRef("pk")).exclude(state__in=ENDED)
    contact_open = ContactMoment.objects.filter(person=OuterRef("pk"), ended_at__isnull=True)
    last_request = (
        HelpRequest.objects.filter(person=OuterRef("pk")).order_by().values("person").annotate(m=Max("closed_at"))
    )
    last_contact = (
        ContactMoment.objects.filter(person=OuterRef("pk")).order_by().values("person").annotate(m=Max("ended_at"))
    )
    people = (
        Person.objects.filter(user__isnull=True, anonymised_at__isnull=True)
        .annotate(
            last_request=Subquery(last_request.values("m")),
            last_contact=Subquery(last_contact.values("m")),
        )
        .annotate(
            # (SQLite's MAX(a, b) is NULL when one is: hence the fallbacks one by one.)
            last_seen=Coalesce(Greatest("last_request", "last_contact"), "last_request", "last_contact", "created_at")
        )
        .filter(last_seen__lt=cutoff)
        .exclude(Exists(still_open))
        .exclude(Exists(contact_open))
    )
    for person in people.iterator():
        person_anonymise(person=person)
        done["people"] += 1

    done["abandoned_contacts"] = abandoned_contacts_anonymise(before=now - timedelta(days=days["abandoned_contacts"]))
    return done


@transaction.atomic
def abandoned_contacts_anonymise(*, before: datetime) -> int:
    """KCC contacts left open (a draft nobody closed) since ``before``: who called and what was said or
    answered are erased; the channel and time stay for the statistics. Returns how many were erased now."""
    abandoned = ContactMoment.objects.filter(ended_at__isnull=True, created_at__lt=before)
    with_text = ContactQuestion.objects.filter(contact=OuterRef("pk")).exclude(text="")
    ids = list(
        abandoned.filter(Q(person__isnull=False) | ~Q(summary="") | ~Q(intake={}) | Exists(with_text)).values_list(
            "pk", flat=True
        )
    )
    for model in (ContactMoment, ContactQuestion):
        holding = holding_for(model)
        rows = model.objects.filter(pk__in=ids) if model is ContactMoment else model.objects.filter(contact__in=ids)
        rows.update(**holding.erase, **({"person": None} if model is ContactMoment else {}))
    return len(ids)


def has_open_requests(person: Person) -> bool:
    return person.requests.filter(state__in=OPEN).exists()
