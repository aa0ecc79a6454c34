"""Every write on help requests. Each state change has one shape:

``atomic()`` → ``select_for_update()`` on the request → the fsm transition → save → an append-only
timeline row → side effects with ``transaction.on_commit``. The guards live in ``workflow.py``
and on the model's transitions; a refused action raises ``ActionRefused`` and changes nothing.
"""

from datetime import date, datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django_fsm import TransitionNotAllowed
from guardian.shortcuts import assign_perm, remove_perm

from accounts.models import Organization, User
from accounts.roles import Role
from people import services as people_services
from people.errors import ActionRefused
from people.models import Channel, Person
from privacy.models import Consent
from privacy.selectors import consent_covers
from privacy.services import access_record_merge, consent_give
from requests_app.models import FollowUpQuestion, HelpRequest, Referral, RequestNeed, SupportTrack, TimelineEvent
from requests_app.notifications import follow_up_question_enqueue, follow_up_question_route, notify
from requests_app.permissions import can_support
from requests_app.signals import referral_created, referral_withdrawn
from requests_app.workdays import add_working_days, first_contact_due
from requests_app.workflow import (
    HELP_REQUEST,
    NEEDS_NOTE,
    REFERRAL,
    SUPPORT_TRACK,
    WAITING,
    WITHOUT_MEETING,
    Outcome,
    State,
    TrackState,
)


def _locked(request: HelpRequest) -> HelpRequest:
    return HelpRequest.objects.select_for_update().get(pk=request.pk)


def _event(
    request: HelpRequest,
    *,
    actor: User | None,
    kind: str,
    note: str = "",
    public: bool = False,
    from_state: str = "",
    to_state: str = "",
) -> TimelineEvent:
    return TimelineEvent.objects.create(
        request=request, actor=actor, kind=kind, note=note, public=public, from_state=from_state, to_state=to_state
    )


def request_timeline_add(
    *, request: HelpRequest, actor: User | None, kind: str, note: str = "", public: bool = False
) -> TimelineEvent:
    """A row on the request's timeline for what an app above this one did with it (a volunteer's match):
    the timeline is written only here. The caller holds the request's lock and notifies."""
    return _event(request, actor=actor, kind=kind, note=note, public=public)


def _not_now(request: HelpRequest) -> ActionRefused:
    """The refusal of an action the request's state does not allow (one message for every such refusal)."""
    return ActionRefused(
        _("This is not possible now: the request is in the state “%(state)s”.") % {"state": request.get_state_display()}
    )


def _refuse_unless(request: HelpRequest, action: str) -> None:
    """Refuse (changing nothing) unless the help request's workflow allows ``action`` in its state."""
    if not HELP_REQUEST.allowed(request.state, action):
        raise _not_now(request)


def _referral_move(referral: Referral, action: str) -> None:
    """Set the referral's status the workflow gives for ``action`` (refused when it has no such edge). A
    withdrawal is announced (``signals.referral_withdrawn``) to the apps that tell the partner's system."""
    target = REFERRAL.target(referral.status, action)
    if target is None:
        raise ActionRefused(_("This referral was already answered."))
    referral.status = target
    if target == Referral.Status.WITHDRAWN:
        referral_withdrawn.send(sender=Referral, referral=referral)


def _move(
    request: HelpRequest,
    transition: str,
    *,
    actor: User | None,
    note: str = "",
    public: bool = True,
    update_fields: tuple[str, ...] = (),
) -> HelpRequest:
    """Run one fsm transition on a locked request, save it and write the timeline row."""
    before = request.state
    try:
        getattr(request, transition)()
    except TransitionNotAllowed:
        raise _not_now(request) from None
    request.save(update_fields=["state", "updated_at", *update_fields])
    event = _event(
        request,
        actor=actor,
        kind=TimelineEvent.Kind.TRANSITION,
        note=note,
        public=public,
        from_state=before,
        to_state=request.state,
    )
    if public:
        notify(event, "help_seeker")
    return request


