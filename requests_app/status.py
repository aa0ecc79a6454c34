"""What a help seeker reads about their request: the status in plain words (B1), Dutch and English."""

from django.utils.translation import gettext as _

from requests_app.models import HelpRequest, Referral
from requests_app.workflow import State


def _partners(request: HelpRequest) -> str:
    """The partners the request was sent to (proposed or accepted), e.g. "CAW Oost-Brabant and OCMW Leuven"."""
    names = [
        referral.organization.name
        for referral in request.referrals.all()
        if referral.status in (Referral.Status.PROPOSED, Referral.Status.ACCEPTED)
    ]
    if len(names) > 1:
        return _("%(first)s and %(last)s") % {"first": ", ".join(names[:-1]), "last": names[-1]}
    return names[0] if names else ""


def _support(request: HelpRequest) -> str:
    """Who supports the help seeker, e.g. "CAW Oost-Brabant (An Peeters)"."""
    track = getattr(request, "support_track", None)
    if track is None:
        return ""
    if track.volunteer_id:  # a volunteer: their first name only
        return _("a volunteer, %(name)s") % {"name": track.volunteer.get_short_name()}
    who = track.organization.name if track.organization_id else _("a volunteer")
    return f"{who} ({track.contact_person})" if track.contact_person else who


def plain_status(request: HelpRequest) -> str:
    """The request's status as the help seeker reads it, in the active language."""
    state = request.state
    if state == State.SUBMITTED:
        return _("Received")
    if state == State.TRIAGE:
        return _("We are looking at your question")
    if state == State.MATCHING:
        return _("We are looking for a volunteer for you")
    if state == State.REFERRED:
        partners = _partners(request)
        if partners:
            return _("Referred to %(partners)s — they will contact you") % {"partners": partners}
        return _("We are looking for the right help")
    if state == State.SUPPORT_STARTED:
        track = getattr(request, "support_track", None)
        if track is not None and track.volunteer_id and track.ended_on:
            return _("Your volunteer can no longer help you — a coordinator of Leuven Helpt will contact you")
        support = _support(request)
        if support:
            return _("Your support has started: %(support)s") % {"support": support}
        return _("Your support has started")
    if state == State.CLOSED:
        return _("Completed")
    if state == State.WITHDRAWN:
        return _("Withdrawn")
    if state == State.CLOSED_WITHOUT_SUPPORT:
        return _("Closed")
    return str(request.get_state_display())


def plain_event(event, request: HelpRequest) -> str:
    """One public timeline event in plain words ("" for one that adds nothing for the help seeker).

    Callers pass public events only, never internal notes."""
    if event.kind == "transition" and event.to_state:
        return {
            State.SUBMITTED: _("We received your question."),
            State.TRIAGE: _("A coordinator of Leuven Helpt is looking at your question."),
            State.MATCHING: _("We are looking for a volunteer for you."),
            State.REFERRED: "",  # the referral events that follow name the partners
            State.SUPPORT_STARTED: _("Your support has started."),
            State.CLOSED: _("Your support has ended."),
            State.WITHDRAWN: _("You withdrew your question."),
            State.CLOSED_WITHOUT_SUPPORT: _("Your question was closed."),
        }.get(event.to_state, str(request.get_state_display()))
    if event.kind == "match":  # the only public match event: the volunteer's help stopped
        return _(
            "Your volunteer can no longer help you. A coordinator of Leuven Helpt will contact you about what comes next."
        )
    if event.kind == "referral":
        return _("We asked %(partner)s to help you.") % {"partner": event.note}
    if event.kind == "note":
        return event.note  # a message written for the help seeker (public notes only)
    return _("Contact with Leuven Helpt.")
