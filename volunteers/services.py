"""Every write of the volunteers app: profiles and availability, onboarding and screening, the task, matches.

Match changes follow the house shape: ``atomic()`` → lock the request, then the match → change →
timeline row on the request → mails on commit. A refused action raises ``ActionRefused`` (from
requests_app) with a translated message and changes nothing; bad input raises ``ValidationError``.
"""

from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts import services as account_services
from accounts.models import User
from accounts.roles import Role
from leuvenhelpt.forms import number_text
from leuvenhelpt.languages import message_language
from outbox.models import Channel
from outbox.services import message_enqueue
from people.errors import ActionRefused
from privacy.models import Consent
from privacy.selectors import volunteer_sharing_allowed
from privacy.services import consent_give
from requests_app import services as request_services
from requests_app.models import HelpRequest, SupportTrack, TimelineEvent
from requests_app.notifications import notify
from requests_app.workflow import HELP_REQUEST
from volunteers.choices import Area, Commitment, Language, TaskType, Transport, Weekday
from volunteers.models import (
    ANSWER_WITHIN,
    AvailabilitySlot,
    Match,
    MatchSession,
    Screening,
    VolunteerProfile,
    VolunteerTask,
)
from volunteers.workflow import MATCH, MATCHABLE, ONBOARDING, OPEN_MATCH

SCREENING_VALID = timedelta(days=365)
SCREENING_REMIND_BEFORE = timedelta(days=30)


def _locked_profile(profile: VolunteerProfile) -> VolunteerProfile:
    return VolunteerProfile.objects.select_for_update().select_related("user").get(pk=profile.pk)


def _move_profile(profile: VolunteerProfile, action: str) -> None:
    """Take ``action`` in the onboarding table (volunteers.workflow.ONBOARDING), or refuse changing nothing."""
    target = ONBOARDING.target(profile.state, action)
    if target is None:
        raise ActionRefused(
            _("This is not possible now: the volunteer is in the state “%(state)s”.")
            % {"state": profile.get_state_display()}
        )
    profile.state = target


def _refuse_stopped(profile: VolunteerProfile) -> None:
    if not ONBOARDING.allowed(profile.state, "update"):
        raise ActionRefused(_("This volunteer profile was stopped."))


def _refuse_match_unless(match: Match, action: str, message: str) -> None:
    """Refuse with ``message`` unless the match table (volunteers.workflow.MATCH) allows ``action`` now."""
    if not MATCH.allowed(match.status, action):
        raise ActionRefused(message)


# -- becoming a volunteer, the profile -----------------------------------------------------------
def _preferences(
    *,
    task_types: list[str],
    languages: list[str],
    areas: list[str],
    transport: str,
    commitment: str,
    max_active_matches: int,
) -> dict:
    errors = {}
    if not task_types or set(task_types) - set(TaskType.values):
        errors["task_types"] = _("Choose at least one kind of task.")
    if not languages or set(languages) - set(Language.values):
        errors["languages"] = _("Choose at least one language you speak.")
    if not areas or set(areas) - set(Area.values):
        errors["areas"] = _("Choose at least one postcode where you can help.")
    if transport not in Transport.values:
        errors["transport"] = _("Choose how you get around.")
    if commitment not in Commitment.values:
        errors["commitment"] = _("Choose one-off tasks, regular tasks or both.")
    if not 1 <= max_active_matches <= 10:
        errors["max_active_matches"] = _("Choose between 1 and 10 active matches.")
    if errors:
        raise ValidationError(errors)
    return {
        "task_types": task_types,
        "languages": languages,
        "areas": areas,
        "transport": transport,
        "commitment": commitment,
        "max_active_matches": max_active_matches,
    }


@transaction.atomic
def volunteer_apply(*, user: User, law_consent: bool, **preferences) -> VolunteerProfile:
    """Sign up as a volunteer: a profile in ``applied`` (never matched before a coordinator screened it)."""
    if not law_consent:
        raise ValidationError({"law_consent": _("Confirm that you have read the information about the volunteer law.")})
    if VolunteerProfile.objects.filter(user=user).exists():
        raise ActionRefused(_("You already signed up as a volunteer."))
    profile = VolunteerProfile.objects.create(user=user, law_consent_at=timezone.now(), **_preferences(**preferences))
    account_services.user_set_roles(user=user, roles=sorted(user.role_names | {Role.VOLUNTEER}))
    return profile