# -- asking for help --------------------------------------------------------------------------
@transaction.atomic
def request_submit(
    *,
    person: Person,
    channel: str,
    needs: list[str],
    description: str,
    urgency: int = 2,
    contact_way: str = "phone",
    contact_time: str = "",
    product_key: str = "",
    submitted_by: User | None = None,
    on_behalf_consent: str = "",
) -> HelpRequest:
    """A new request, in ``submitted``; the help seeker consented to be contacted (a ``Consent`` row with the
    words shown). Someone asking for another person records how that person agreed (``on_behalf_consent``):
    a consent to be contacted and one to let the submitter ask and follow up, both recorded by them; a KCC
    agent asking for a caller records the contact consent."""
    if not needs:
        raise ValueError("a request has at least one need")
    request = HelpRequest(
        person=person,
        channel=channel,
        description=description,
        urgency=urgency,
        contact_way=contact_way,
        contact_time=contact_time,
        product_key=product_key,
        submitted_by=submitted_by,
        on_behalf_consent=on_behalf_consent,
        contact_consent_at=timezone.now(),
    )
    request.first_contact_due_at = first_contact_due(
        timezone.localtime(request.contact_consent_at), urgent=request.is_urgent
    )
    # person and submitted_by are saved objects handed in: no query to check that they exist.
    request.full_clean(exclude=["state", "reference", "person", "submitted_by"])
    for _attempt in range(5):  # the reference is random; retry on the rare clash
        try:
            with transaction.atomic():
                request.save()
            break
        except IntegrityError:
            request.pk = None
            request.reference = HelpRequest._meta.get_field("reference").get_default()
    else:  # pragma: no cover - five clashes in a row
        raise RuntimeError("could not find a free reference")
    RequestNeed.objects.bulk_create([RequestNeed(request=request, need=need) for need in dict.fromkeys(needs)])
    # Recorded by whoever submitted for the help seeker (an intermediary, a KCC agent); given by the help
    # seeker themself when they asked (with or without an account).
    recorder = submitted_by if submitted_by is not None and submitted_by.pk != person.user_id else None
    purposes = [Consent.Purpose.CONTACT] + ([Consent.Purpose.ON_BEHALF] if on_behalf_consent else [])
    for purpose in purposes:
        consent_give(person=person, purpose=purpose, channel=channel, help_request=request, recorded_by=recorder)
    _event(request, actor=submitted_by, kind=TimelineEvent.Kind.TRANSITION, to_state=State.SUBMITTED, public=True)
    if request.is_urgent:
        # The coordinators on duty hear of it at once, not at the next look at the queue.
        note = _("Urgent: the help seeker says it is a crisis. Contact them before %(due)s.") % {
            "due": formats.date_format(timezone.localtime(request.first_contact_due_at), "l j F H:i")
        }
        notify(_event(request, actor=None, kind=TimelineEvent.Kind.NOTE, note=note), "coordinators_urgent")
    return request


# -- triage -----------------------------------------------------------------------------------
@transaction.atomic
def request_take_up(*, request: HelpRequest, actor: User) -> HelpRequest:
    """A coordinator takes the request up: triage starts, and it is assigned to them."""
    request = _locked(request)
    request.assigned_to = actor
    return _move(request, "_take_up", actor=actor, update_fields=("assigned_to",))


@transaction.atomic
def request_assign(*, request: HelpRequest, coordinator: User, actor: User) -> HelpRequest:
    """Give an open request to a coordinator (a closed one is refused: nothing is left to do)."""
    request = _locked(request)
    if not request.is_open:
        raise ActionRefused(_("This request is no longer open."))
    request.assigned_to = coordinator
    request.save(update_fields=["assigned_to", "updated_at"])
    _event(request, actor=actor, kind=TimelineEvent.Kind.ASSIGNMENT, note=coordinator.full_name)
    return request


@transaction.atomic
def request_note(*, request: HelpRequest, actor: User, note: str, public: bool = False) -> TimelineEvent:
    """An internal note (or, with ``public``, a message the help seeker sees)."""
    if not note.strip():
        raise ValueError("empty note")
    return _event(_locked(request), actor=actor, kind=TimelineEvent.Kind.NOTE, note=note.strip(), public=public)


@transaction.atomic
def request_record_contact(*, request: HelpRequest, actor: User, note: str = "") -> HelpRequest:
    """Someone spoke with the help seeker; the first time counts for the waiting-time target."""
    request = _locked(request)
    if request.first_contact_at is None:
        request.first_contact_at = timezone.now()
        request.save(update_fields=["first_contact_at", "updated_at"])
    _event(request, actor=actor, kind=TimelineEvent.Kind.CONTACT, note=note)
    return request


# -- the volunteer route (matching is filled in by the volunteers app) ------------------------
@transaction.atomic
def request_route_to_volunteers(*, request: HelpRequest, actor: User, note: str = "") -> HelpRequest:
    return _move(_locked(request), "_route_to_volunteers", actor=actor, note=note)


@transaction.atomic
def request_matching_failed(*, request: HelpRequest, actor: User | None, note: str = "") -> HelpRequest:
    """No volunteer accepted (declined or expired): back to the coordinator."""
    return _move(_locked(request), "_matching_failed", actor=actor, note=note, public=False)


@transaction.atomic
def request_start_volunteer_support(
    *, request: HelpRequest, volunteer: User, actor: User, started_on: date | None = None
) -> SupportTrack:
    """A volunteer accepted the match: the support track starts with them. The only way the volunteer
    route makes a request handled (called by ``volunteers.services.match_accept``, which holds the match)."""
    request = _locked(request)
    _refuse_unless(request, "start_volunteer_support")
    first_name = volunteer.get_short_name()
    track = SupportTrack.objects.create(
        request=request,
        volunteer=volunteer,
        contact_person=first_name,
        started_on=started_on or timezone.localdate(),
    )
    request.support_started_at = timezone.now()
    _move(request, "_start_volunteer_support", actor=actor, note=first_name, update_fields=("support_started_at",))
    return track


# -- referrals to partners --------------------------------------------------------------------
def organizations_without_consent(*, request: HelpRequest, organizations: list[Organization]) -> list[Organization]:
    """The organisations that no referral consent in force of the help seeker names (for this request)."""
    return [
        organization
        for organization in organizations
        if not consent_covers(
            person_id=request.person_id,
            purpose=Consent.Purpose.REFERRAL,
            organization_id=organization.pk,
            help_request_id=request.pk,
        )
    ]


