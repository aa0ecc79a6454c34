"""Every write of the KCC console: one transaction each, the contact moment locked while it changes."""

from collections.abc import Sequence
from datetime import date, datetime, timedelta
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.contact_details import phone_digits
from accounts.models import Organization, User
from assistant import services as assistant_services
from assistant import tasks as assistant_tasks
from assistant.guide import Guide
from assistant.selectors import catalogue_for, published_edition
from helpdesk.models import Callback, ContactMoment, ContactQuestion, LifeDomain, Route, Signal, StatusCheck
from people import services as people_services
from people.errors import ActionRefused
from people.models import Person
from privacy.models import Consent
from privacy.services import consent_give
from requests_app import services as request_services
from requests_app.models import HelpRequest, Need

HANDOFF_OUTCOMES = frozenset(ContactMoment.Outcome.values) - {ContactMoment.Outcome.ANSWERED}
LOCK_AFTER_FAILURES = 3
LOCK_MINUTES = 15


def _locked_open(contact: ContactMoment) -> ContactMoment:
    contact = ContactMoment.objects.select_for_update().get(pk=contact.pk)
    if not contact.is_open:
        raise ActionRefused(_("This contact was already closed."))
    return contact


@transaction.atomic
def contact_start(*, agent: User, channel: str) -> ContactMoment:
    """A new contact (a call comes in, someone at the counter, a letter): open until the agent closes it."""
    contact = ContactMoment(agent=agent, channel=channel)
    contact.full_clean(exclude=["person", "help_request", "route"])
    contact.save()
    return contact


@transaction.atomic
def contact_set_person(*, contact: ContactMoment, person: Person) -> ContactMoment:
    """The caller is this person."""
    contact = _locked_open(contact)
    contact.person = person
    contact.save(update_fields=["person"])
    return contact


@transaction.atomic
def contact_register_person(
    *,
    contact: ContactMoment,
    full_name: str,
    phone: str = "",
    email: str = "",
    date_of_birth: date | None = None,
    postcode: str = "",
    language: str = "nl",
    street: str = "",
    house_number: str = "",
    box: str = "",
    municipality: str = "",
    notify_channel: str = "",
) -> Person:
    """A caller the city does not know yet, registered in a few fields and linked to the contact; with how
    they want to hear about their requests (e-mail when they have an address and say nothing)."""
    contact = _locked_open(contact)
    person = people_services.person_create(
        full_name=full_name,
        phone=phone,
        email=email,
        language=language,
        date_of_birth=date_of_birth,
        postcode=postcode,
        street=street,
        house_number=house_number,
        box=box,
        municipality=municipality,
        notify_channel=notify_channel or ("email" if email else "none"),
    )
    contact.person = person
    contact.save(update_fields=["person"])
    return person


@transaction.atomic
def contact_add_question(*, contact: ContactMoment, text: str, domain: LifeDomain | None = None) -> ContactQuestion:
    """One more question the caller asked."""
    contact = _locked_open(contact)
    if not text.strip():
        raise ValueError("empty question")
    question = ContactQuestion(contact=contact, text=text.strip(), domain=domain)
    question.full_clean()
    question.save()
    return question


# -- guided intake: the assistant's engine, the answers kept on the contact ---------------------
def intake_guide(contact: ContactMoment) -> Guide | None:
    """The assistant's guide for this contact's answers (``None`` when no catalogue is published)."""
    ref = published_edition()
    if ref is None:
        return None
    return Guide.load(contact.intake or {}, ref, catalogue_for(ref))


def contact_intake_mail(*, contact: ContactMoment, guide: Guide, to: str) -> None:
    """The assistant's result, in the caller's language (Dutch when nobody is linked or when the language policy
    does not offer theirs for messages), to ``to`` through the outbox; the address is not stored with the contact."""
    language = contact.person.preferred_language if contact.person else "nl"
    subject, body, language = assistant_services.results_mail(guide, language)
    assistant_tasks.results_mail_enqueue(to=to, subject=subject, body=body, language=language)


@transaction.atomic
def contact_intake_answer(*, contact: ContactMoment, key: str, value: Any) -> Guide:
    """Record the caller's answer to one of the assistant's questions (the engine drops answers that no longer
    apply). Raises ``assistant.engine.AnswerError`` for an answer the question does not take."""
    contact = _locked_open(contact)
    guide = intake_guide(contact)
    if guide is None:
        raise ActionRefused(_("The digital assistant has no published catalogue."))
    if not guide.may_answer(key):
        raise ActionRefused(_("That question is not asked at this point."))
    guide.answer(key, value)
    contact.intake = guide.stored()
    contact.save(update_fields=["intake"])
    return guide