@transaction.atomic
def volunteer_update(*, profile: VolunteerProfile, **preferences) -> VolunteerProfile:
    profile = _locked_profile(profile)
    _refuse_stopped(profile)
    for field, value in _preferences(**preferences).items():
        setattr(profile, field, value)
    profile.last_active_at = timezone.now()
    profile.save()
    return profile


@transaction.atomic
def availability_set(*, profile: VolunteerProfile, slots: list[tuple[int, time, time]]) -> list[AvailabilitySlot]:
    """Replace the weekly availability. Refused: no slot at all, a slot that ends before it starts, overlaps."""
    if not slots:
        raise ValidationError(_("Add at least one moment in the week when you are available."))
    ordered = sorted(slots)
    for weekday, start, end in ordered:
        if weekday not in Weekday.values:
            raise ValidationError(_("Choose a day of the week."))
        if end <= start:
            raise ValidationError(
                _("On %(day)s the slot ends at %(end)s, before it starts at %(start)s: correct the times.")
                % {"day": Weekday(weekday).label, "start": f"{start:%H:%M}", "end": f"{end:%H:%M}"}
            )
    for (day_a, start_a, end_a), (day_b, start_b, end_b) in zip(ordered, ordered[1:], strict=False):
        if day_a == day_b and start_b < end_a:
            raise ValidationError(
                _("On %(day)s, %(first)s and %(second)s overlap: make one slot of them or change the times.")
                % {
                    "day": Weekday(day_a).label,
                    "first": f"{start_a:%H:%M}–{end_a:%H:%M}",
                    "second": f"{start_b:%H:%M}–{end_b:%H:%M}",
                }
            )
    profile = _locked_profile(profile)
    _refuse_stopped(profile)
    profile.slots.all().delete()
    created = AvailabilitySlot.objects.bulk_create(
        [AvailabilitySlot(profile=profile, weekday=d, start=s, end=e) for d, s, e in ordered]
    )
    now = timezone.now()
    profile.availability_updated_at = profile.last_active_at = now
    profile.save(update_fields=["availability_updated_at", "last_active_at", "updated_at"])
    return created


@transaction.atomic
def volunteer_pause(*, profile: VolunteerProfile, until: date, actor: User) -> VolunteerProfile:
    """Pause (no new proposals) until a day in the future."""
    if until <= timezone.localdate():
        raise ValidationError({"until": _("Choose a day after today for the end of your pause.")})
    profile = _locked_profile(profile)
    _move_profile(profile, "pause")
    profile.pause_until = until
    profile.last_active_at = timezone.now()
    profile.save()
    return profile


@transaction.atomic
def volunteer_resume(*, profile: VolunteerProfile, actor: User) -> VolunteerProfile:
    profile = _locked_profile(profile)
    _move_profile(profile, "resume")
    profile.pause_until = None
    profile.last_active_at = timezone.now()
    profile.save()
    return profile


@transaction.atomic
def volunteer_stop(*, profile: VolunteerProfile, actor: User) -> VolunteerProfile:
    """Stop volunteering and remove the profile's preferences, availability and screening documents.

    Refused while a match is open (answer the proposal, complete or hand back the match first). The
    matches stay as history of the requests they helped."""
    profile = _locked_profile(profile)
    if profile.matches.filter(status__in=OPEN_MATCH).exists():
        raise ActionRefused(_("Answer your open proposals and complete or hand back your active matches first."))
    _move_profile(profile, "stop")
    profile.slots.all().delete()
    profile.screenings.all().delete()
    profile.task_types = profile.languages = profile.areas = []
    profile.pause_until = profile.screening_valid_until = None
    profile.save()
    user = profile.user
    account_services.user_set_roles(user=user, roles=sorted(user.role_names - {Role.VOLUNTEER}))
    return profile