@transaction.atomic
def request_refer(
    *,
    request: HelpRequest,
    organizations: list[Organization],
    actor: User,
    note: str = "",
    consent_channel: str = "",
) -> list[Referral]:
    """Refer to one or more partners. The request moves to ``referred`` (from triage); adding partners
    to a referred request keeps it there. Each partner's group may then view the request.

    Only to organisations that a referral consent in force names (shared professional secrecy). With
    ``consent_channel`` the coordinator records, in the same transaction, that the help seeker agreed
    (by phone, at the counter, ...) to share with exactly these organisations."""
    request = _locked(request)
    if not organizations:
        raise ValueError("refer to at least one organisation")
    if consent_channel:
        consent_give(
            person=request.person,
            purpose=Consent.Purpose.REFERRAL,
            channel=consent_channel,
            recipients=organizations,
            help_request=request,
            recorded_by=actor,
        )
    if missing := organizations_without_consent(request=request, organizations=organizations):
        raise ActionRefused(
            _(
                "The help seeker has not agreed to share their question with: %(names)s. Record how they agreed, "
                "or choose other organisations. Nothing was sent."
            )
            % {"names": ", ".join(o.name for o in missing)}
        )
    _refuse_unless(request, "refer")
    if HELP_REQUEST.after(request.state, "refer") != request.state:  # the first referral; later ones keep the state
        _move(request, "_refer", actor=actor, note=note)
    referrals = []
    for organization in organizations:
        if request.referrals.filter(organization=organization, status__in=["proposed", "accepted"]).exists():
            continue
        referral = Referral.objects.create(request=request, organization=organization, note=note, created_by=actor)
        assign_perm("requests_app.view_referral", organization.group, referral)
        assign_perm("requests_app.view_helprequest", organization.group, request)
        referral_created.send(sender=Referral, referral=referral)
        event = _event(request, actor=actor, kind=TimelineEvent.Kind.REFERRAL, note=organization.name, public=True)
        notify(event, f"partner:{organization.pk}")
        referrals.append(referral)
    return referrals


def start_date_problem(started_on: date, *, referred_on) -> str:
    """Why a support start date cannot be right ("" when it can): not after today, not before the referral."""
    today = timezone.localdate()
    if started_on > today:
        return _("The support cannot start later than today. Enter today’s date or an earlier one.")
    sent = timezone.localdate(referred_on)
    if started_on < sent:
        return _(
            "The support cannot start before the question was sent to you on %(date)s. Enter that date or a later one."
        ) % {"date": formats.date_format(sent, "j F Y")}
    return ""


def _locked_referral(referral: Referral) -> tuple[Referral, HelpRequest]:
    request = _locked(referral.request)  # the request first, always: no deadlocks between the two
    return Referral.objects.select_for_update().get(pk=referral.pk), request


@transaction.atomic
def referral_accept(
    *, referral: Referral, actor: User, contact_person: str, started_on: date | None = None
) -> SupportTrack:
    """The partner accepts and starts the support: the only way a referral makes a request handled."""
    referral, request = _locked_referral(referral)
    _referral_move(referral, "accept")
    _refuse_unless(request, "start_partner_support")
    if started_on is not None and (problem := start_date_problem(started_on, referred_on=referral.created_at)):
        raise ActionRefused(problem)
    now = timezone.now()
    referral.answered_at, referral.answered_by = now, actor
    referral.save(update_fields=["status", "answered_at", "answered_by"])
    track = SupportTrack.objects.create(
        request=request,
        referral=referral,
        organization=referral.organization,
        contact_person=contact_person,
        started_on=started_on or timezone.localdate(),
    )
    # The other partners' open referrals are no longer needed.
    for other in request.referrals.filter(status=Referral.Status.PROPOSED).exclude(pk=referral.pk):
        _referral_move(other, "withdraw")
        other.save(update_fields=["status"])
    request.support_started_at = now
    _move(
        request,
        "_start_partner_support",
        actor=actor,
        note=referral.organization.name,
        update_fields=("support_started_at",),
    )
    return track


@transaction.atomic
def referral_decline(*, referral: Referral, actor: User, reason: str, note: str = "") -> Referral:
    """The partner declines with a reason; when no referral is open any more the request goes back to triage."""
    referral, request = _locked_referral(referral)
    _referral_move(referral, "decline")
    if reason not in Referral.DeclineReason.values:
        raise ValueError(f"unknown reason {reason!r}")
    referral.reason, referral.reason_note = reason, note
    referral.answered_at, referral.answered_by = timezone.now(), actor
    referral.save(update_fields=["status", "reason", "reason_note", "answered_at", "answered_by"])
    event = _event(
        request, actor=actor, kind=TimelineEvent.Kind.REFERRAL, note=f"{referral.organization.name}: {note}".strip(": ")
    )
    notify(event, "coordinators")
    if not request.referrals.filter(status=Referral.Status.PROPOSED).exists():
        _move(request, "_referrals_ended", actor=actor, note=referral.get_reason_display(), public=False)
    return referral