@transaction.atomic
def contact_intake_restart(*, contact: ContactMoment) -> ContactMoment:
    contact = _locked_open(contact)
    contact.intake = {}
    contact.save(update_fields=["intake"])
    return contact


# -- the question behind the question -----------------------------------------------------------
@transaction.atomic
def contact_screening_set(*, contact: ContactMoment, signals: list[Signal]) -> ContactMoment:
    """The signals the agent ticked (replacing the earlier ticks)."""
    contact = _locked_open(contact)
    contact.signals.set(signals)
    return contact


def routes_suggested(signals: list[Signal]) -> list[tuple[Route, int]]:
    """The routes the ticked signals point to, each with how many signals point there; a route is suggested
    from its ``min_signals`` (data an administrator edits). Most signals first, then the route's order."""
    counts: dict[int, tuple[Route, int]] = {}
    for signal in signals:
        for route in signal.routes.all():
            if route.active:
                counts[route.pk] = (route, counts.get(route.pk, (route, 0))[1] + 1)
    suggested = [(route, count) for route, count in counts.values() if count >= route.min_signals]
    return sorted(suggested, key=lambda item: (-item[1], item[0].order, item[0].name))


# -- warm referral ------------------------------------------------------------------------------
@transaction.atomic
def contact_refer(
    *,
    contact: ContactMoment,
    agent: User,
    route: Route,
    description: str,
    needs: list[str],
    urgency: int = 2,
    contact_way: str = "phone",
    contact_time: str = "",
    share_with: Sequence[Organization] = (),
) -> HelpRequest:
    """The help request, created on the caller's behalf in one step, with the consent they gave on the phone:
    to be contacted and to let the agent ask for them, and — when they agreed — to share with the organisations
    named. The request lands in the coordinators' queue; the caller hears its reference code."""
    contact = _locked_open(contact)
    if contact.person is None:
        raise ActionRefused(_("First find or register the caller."))
    if contact.help_request_id is not None:
        raise ActionRefused(_("A help request was already made during this contact."))
    channel = contact.channel
    request = request_services.request_submit(
        person=contact.person,
        channel=channel,
        needs=needs or [Need.OTHER],
        description=description,
        urgency=urgency,
        contact_way=contact_way,
        contact_time=contact_time,
        submitted_by=agent,
    )
    # request_submit recorded the consent to be contacted (by the agent, in the contact's channel); this one lets
    # the agent ask for the caller.
    consent_give(
        person=contact.person,
        purpose=Consent.Purpose.ON_BEHALF,
        channel=channel,
        help_request=request,
        recorded_by=agent,
    )
    if share_with:
        consent_give(
            person=contact.person,
            purpose=Consent.Purpose.REFERRAL,
            channel=channel,
            recipients=share_with,
            help_request=request,
            recorded_by=agent,
        )
    contact.help_request = request
    contact.route = route
    contact.save(update_fields=["help_request", "route"])
    return request


# -- closing the contact ------------------------------------------------------------------------
def handoffs_before_support(person_id: int | None, *, including: bool) -> int:
    """The "kastje-naar-de-muur" count: the person's hand-offs since their last started support track
    (transfers, callbacks and referrals), plus this contact when it is one."""
    own = 1 if including else 0
    if person_id is None:
        return own
    since = HelpRequest.objects.filter(person_id=person_id, support_started_at__isnull=False).aggregate(
        last=Max("support_started_at")
    )["last"]
    earlier = ContactMoment.objects.filter(person_id=person_id, outcome__in=sorted(HANDOFF_OUTCOMES))
    if since is not None:
        earlier = earlier.filter(created_at__gt=since)
    return earlier.count() + own


@transaction.atomic
def contact_close(
    *,
    contact: ContactMoment,
    outcome: str,
    summary: str = "",
    transfer_to: str = "",
    transfer_succeeded: bool | None = None,
    callback_organization: Organization | None = None,
    callback_assignee: User | None = None,
    callback_due_at: datetime | None = None,
    callback_note: str = "",
) -> ContactMoment:
    """The contact ends with its outcome; a callback goes to a team or a person with a due time."""
    contact = _locked_open(contact)
    if outcome not in ContactMoment.Outcome.values:
        raise ValueError(f"unknown outcome {outcome!r}")
    if outcome in (ContactMoment.Outcome.REFERRED_LEUVEN_HELPT, ContactMoment.Outcome.REFERRED_GBO_OCMW) and (
        contact.help_request_id is None
    ):
        raise ActionRefused(_("Make the referral first: there is no help request for this contact yet."))
    contact.outcome = outcome
    contact.summary = summary.strip()
    contact.ended_at = timezone.now()
    contact.transfer_to = transfer_to.strip() if outcome == ContactMoment.Outcome.TRANSFERRED else ""
    contact.transfer_succeeded = transfer_succeeded if outcome == ContactMoment.Outcome.TRANSFERRED else None
    contact.handoffs = handoffs_before_support(contact.person_id, including=outcome in HANDOFF_OUTCOMES)
    contact.full_clean(exclude=["person", "help_request", "route", "agent"])
    contact.save()
    if outcome == ContactMoment.Outcome.CALLBACK:
        callback = Callback(
            contact=contact,
            organization=callback_organization,
            assignee=None if callback_organization else callback_assignee,
            due_at=callback_due_at or timezone.now() + timedelta(hours=4),
            note=callback_note.strip(),
        )
        callback.full_clean()
        callback.save()
    return contact