# -- onboarding by a coordinator ---------------------------------------------------------------
@transaction.atomic
def screening_start(*, profile: VolunteerProfile, actor: User) -> VolunteerProfile:
    profile = _locked_profile(profile)
    _move_profile(profile, "start_screening")
    profile.save()
    return profile


@transaction.atomic
def screening_record(
    *,
    profile: VolunteerProfile,
    document_date: date,
    actor: User,
    kind: str = Screening.Kind.CRIMINAL_RECORD_2,
    note="",
) -> Screening:
    """A coordinator checked a document; a volunteer in screening becomes active. Valid for a year."""
    today = timezone.localdate()
    if document_date > today:
        raise ValidationError({"document_date": _("The date of the document cannot be in the future.")})
    if document_date + SCREENING_VALID <= today:
        raise ValidationError({"document_date": _("This document is more than a year old: ask for a recent one.")})
    profile = _locked_profile(profile)
    _move_profile(profile, "record_screening")  # refused before the screening started: start it first
    screening = Screening.objects.create(
        profile=profile, kind=kind, document_date=document_date, checked_by=actor, note=note
    )
    profile.screening_valid_until = document_date + SCREENING_VALID
    profile.screening_reminded_at = None
    profile.save()
    return screening


def screenings_remind(*, today: date | None = None) -> int:
    """Remind the volunteer and the coordinators a month before a screening is a year old (once each)."""
    today = today or timezone.localdate()
    due = VolunteerProfile.objects.filter(
        state__in=sorted(MATCHABLE),
        screening_valid_until__lte=today + SCREENING_REMIND_BEFORE,
        screening_reminded_at__isnull=True,
    )
    reminded = 0
    for profile in due:
        with transaction.atomic():
            profile = _locked_profile(profile)
            if profile.screening_reminded_at is not None:
                continue
            profile.screening_reminded_at = timezone.now()
            profile.save(update_fields=["screening_reminded_at"])
            screening_reminder_enqueue(profile=profile)
            reminded += 1
    return reminded


def screening_reminder_enqueue(*, profile: VolunteerProfile) -> int:
    """The reminder, written to the outbox in the caller's transaction: to the volunteer (their language) and
    the coordinators. No personal data but a name. Once per profile and screening date."""
    from django.conf import settings

    profile = VolunteerProfile.objects.select_related("user").get(pk=profile.pk)
    recipients = [(profile.user.email, message_language(profile.user.preferred_language))] + [
        (user.email, message_language(user.preferred_language))
        for user in User.objects.filter(groups__name=Role.COORDINATOR, is_active=True)
    ]
    for address, language in recipients:
        with translation.override(language):
            context = {"profile": profile, "site_url": settings.SITE_URL, "leuvenhelpt": settings.LEUVENHELPT}
            body = render_to_string("volunteers/mail/screening_reminder.txt", context)
            subject = _("Leuven Helpt: a screening needs renewing")
        message_enqueue(
            channel=Channel.EMAIL,
            event_key=f"screening-reminder:{profile.pk}:{profile.screening_valid_until}",
            recipient=address,
            subject=subject,
            body=body,
            language=language,
        )
    return len(recipients)