@transaction.atomic
def referral_withdraw(*, referral: Referral, actor: User) -> Referral:
    """The coordinator withdraws a referral that is still waiting for an answer."""
    referral, request = _locked_referral(referral)
    _referral_move(referral, "withdraw")
    referral.save(update_fields=["status"])
    if (
        HELP_REQUEST.allowed(request.state, "referrals_ended")
        and not request.referrals.filter(status=Referral.Status.PROPOSED).exists()
    ):
        _move(request, "_referrals_ended", actor=actor, public=False)
    return referral


@transaction.atomic
def referrals_consent_withdrawn(*, person_id: int, organization_ids: list[int], actor: User | None) -> int:
    """The help seeker withdrew a referral consent: what it allowed stops now. For each referral to those
    organisations that no other consent in force still covers, the partner can no longer open the request
    (its object permissions go), and a referral still waiting for an answer is withdrawn (an internal
    timeline row; the partner is told, without personal data). Returns the number of referrals withdrawn."""
    withdrawn = 0
    referrals = Referral.objects.filter(request__person_id=person_id, organization_id__in=organization_ids)
    for referral in referrals.select_related("organization").order_by("pk"):
        if consent_covers(
            person_id=person_id,
            purpose=Consent.Purpose.REFERRAL,
            organization_id=referral.organization_id,
            help_request_id=referral.request_id,
        ):
            continue
        referral, request = _locked_referral(referral)
        organization = referral.organization
        remove_perm("requests_app.view_referral", organization.group, referral)
        remove_perm("requests_app.view_helprequest", organization.group, request)
        if not REFERRAL.allowed(referral.status, "withdraw"):
            continue
        _referral_move(referral, "withdraw")
        referral.save(update_fields=["status"])
        note = _("Referral to %(organisation)s withdrawn: the help seeker withdrew their consent.") % {
            "organisation": organization.name
        }
        notify(
            _event(request, actor=actor, kind=TimelineEvent.Kind.REFERRAL, note=note),
            f"partner_withdrawn:{organization.pk}",
        )
        if (
            HELP_REQUEST.allowed(request.state, "referrals_ended")
            and not request.referrals.filter(status=Referral.Status.PROPOSED).exists()
        ):
            _move(request, "_referrals_ended", actor=actor, public=False)
        withdrawn += 1
    return withdrawn


# -- after the support started: the first meeting, progress notes and the end with an outcome -------------
def _locked_track(track: SupportTrack) -> tuple[SupportTrack, HelpRequest]:
    request = _locked(track.request)  # the request first, always
    return SupportTrack.objects.select_for_update().get(pk=track.pk), request


def _supporter(track: SupportTrack, actor: User) -> None:
    if not can_support(actor, track):
        raise ActionRefused(_("You do not support this help seeker."))


def _track_do(track: SupportTrack, action: str) -> None:
    """Take ``action`` in the support track's table (``SUPPORT_TRACK``), or refuse changing nothing."""
    if track.status == TrackState.ENDED:
        raise ActionRefused(_("This support track has already ended."))
    if not SUPPORT_TRACK.allowed(track.status, action):
        raise ActionRefused(_("The first meeting was already recorded."))
    track.status = SUPPORT_TRACK.after(track.status, action)


def _date_not_future(day: date, field: str) -> None:
    if day > timezone.localdate():
        raise ValidationError({field: _("This date is in the future. Enter today’s date or an earlier one.")})


@transaction.atomic
def support_first_meeting(*, track: SupportTrack, actor: User, met_on: date) -> SupportTrack:
    """The supporter met the help seeker for the first time: the track is *under way* (it was *started*
    since the acceptance). A public timeline row: the help seeker reads that their support is under way."""
    track, request = _locked_track(track)
    _supporter(track, actor)
    _date_not_future(met_on, "met_on")
    if met_on < track.started_on:
        raise ValidationError(
            {
                "met_on": _("The first meeting cannot be before the support started on %(date)s.")
                % {"date": formats.date_format(track.started_on, "j F Y")}
            }
        )
    _track_do(track, "first_meeting")
    track.first_meeting_on = met_on
    track.save(update_fields=["status", "first_meeting_on"])
    if request.first_contact_at is None:
        request.first_contact_at = timezone.now()
        request.save(update_fields=["first_contact_at", "updated_at"])
    _event(request, actor=actor, kind=TimelineEvent.Kind.TRACK, note=met_on.isoformat(), public=True)
    return track


@transaction.atomic
def support_progress_note(*, track: SupportTrack, actor: User, note: str) -> TimelineEvent:
    """An internal progress note by the supporter: coordinators and the supporting organisation read it;
    never the help seeker, never a volunteer's page."""
    track, request = _locked_track(track)
    _supporter(track, actor)
    if not note.strip():
        raise ValidationError({"note": _("Write the progress note.")})
    if not SUPPORT_TRACK.allowed(track.status, "note"):
        raise ActionRefused(_("This support track has already ended."))
    return _event(request, actor=actor, kind=TimelineEvent.Kind.PROGRESS, note=note.strip(), public=False)