# -- callbacks ----------------------------------------------------------------------------------
@transaction.atomic
def callback_attempt(
    *, callback: Callback, agent: User, reached: bool, retry_at: datetime | None = None, note: str = ""
) -> Callback:
    """An agent called the caller back. Reached: done. Not reached: one more attempt, and either a new time
    (it stays in the queue) or, without one, it ends as not reached. A note is added to the callback's."""
    callback = Callback.objects.select_for_update().get(pk=callback.pk)
    if callback.done_at is not None:
        raise ActionRefused(_("This callback was already done."))
    if not reached and retry_at is not None and retry_at <= timezone.now():
        raise ActionRefused(_("Choose a time in the future."))
    note = note.strip()
    if note:
        room = Callback._meta.get_field("note").max_length or 0
        combined = f"{callback.note}\n{note}".strip()
        if len(combined) > room:
            raise ActionRefused(
                _("The notes of this callback are full: shorten yours to %(count)s characters.")
                % {"count": max(0, room - len(callback.note) - 1)}
            )
        callback.note = combined
    if reached:
        callback.result = Callback.Result.REACHED
    else:
        callback.attempts += 1
        if retry_at is not None:
            callback.due_at = retry_at
        else:
            callback.result = Callback.Result.NOT_REACHED
    if callback.result:
        callback.done_at = timezone.now()
        callback.done_by = agent
    callback.save()
    return callback


# -- status on the phone ------------------------------------------------------------------------
def identity_matches(person: Person, *, date_of_birth: date | None, postcode: str, phone: str) -> int:
    """How many of the given details match the person's (date of birth, postcode, phone number)."""
    matches = 0
    if date_of_birth is not None and person.date_of_birth == date_of_birth:
        matches += 1
    if postcode and person.postcode and postcode.strip() == person.postcode:
        matches += 1
    if phone and person.phone and phone_digits(phone) == phone_digits(person.phone):
        matches += 1
    return matches


def status_locked_until(reference: str) -> datetime | None:
    """When a code is locked (three failed checks within 15 minutes), until when."""
    window = timezone.now() - timedelta(minutes=LOCK_MINUTES)
    failures = list(
        StatusCheck.objects.filter(reference=reference, result=StatusCheck.Result.FAILED, at__gt=window).values_list(
            "at", flat=True
        )[:LOCK_AFTER_FAILURES]
    )
    if len(failures) < LOCK_AFTER_FAILURES:
        return None
    return failures[LOCK_AFTER_FAILURES - 1] + timedelta(minutes=LOCK_MINUTES)


@transaction.atomic
def status_check(
    *, agent: User, reference: str, date_of_birth: date | None, postcode: str, phone: str
) -> tuple[str, HelpRequest | None]:
    """Check the caller's identity for a reference code: two of date of birth, postcode and phone must match.

    Every check is logged (``StatusCheck``); a code whose check failed three times within 15 minutes is
    locked for 15 minutes (each attempt while locked is logged as refused). An unknown code fails like a
    wrong answer, so nobody learns which codes exist."""
    reference = reference.strip().upper()
    # One check at a time per code: concurrent attempts cannot slip past the count.
    StatusCheck.objects.select_for_update().filter(reference=reference).order_by("-at")[:1].exists()
    if status_locked_until(reference) is not None:
        StatusCheck.objects.create(reference=reference, agent=agent, result=StatusCheck.Result.LOCKED)
        return StatusCheck.Result.LOCKED, None
    request = HelpRequest.objects.select_related("person").filter(reference=reference).first()
    passed = request is not None and (
        identity_matches(request.person, date_of_birth=date_of_birth, postcode=postcode, phone=phone) >= 2
    )
    result = StatusCheck.Result.PASSED if passed else StatusCheck.Result.FAILED
    StatusCheck.objects.create(reference=reference, agent=agent, result=result)
    return result, request if passed else None