# -- the task behind a request -------------------------------------------------------------------
@transaction.atomic
def task_save(
    *,
    request: HelpRequest,
    actor: User,
    task_type: str,
    area: str,
    language: str,
    start: time,
    end: time,
    regular: bool,
    summary: str,
    on: date | None = None,
    weekday: int | None = None,
    valid_from: date | None = None,
    valid_until: date | None = None,
    consent_channel: str = "",
    today: date | None = None,
) -> VolunteerTask:
    """What the volunteer will be asked to do (written by the coordinator for the volunteer).

    A one-off task (``regular`` false) takes place ``on`` a date, not in the past; a weekly one on a ``weekday`` from
    ``valid_from`` until ``valid_until`` (a period that has not ended yet).

    ``consent_channel``: the help seeker agreed (by phone, at the counter…) that a volunteer sees what they
    need; recorded as their consent, with the coordinator as the one who recorded it."""
    today = today or timezone.localdate()
    if not regular and on is not None and on < today:
        raise ValidationError({"on": _("This date has passed: enter today or a later date.")})
    if regular and weekday is None:
        raise ValidationError({"weekday": _("Choose the day of the week.")})
    if regular and valid_until is not None and valid_until < today:
        raise ValidationError({"valid_until": _("This period has ended: enter a last week from today on.")})
    request = HelpRequest.objects.select_for_update().get(pk=request.pk)
    if not HELP_REQUEST.allowed(request.state, "propose_volunteer"):
        raise ActionRefused(_("Send the request to volunteer matching first."))
    if consent_channel:
        consent_give(
            person=request.person,
            purpose=Consent.Purpose.VOLUNTEER,
            channel=consent_channel,
            help_request=request,
            recorded_by=actor,
        )
    task = VolunteerTask.objects.filter(request=request).first() or VolunteerTask(request=request)
    task.task_type, task.area, task.language = task_type, area, language
    task.regular, task.start, task.end, task.summary = regular, start, end, summary.strip()
    task.on, task.valid_from, task.valid_until = on, valid_from, valid_until
    if weekday is not None:
        task.weekday = weekday  # a one-off task takes its date's weekday in clean()
    elif on is not None:
        task.weekday = on.weekday()
    task.full_clean()
    task.save()
    return task


# -- matches ---------------------------------------------------------------------------------------
def _event(request: HelpRequest, *, actor: User | None, note: str) -> TimelineEvent:
    return request_services.request_timeline_add(request=request, actor=actor, kind=TimelineEvent.Kind.MATCH, note=note)


def _active_load(profile: VolunteerProfile) -> int:
    return profile.matches.filter(status__in=OPEN_MATCH).count()


@transaction.atomic
def match_propose(
    *, request: HelpRequest, volunteer: VolunteerProfile, actor: User | None, then_ask_next: int = 0, why: str = ""
) -> Match:
    """Propose the request to one volunteer; they have 48 hours to answer. The one door for proposing."""
    request = HelpRequest.objects.select_for_update().get(pk=request.pk)
    if not HELP_REQUEST.allowed(request.state, "propose_volunteer"):
        raise ActionRefused(_("Send the request to volunteer matching first."))
    task = VolunteerTask.objects.filter(request=request).first()
    if task is None:
        raise ActionRefused(_("Describe the task for the volunteer first."))
    if task.is_over():
        raise ActionRefused(_("The task's date has passed: give the task a new date or period first."))
    if not volunteer_sharing_allowed(person_id=request.person_id, help_request_id=request.pk):
        raise ActionRefused(
            _(
                "The help seeker has not agreed (or no longer agrees) that a volunteer sees their details. Ask "
                "them, and record how they agreed with the task."
            )
        )
    volunteer = _locked_profile(volunteer)
    today = timezone.localdate()
    if not volunteer.matchable_on(today) or not (
        volunteer.screening_valid_until and volunteer.screening_valid_until >= today
    ):
        raise ActionRefused(_("This volunteer cannot be matched now (not active or no valid screening)."))
    if _active_load(volunteer) >= volunteer.max_active_matches:
        raise ActionRefused(
            _("This volunteer already has %(count)s active matches, the most they allow.")
            % {"count": volunteer.max_active_matches}
        )
    if Match.objects.filter(request=request, volunteer=volunteer).exists():
        raise ActionRefused(_("This volunteer was already asked for this request."))
    now = timezone.now()
    match = Match.objects.create(
        request=request,
        volunteer=volunteer,
        proposed_by=actor,
        proposed_at=now,
        expires_at=now + ANSWER_WITHIN,
        then_ask_next=max(0, min(then_ask_next, 5)),
        why=why[:400],
    )
    volunteer.last_asked_at = now
    volunteer.save(update_fields=["last_asked_at", "updated_at"])
    event = _event(
        request, actor=actor, note=_("Proposed to volunteer %(name)s.") % {"name": volunteer.user.get_short_name()}
    )
    notify(event, f"volunteer:{volunteer.user_id}")
    return match


def _locked_match(match: Match) -> tuple[Match, HelpRequest]:
    request = HelpRequest.objects.select_for_update().get(pk=match.request_id)  # the request first, always
    return Match.objects.select_for_update().select_related("volunteer__user").get(pk=match.pk), request