def _end_track(
    track: SupportTrack, *, outcome_kind: str, note: str, ended_on: date, referred_to: Organization | None
) -> None:
    """Check and write the end of a locked track (the caller closes the request)."""
    if outcome_kind not in Outcome.values:
        raise ValidationError({"outcome_kind": _("Choose how the support ended.")})
    if track.first_meeting_on is None and outcome_kind not in WITHOUT_MEETING:
        raise ActionRefused(
            _(
                "Record the first meeting first: “%(outcome)s” needs a meeting with the help seeker. If you never "
                "met them, choose “The person could not be reached” or “The person stopped”."
            )
            % {"outcome": Outcome(outcome_kind).label}
        )
    if outcome_kind in NEEDS_NOTE and not note.strip():
        raise ValidationError({"note": _("Write why the help seeker was not (fully) helped.")})
    if outcome_kind == Outcome.REFERRED_ON and referred_to is None:
        raise ValidationError({"referred_to": _("Choose the organisation you refer the help seeker on to.")})
    _date_not_future(ended_on, "ended_on")
    if ended_on < (track.first_meeting_on or track.started_on):
        raise ValidationError({"ended_on": _("The end cannot be before the support started or the first meeting.")})
    if SUPPORT_TRACK.allowed(track.status, "end"):  # else a coordinator records the outcome of an ended track
        _track_do(track, "end")
        track.ended_on = ended_on
    track.outcome_kind, track.outcome = outcome_kind, note.strip()
    track.referred_on_to = referred_to if outcome_kind == Outcome.REFERRED_ON else None
    track.save(update_fields=["status", "ended_on", "outcome_kind", "outcome", "referred_on_to"])


@transaction.atomic
def support_end(
    *,
    track: SupportTrack,
    actor: User,
    outcome_kind: str,
    note: str = "",
    ended_on: date | None = None,
    referred_to: Organization | None = None,
    consent_channel: str = "",
) -> SupportTrack:
    """The supporter ends the support with an outcome; the request closes (a public timeline row, mailed).

    An outcome that says how the support went needs the first meeting first (only "could not be reached" and
    "stopped" do not). "Referred on" opens a new request for the same person, referred to that organisation
    with the history attached (``request_refer_on``); ``consent_channel`` records how the help seeker agreed."""
    track, request = _locked_track(track)
    _supporter(track, actor)
    _end_track(
        track,
        outcome_kind=outcome_kind,
        note=note,
        ended_on=ended_on or timezone.localdate(),
        referred_to=referred_to,
    )
    _close(request, actor=actor, track=track)
    if outcome_kind == Outcome.REFERRED_ON and referred_to is not None:
        request_refer_on(request=request, organization=referred_to, actor=actor, consent_channel=consent_channel)
    return track


def _close(request: HelpRequest, *, actor: User, track: SupportTrack) -> None:
    request.closed_at = timezone.now()
    label = str(Outcome(track.outcome_kind).label) if track.outcome_kind else ""
    _move(
        request,
        "_close",
        actor=actor,
        note=": ".join(p for p in (label, track.outcome) if p),
        update_fields=("closed_at",),
    )


@transaction.atomic
def support_track_stop(*, request: HelpRequest, volunteer_id: int) -> None:
    """A volunteer's accepted match stopped (handed back or cancelled): their track ends today without an
    outcome; the coordinator closes the request with one (``request_close``) or helps further another way."""
    request = _locked(request)
    track = SupportTrack.objects.select_for_update().filter(request=request, volunteer_id=volunteer_id).first()
    if track is None or not SUPPORT_TRACK.allowed(track.status, "end"):
        return
    _track_do(track, "end")
    track.ended_on = timezone.localdate()
    track.save(update_fields=["status", "ended_on"])


@transaction.atomic
def request_close(
    *, request: HelpRequest, actor: User, outcome: str = "", outcome_kind: str = Outcome.HELPED
) -> HelpRequest:
    """A coordinator closes the request with the outcome of its support track (ending it when still open,
    e.g. after a volunteer handed the match back). The same checks as ``support_end``."""
    request = _locked(request)
    track = SupportTrack.objects.select_for_update().filter(request=request).first()
    if track is None or request.state != State.SUPPORT_STARTED:
        raise _not_now(request)
    _end_track(
        track,
        outcome_kind=outcome_kind,
        note=outcome,
        ended_on=track.ended_on or timezone.localdate(),
        referred_to=None,
    )
    _close(request, actor=actor, track=track)
    return request


@transaction.atomic
def request_refer_on(
    *, request: HelpRequest, organization: Organization, actor: User, consent_channel: str = "", note: str = ""
) -> HelpRequest:
    """A new request for the same person that continues ``request`` (``follows_up``): the question and the
    earlier support travel with it, so the help seeker does not tell their story again. It is referred to
    ``organization`` at once (consent as in ``request_refer``)."""
    follow_on = request_follow_on(request=request, actor=actor, assign=False)
    track = getattr(request, "support_track", None)
    history = _("Referred on by %(organisation)s after support from %(date)s.") % {
        "organisation": track.organization.name if track and track.organization_id else _("a volunteer"),
        "date": formats.date_format(track.started_on, "j F Y") if track else "",
    }
    if track and track.outcome:
        history = f"{history} {track.outcome}"
    request_refer(
        request=follow_on,
        organizations=[organization],
        actor=actor,
        note=f"{history} {note}".strip(),
        consent_channel=consent_channel,
    )
    return follow_on


