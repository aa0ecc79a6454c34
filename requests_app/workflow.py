"""The help request's states and every allowed transition, each with the reason for the edge.

A request counts as handled only once a support track has started: ``support_started`` (and
``closed`` after it). It is reached only from ``referred`` through a referral that a partner
accepted, or from ``matching`` through a volunteer match that was accepted — never because a
request was passed on. ``tests/requests_app/test_workflow.py`` walks every (source, target) pair.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class State(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    TRIAGE = "triage", _("Triage")
    MATCHING = "matching", _("Looking for a volunteer")
    REFERRED = "referred", _("Referred to a partner")
    SUPPORT_STARTED = "support_started", _("Support started")
    CLOSED = "closed", _("Closed")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    CLOSED_WITHOUT_SUPPORT = "closed_without_support", _("Closed without support")


OPEN = frozenset({State.SUBMITTED, State.TRIAGE, State.MATCHING, State.REFERRED, State.SUPPORT_STARTED})
WAITING = frozenset({State.SUBMITTED, State.TRIAGE, State.MATCHING, State.REFERRED})  # no support yet
HANDLED = frozenset({State.SUPPORT_STARTED, State.CLOSED})

# (source, target) → why the edge exists. Nothing else is allowed.
TRANSITIONS: dict[tuple[State, State], str] = {
    (State.SUBMITTED, State.TRIAGE): "a coordinator takes the request up",
    (State.TRIAGE, State.MATCHING): "simple, practical help: look for a volunteer",
    (State.TRIAGE, State.REFERRED): "complex help: refer to one or more partner organisations",
    (State.MATCHING, State.TRIAGE): "no volunteer accepted (declined or expired): the coordinator looks again",
    (State.MATCHING, State.SUPPORT_STARTED): "a volunteer accepted the match: the support has started",
    (State.REFERRED, State.SUPPORT_STARTED): "a partner accepted the referral and started the support",
    (State.REFERRED, State.TRIAGE): "no referral is open any more (declined or withdrawn): back to the coordinator",
    (State.SUPPORT_STARTED, State.CLOSED): "the support track has ended with an outcome (support_end)",
    # Once support has started the supporter closes the track; withdrawing is for a request still waiting.
    **{(source, State.WITHDRAWN): "the help seeker withdrew the request" for source in WAITING},
    **{(source, State.CLOSED_WITHOUT_SUPPORT): "closed with a reason before any support started" for source in WAITING},
}


def allowed(source: str, target: str) -> bool:
    return (source, target) in TRANSITIONS


def sources_of(target: State) -> list[State]:
    return [source for (source, to) in TRANSITIONS if to == target]


# -- the support track: its own process, inside a request that is ``support_started`` ------------------------
class TrackState(models.TextChoices):
    STARTED = "started", _("Started")  # a partner or volunteer accepted
    UNDER_WAY = "under_way", _("Under way")  # the first meeting with the help seeker took place
    ENDED = "ended", _("Ended")


class Outcome(models.TextChoices):
    HELPED = "helped", _("Helped")
    PARTLY = "partly", _("Partly helped")
    NOT_HELPED = "not_helped", _("Not helped")
    UNREACHABLE = "unreachable", _("The person could not be reached")
    STOPPED = "stopped", _("The person stopped")
    REFERRED_ON = "referred_on", _("Referred on to another organisation")


# Outcomes that can be recorded without a first meeting: there was nobody to meet.
WITHOUT_MEETING = frozenset({Outcome.UNREACHABLE, Outcome.STOPPED})
# Outcomes that need a word of explanation from the supporter.
NEEDS_NOTE = frozenset({Outcome.NOT_HELPED, Outcome.PARTLY})

TRACK_TRANSITIONS: dict[tuple[TrackState, TrackState], str] = {
    (TrackState.STARTED, TrackState.UNDER_WAY): "the supporter recorded the first meeting with the help seeker",
    (TrackState.UNDER_WAY, TrackState.ENDED): "the support ended with an outcome (helped, partly, not helped, …)",
    (TrackState.STARTED, TrackState.ENDED): (
        "ended before any meeting: the person could not be reached or stopped, or the volunteer's match stopped "
        "(a coordinator then closes the request with the outcome)"
    ),
}


def track_allowed(source: str, target: str) -> bool:
    return (source, target) in TRACK_TRANSITIONS