def _own(match: Match, actor: User) -> None:
    if match.volunteer.user_id != actor.pk:
        raise ActionRefused(_("This match is not yours."))


@transaction.atomic
def match_accept(*, match: Match, actor: User) -> Match:
    """The volunteer accepts: the request's support track starts with them. Exactly one volunteer wins."""
    match, request = _locked_match(match)
    _own(match, actor)
    now = timezone.now()
    _refuse_match_unless(match, "accept", _("This proposal is no longer open."))
    if match.expires_at <= now:
        raise ActionRefused(_("This proposal is no longer open."))
    if not HELP_REQUEST.allowed(request.state, "start_volunteer_support"):
        raise ActionRefused(_("Another volunteer already helps with this request."))
    if not volunteer_sharing_allowed(person_id=request.person_id, help_request_id=request.pk):
        raise ActionRefused(_("This proposal is no longer open: the help seeker withdrew their consent."))
    profile = _locked_profile(match.volunteer)
    accepted = profile.matches.filter(status=Match.Status.ACCEPTED).count()
    if accepted >= profile.max_active_matches:
        raise ActionRefused(
            _(
                "You already have %(count)s active matches, the most you allow. Complete one first or raise your maximum."
            )
            % {"count": profile.max_active_matches}
        )
    match.status, match.answered_at, match.accepted_at = MATCH.after(match.status, "accept"), now, now
    try:
        with transaction.atomic():
            match.save(update_fields=["status", "answered_at", "accepted_at"])
    except IntegrityError:  # pragma: no cover - the request lock makes this unreachable; the constraint backs it
        raise ActionRefused(_("Another volunteer already helps with this request.")) from None
    for other in request.matches.filter(status=Match.Status.PROPOSED).exclude(pk=match.pk):
        _end_proposal(other, now=now)
    profile.declines_in_a_row = 0
    profile.last_active_at = now
    profile.save(update_fields=["declines_in_a_row", "last_active_at", "updated_at"])
    request_services.request_start_volunteer_support(request=request, volunteer=profile.user, actor=actor)
    return match


def _end_proposal(match: Match, *, now) -> None:
    """Another volunteer accepted first: this proposal is no longer needed."""
    match.status, match.answered_at, match.ended_at = MATCH.after(match.status, "cancel"), now, now
    match.save(update_fields=["status", "answered_at", "ended_at"])


def _after_no(match: Match, request: HelpRequest, *, actor: User | None) -> Match | None:
    """After a decline or expiry: ask the next candidate if the coordinator chose so, else tell them."""
    from volunteers.selectors import rank_candidates, why_line

    if not HELP_REQUEST.allowed(request.state, "propose_volunteer"):
        return None
    if match.then_ask_next > 0:
        task = VolunteerTask.objects.filter(request=request).first()
        candidates = rank_candidates(task=task, limit=1) if task and not task.is_over() else []
        if task and candidates:
            return match_propose(
                request=request,
                volunteer=candidates[0],
                actor=None,
                then_ask_next=match.then_ask_next - 1,
                why=why_line(candidates[0], task),
            )
    if not request.matches.filter(status=Match.Status.PROPOSED).exists():
        request_services.request_matching_failed(
            request=request, actor=actor, note=_("No volunteer accepted; the request is back in triage.")
        )
    return None


@transaction.atomic
def match_decline(*, match: Match, actor: User, reason: str, note: str = "") -> Match:
    """The volunteer declines with a reason; the coordinators are told (or the next candidate is asked)."""
    match, request = _locked_match(match)
    _own(match, actor)
    _refuse_match_unless(match, "decline", _("This proposal is no longer open."))
    if reason not in Match.DeclineReason.values:
        raise ValidationError({"reason": _("Choose why you cannot take this on.")})
    match.status, match.answered_at = MATCH.after(match.status, "decline"), timezone.now()
    match.decline_reason, match.decline_note = reason, note.strip()[:300]
    match.save(update_fields=["status", "answered_at", "decline_reason", "decline_note"])
    profile = _locked_profile(match.volunteer)
    profile.declines_in_a_row += 1
    profile.last_active_at = timezone.now()
    profile.save(update_fields=["declines_in_a_row", "last_active_at", "updated_at"])
    event = _event(
        request,
        actor=actor,
        note=_("%(name)s declined: %(reason)s")
        % {"name": profile.user.get_short_name(), "reason": match.get_decline_reason_display()},
    )
    notify(event, "coordinators")
    _after_no(match, request, actor=actor)
    return match