@transaction.atomic
def request_follow_on(*, request: HelpRequest, actor: User, assign: bool = True) -> HelpRequest:
    """Open a new request for the same person continuing ``request`` (its needs, question and way of
    contact), straight in triage; the earlier request keeps its history and is linked. Clears the badge."""
    request = _locked(request)
    if not consent_covers(person_id=request.person_id, purpose=Consent.Purpose.CONTACT, help_request_id=request.pk):
        raise ActionRefused(_("The help seeker withdrew their consent to be contacted: no new request was opened."))
    follow_on = HelpRequest(
        person=request.person,
        channel=request.channel if actor.has_role(Role.COORDINATOR) else Channel.PARTNER,
        description=request.description,
        urgency=request.urgency,
        contact_way=request.contact_way,
        contact_time=request.contact_time,
        product_key=request.product_key,
        contact_consent_at=request.contact_consent_at,
        follows_up=request,
        assigned_to=actor if assign else None,
    )
    follow_on.save()
    RequestNeed.objects.bulk_create([RequestNeed(request=follow_on, need=n.need) for n in request.needs.all()])
    consent_give(
        person=request.person,
        purpose=Consent.Purpose.CONTACT,
        channel=follow_on.channel,
        help_request=follow_on,
        recorded_by=actor,
    )
    _event(follow_on, actor=actor, kind=TimelineEvent.Kind.TRANSITION, to_state=State.SUBMITTED, note=request.reference)
    _move(follow_on, "_take_up", actor=actor, public=False)
    _event(
        request,
        actor=actor,
        kind=TimelineEvent.Kind.NOTE,
        note=_("Continued in %(reference)s.") % {"reference": follow_on.reference},
    )
    if request.attention_since is not None:
        request.attention_since = None
        request.save(update_fields=["attention_since", "updated_at"])
    return follow_on


@transaction.atomic
def request_attention_clear(*, request: HelpRequest, actor: User, note: str) -> HelpRequest:
    """A coordinator looked at what the help seeker answered and writes what they did (the badge goes)."""
    request = _locked(request)
    if request.attention_since is None:
        raise ActionRefused(_("This request does not need your attention any more."))
    if not note.strip():
        raise ValidationError({"note": _("Write what you did, for example “Called her: a new appointment is made”.")})
    request.attention_since = None
    request.save(update_fields=["attention_since", "updated_at"])
    _event(request, actor=actor, kind=TimelineEvent.Kind.NOTE, note=note.strip())
    return request


@transaction.atomic
def request_close_without_support(*, request: HelpRequest, actor: User, reason: str) -> HelpRequest:
    """Closed before any support started; a reason is required."""
    if not reason.strip():
        raise ValueError("a reason is required")
    request = _locked(request)
    request.closed_at, request.close_reason = timezone.now(), reason.strip()
    _move(
        request, "_close_without_support", actor=actor, note=reason.strip(), update_fields=("closed_at", "close_reason")
    )
    _withdraw_open_referrals(request)
    return request


@transaction.atomic
def request_withdraw(*, request: HelpRequest, actor: User | None, reason: str = "") -> HelpRequest:
    """The help seeker no longer wants help (while no support has started yet)."""
    request = _locked(request)
    request.closed_at, request.close_reason = timezone.now(), reason.strip()
    _move(request, "_withdraw", actor=actor, note=reason.strip(), update_fields=("closed_at", "close_reason"))
    _withdraw_open_referrals(request)
    return request


def _withdraw_open_referrals(request: HelpRequest) -> None:
    for referral in request.referrals.select_for_update().filter(status=Referral.Status.PROPOSED).order_by("pk"):
        _referral_move(referral, "withdraw")
        referral.save(update_fields=["status"])


# -- escalation (Celery beat, daily) ------------------------------------------------------------
REFERRAL_ANSWER_DAYS = 3


def referrals_escalate(*, today: date | None = None) -> int:
    """Tell the coordinators about referrals a partner has not answered within 3 working days (once each)."""
    today = today or timezone.localdate()
    escalated = 0
    waiting = Referral.objects.filter(status=Referral.Status.PROPOSED, escalated_at__isnull=True).select_related(
        "organization"
    )
    for referral in waiting:
        if add_working_days(timezone.localdate(referral.created_at), REFERRAL_ANSWER_DAYS) > today:
            continue
        with transaction.atomic():
            referral, request = _locked_referral(referral)
            if not REFERRAL.allowed(referral.status, "escalate") or referral.escalated_at is not None:
                continue
            referral.escalated_at = timezone.now()
            referral.save(update_fields=["escalated_at"])
            note = _("%(organisation)s did not answer the referral within %(days)s working days.") % {
                "organisation": referral.organization.name,
                "days": REFERRAL_ANSWER_DAYS,
            }
            notify(_event(request, actor=None, kind=TimelineEvent.Kind.REFERRAL, note=note), "coordinators")
            escalated += 1
    return escalated


# -- the first-contact promise (Celery beat, every 15 minutes) ------------------------------------
# The coordinators are warned this long before a promise falls due (urgent requests: one hour).
CONTACT_WARN_BEFORE = timedelta(hours=4)
CONTACT_WARN_BEFORE_URGENT = timedelta(hours=1)


def first_contact_watch(*, now: datetime | None = None) -> tuple[int, int]:
    """Warn the coordinators before a first-contact promise is missed, and escalate it once it is (once each).

    Returns (warned, missed). Looks only at waiting requests without a first contact (index
    ``request_contact_due``)."""
    now = now or timezone.now()
    waiting = HelpRequest.objects.filter(
        state__in=sorted(WAITING), first_contact_at__isnull=True, first_contact_due_at__isnull=False
    )
    warned = missed = 0
    soon = waiting.filter(
        first_contact_warned_at__isnull=True, first_contact_due_at__lte=now + CONTACT_WARN_BEFORE
    ).values_list("pk", flat=True)
    for pk in list(soon):
        with transaction.atomic():
            request = HelpRequest.objects.select_for_update().get(pk=pk)
            due = request.first_contact_due_at
            lead = CONTACT_WARN_BEFORE_URGENT if request.is_urgent else CONTACT_WARN_BEFORE
            if (
                due is None
                or request.first_contact_at
                or request.first_contact_warned_at
                or not now < due <= now + lead
            ):
                continue
            request.first_contact_warned_at = now
            request.save(update_fields=["first_contact_warned_at"])
            note = _("Nobody has contacted the help seeker yet: the promise runs out at %(due)s.") % {
                "due": formats.date_format(timezone.localtime(due), "l j F H:i")
            }
            notify(_event(request, actor=None, kind=TimelineEvent.Kind.NOTE, note=note), "coordinators")
            warned += 1
    for pk in list(
        waiting.filter(first_contact_missed_at__isnull=True, first_contact_due_at__lte=now).values_list("pk", flat=True)
    ):
        with transaction.atomic():
            request = HelpRequest.objects.select_for_update().get(pk=pk)
            if request.first_contact_at or request.first_contact_missed_at or request.state not in WAITING:
                continue
            request.first_contact_missed_at = now
            request.save(update_fields=["first_contact_missed_at"])
            note = _("The first-contact promise was missed: the help seeker should have heard from us by %(due)s.") % {
                "due": formats.date_format(timezone.localtime(request.first_contact_due_at), "l j F H:i")
            }
            notify(_event(request, actor=None, kind=TimelineEvent.Kind.NOTE, note=note), "coordinators_urgent")
            missed += 1
    return warned, missed


# -- asking the help seeker: "did you get the help you needed?" -------------------------------------------
# An ended support is asked about when it ended at most this long ago (older closings are not asked at once
# the first time the job runs).
FOLLOW_UP_RECENT_END = timedelta(days=30)


def follow_up_refusal(question: FollowUpQuestion) -> str:
    """Why this question can no longer be answered ("" when it can): answered, erased, or no consent."""
    request = question.request
    if question.answered_at is not None:
        return _("You already answered this question. Thank you!")
    if request.anonymised_at is not None or request.person.anonymised_at is not None:
        return _("This question is no longer open: the data of this request were erased.")
    if not consent_covers(person_id=request.person_id, purpose=Consent.Purpose.CONTACT, help_request_id=request.pk):
        return _("This question is no longer open: you withdrew your consent to be contacted.")
    return ""


def _ask(request: HelpRequest, moment: str) -> FollowUpQuestion | None:
    """One question for one moment, once (the unique constraint backs the check); sent after the commit."""
    with transaction.atomic():
        request = _locked(request)
        if FollowUpQuestion.objects.filter(request=request, moment=moment).exists():
            return None
        question = FollowUpQuestion(request=request, moment=moment)
        # No consent to be contacted (any more): recorded as not asked, so the daily job does not weigh the
        # same request again every day.
        # In the help seeker's channel (e-mail, text message or letter); none: recorded as "could not be asked".
        channel, _recipient = ("", "") if follow_up_refusal(question) else follow_up_question_route(question)
        question.channel = channel
        question.sent_at = timezone.now() if channel else None
        question.save()
        _event(request, actor=None, kind=TimelineEvent.Kind.FOLLOW_UP, note=question.get_moment_display())
        if channel:
            follow_up_question_enqueue(question=question)
    return question