def matches_expire(*, now=None) -> int:
    """Proposals not answered within 48 hours expire (Celery beat); each in its own transaction, once."""
    now = now or timezone.now()
    expired = 0
    for match in Match.objects.filter(status=Match.Status.PROPOSED, expires_at__lte=now).order_by("expires_at"):
        with transaction.atomic():
            match, request = _locked_match(match)
            if not MATCH.allowed(match.status, "expire"):
                continue
            match.status, match.answered_at = MATCH.after(match.status, "expire"), now
            match.save(update_fields=["status", "answered_at"])
            event = _event(
                request,
                actor=None,
                note=_("%(name)s did not answer within 48 hours.") % {"name": match.volunteer.user.get_short_name()},
            )
            notify(event, "coordinators")
            _after_no(match, request, actor=None)
            expired += 1
    return expired


# A session may run over its time window a little (travel, a hospital appointment that runs late).
SESSION_SLACK = timedelta(hours=1)


def session_hours_limit(*, match: Match) -> Decimal | None:
    """The most hours one session of a match can plausibly take: the task's time window plus ``SESSION_SLACK`` (a
    one-off task is one session, a weekly one a session a week). None when the match has no task to measure by."""
    task = getattr(match.request, "volunteer_task", None)
    if task is None:
        return None
    window = datetime.combine(date.min, task.end) - datetime.combine(date.min, task.start) + SESSION_SLACK
    return Decimal(window.total_seconds() / 3600).quantize(Decimal("0.1"))


def _hours_limit_message(match: Match, limit: Decimal) -> str:
    task = match.request.volunteer_task
    window = {"start": task.start.strftime("%H:%M"), "end": task.end.strftime("%H:%M"), "limit": number_text(limit)}
    return (
        _(
            "The task runs from %(start)s to %(end)s: with travel, that is at most %(limit)s hours. "
            "Enter the hours you spent, for example 2 or 1.5."
        )
        % window
    )


def _track_of(match: Match) -> SupportTrack:
    track = SupportTrack.objects.filter(request_id=match.request_id, volunteer_id=match.volunteer.user_id).first()
    if track is None:  # pragma: no cover - an accepted match always started a track
        raise ActionRefused(_("Only an accepted match can be completed."))
    return track


@transaction.atomic
def match_session_record(*, match: Match, actor: User, on: date, hours: Decimal) -> MatchSession:
    """The volunteer helped once (a weekly visit has many sessions): the date and the hours. The first session
    is the first meeting (the support is under way). A session never ends the support: that is ``match_complete``."""
    match, request = _locked_match(match)
    _own(match, actor)
    _refuse_match_unless(match, "record_session", _("Only an accepted match can be completed."))
    if on > timezone.localdate():
        raise ValidationError({"on": _("This date is in the future. Enter today’s date or an earlier one.")})
    if match.accepted_at and on < timezone.localdate(match.accepted_at):
        raise ValidationError({"on": _("This date is before you accepted the match. Enter a later date.")})
    if hours is None or hours <= 0 or hours > 24:
        raise ValidationError({"hours": _("Enter the hours you spent, for example 2 or 1.5.")})
    if (limit := session_hours_limit(match=match)) is not None and hours > limit:
        raise ValidationError({"hours": _hours_limit_message(match, limit)})
    session = MatchSession.objects.create(match=match, on=on, hours=hours)
    match.hours = (match.hours or Decimal(0)) + hours
    match.save(update_fields=["hours"])
    profile = _locked_profile(match.volunteer)
    profile.last_active_at = timezone.now()
    profile.save(update_fields=["last_active_at", "updated_at"])
    track = _track_of(match)
    if track.first_meeting_on is None:
        request_services.support_first_meeting(track=track, actor=actor, met_on=on)
    return session


@transaction.atomic
def match_complete(
    *,
    match: Match,
    actor: User,
    outcome_kind: str,
    outcome: str = "",
    hours: Decimal | None = None,
    on: date | None = None,
) -> Match:
    """The support ends: the volunteer says how it went (an outcome of ``requests_app.workflow.Outcome``).
    With ``hours`` a last session (``on``, today by default) is recorded first — a one-off task is one session.
    The match completes and the request's support track ends through ``requests_app.services.support_end``,
    which refuses an outcome such as "helped" before any meeting."""
    match, request = _locked_match(match)
    _own(match, actor)
    _refuse_match_unless(match, "complete", _("Only an accepted match can be completed."))
    if hours:
        match_session_record(match=match, actor=actor, on=on or timezone.localdate(), hours=hours)
        match.refresh_from_db(fields=["hours"])
    request_services.support_end(
        track=_track_of(match), actor=actor, outcome_kind=outcome_kind, note=outcome, ended_on=on
    )
    now = timezone.now()
    match.status, match.ended_at, match.outcome = MATCH.after(match.status, "complete"), now, outcome.strip()[:600]
    match.save(update_fields=["status", "ended_at", "outcome"])
    return match


@transaction.atomic
def match_cancel(*, match: Match, actor: User, reason: str) -> Match:
    """A match stops before it was completed, with a reason (internal: on the request's timeline).

    - The volunteer hands back their accepted match: the coordinators are told and decide what follows.
    - A coordinator cancels a proposal (withdraws it) or an accepted match, e.g. the volunteer fell ill or the
      help seeker no longer needs it: the volunteer is told (without the reason or any personal data) and no
      longer sees the address and phone.

    The request's state machine does not move. A withdrawn proposal leaves the request in matching (looking
    for a volunteer) for the coordinator to propose someone else or close it; unlike a decline it never asks
    the next candidate nor sends the request back to triage (``_after_no``): the coordinator is the one acting.
    After an accepted match the request stays handled (support did start) and the volunteer's support track
    ends today; the help seeker reads that their volunteer can no longer help and that a coordinator will
    contact them (a public timeline event, mailed), and the coordinator decides what follows on the
    request page."""
    match, request = _locked_match(match)
    by_coordinator = match.volunteer.user_id != actor.pk
    if by_coordinator and not actor.has_role(Role.COORDINATOR):
        raise ActionRefused(_("This match is not yours."))
    action = "cancel" if by_coordinator else "hand_back"
    if not by_coordinator:
        _refuse_match_unless(match, action, _("Only an accepted match can be handed back."))
    if not MATCH.allowed(match.status, action):
        raise ActionRefused(
            _("This match has already ended (“%(status)s”): there is nothing left to cancel.")
            % {"status": match.get_status_display()}
        )
    if not reason.strip():
        raise ValidationError({"reason": _("Write why the match stops.")})
    was_proposed = match.status == Match.Status.PROPOSED
    match.status, match.ended_at, match.outcome = (
        MATCH.after(match.status, action),
        timezone.now(),
        reason.strip()[:600],
    )
    match.cancelled_by_coordinator = by_coordinator
    match.save(update_fields=["status", "ended_at", "outcome", "cancelled_by_coordinator"])
    name = match.volunteer.user.get_short_name()
    if not by_coordinator:
        note = _("The match with %(name)s stopped: %(reason)s")
    elif was_proposed:
        note = _("The proposal to %(name)s was withdrawn: %(reason)s")
    else:
        note = _("The match with %(name)s was cancelled: %(reason)s")
    event = _event(request, actor=actor, note=note % {"name": name, "reason": reason.strip()})
    notify(event, f"volunteer_cancelled:{match.volunteer.user_id}" if by_coordinator else "coordinators")
    if not was_proposed:
        request_services.support_track_stop(request=request, volunteer_id=match.volunteer.user_id)
        # For the help seeker, in their own words and language when they read it (requests_app.status).
        told = request_services.request_timeline_add(
            request=request, actor=actor, kind=TimelineEvent.Kind.MATCH, public=True
        )
        notify(told, "help_seeker")
    return match