def follow_ups_ask(*, now=None) -> int:
    """The daily job: ask where it is due. After the start: support started at least ``FOLLOW_UP_AFTER_DAYS``
    ago and still running; after the end: closed after support (recently). Each (request, moment) once."""
    from django.conf import settings

    now = now or timezone.now()
    due = now - timedelta(days=settings.FOLLOW_UP_AFTER_DAYS)
    asked = 0
    # Only what became due in the last 30 days (the job runs daily; the window lets it catch up after an
    # outage without weighing every support ever started again: index request_support_running).
    after_start = HelpRequest.objects.filter(
        state=State.SUPPORT_STARTED,
        support_started_at__lte=due,
        support_started_at__gte=due - FOLLOW_UP_RECENT_END,
        person__anonymised_at__isnull=True,
    ).exclude(follow_up_questions__moment=FollowUpQuestion.Moment.AFTER_START)
    after_end = HelpRequest.objects.filter(
        state=State.CLOSED,
        closed_at__gte=now - FOLLOW_UP_RECENT_END,
        closed_at__lte=now,
        person__anonymised_at__isnull=True,
    ).exclude(follow_up_questions__moment=FollowUpQuestion.Moment.AFTER_END)
    for moment, requests in (
        (FollowUpQuestion.Moment.AFTER_START, after_start),
        (FollowUpQuestion.Moment.AFTER_END, after_end),
    ):
        # The ids first: each question is then its own short transaction (no cursor held open across them).
        for pk in list(requests.order_by("pk").values_list("pk", flat=True)):
            if _ask(HelpRequest(pk=pk), moment) is not None:
                asked += 1
    return asked


@transaction.atomic
def follow_up_answer(*, question: FollowUpQuestion, answer: str, comment: str = "") -> FollowUpQuestion:
    """The help seeker's answer, once. "No" or "partly" puts the request before a coordinator (the badge,
    and a mail to the coordinators); the answer is a public timeline row the KCC also reads."""
    request = _locked(question.request)
    question = FollowUpQuestion.objects.select_for_update().select_related("request__person").get(pk=question.pk)
    if refusal := follow_up_refusal(question):
        raise ActionRefused(refusal)
    if answer not in FollowUpQuestion.Answer.values:
        raise ValidationError({"answer": _("Choose yes, partly or no.")})
    question.answer, question.comment, question.answered_at = answer, comment.strip()[:2000], timezone.now()
    question.save(update_fields=["answer", "comment", "answered_at"])
    event = _event(
        request,
        actor=None,
        kind=TimelineEvent.Kind.FOLLOW_UP,
        note=f"{question.get_answer_display()}{': ' + question.comment if question.comment else ''}",
    )
    if answer != FollowUpQuestion.Answer.YES:
        if request.attention_since is None:
            request.attention_since = timezone.now()
            request.save(update_fields=["attention_since", "updated_at"])
        notify(event, "coordinators")
    return question


# -- one person, one record: merging two records of the same person ---------------------------------------
def person_merge_preview(*, keep: Person, merge: Person) -> list[tuple[str, int]]:
    """What would move from ``merge`` to ``keep``: (what, how many), only what is there."""
    moves = []
    for model, name in people_services.person_relations():
        count = model._default_manager.filter(**{name: merge.pk}).count()
        if count:
            moves.append((str(model._meta.verbose_name_plural), count))
    return sorted(moves)


def person_merge_problem(*, keep: Person, merge: Person) -> str:
    """Why these two records cannot be merged ("" when they can)."""
    if keep.pk == merge.pk:
        return _("A record cannot be merged with itself: choose two different people.")
    if keep.anonymised_at or merge.anonymised_at:
        return _("The data of one of these people were erased: there is nothing left to merge.")
    if keep.user_id and merge.user_id:
        return _("Both people have their own account: a merge would join two accounts. Ask the DPO.")
    running = list(
        HelpRequest.objects.filter(person_id__in=[keep.pk, merge.pk], state=State.SUPPORT_STARTED).values_list(
            "person_id", "reference"
        )
    )
    if {person_id for person_id, _reference in running} == {keep.pk, merge.pk}:
        return _(
            "Both people have a support track running (%(references)s). Two supporters would then follow one "
            "person without knowing of each other: close one track first, or check that they are really the "
            "same person."
        ) % {"references": ", ".join(reference for _person_id, reference in running)}
    return ""


@transaction.atomic
def person_merge(*, keep: Person, merge: Person, actor: User) -> Person:
    """``merge`` becomes part of ``keep``: every request, contact moment, consent, access-log row and message
    moves to ``keep``, contact details ``keep`` lacks are taken over, and ``merge`` is deleted. The merge is
    itself written in the access log of ``keep`` ("who looked at my data": why, by whom), and on the
    timeline of every request that moved."""

    locked = {p.pk: p for p in Person.objects.select_for_update().filter(pk__in=[keep.pk, merge.pk]).order_by("pk")}
    if problem := person_merge_problem(keep=keep, merge=merge):
        raise ActionRefused(problem)
    keep, merge = locked[keep.pk], locked[merge.pk]
    moved_requests = list(HelpRequest.objects.filter(person=merge).values_list("pk", flat=True))
    merged_id = merge.pk
    keep = people_services.person_absorb(keep=keep, merge=merge, actor=actor)
    access_record_merge(actor=actor, person_id=keep.pk)
    note = _("Two records of the same person were merged (record %(merged)s into %(kept)s).") % {
        "merged": merged_id,
        "kept": keep.pk,
    }
    for request_id in moved_requests:
        TimelineEvent.objects.create(request_id=request_id, actor=actor, kind=TimelineEvent.Kind.NOTE, note=note)
    return keep
