"""The help request's and the referral's states and every allowed edge, each with its action and reason.

A request counts as handled only once a support track has started: ``support_started`` (and
``closed`` after it). It is reached only from ``referred`` through a referral that a partner
accepted, or from ``matching`` through a volunteer match that was accepted — never because a
request was passed on. ``tests/requests_app/test_workflow.py`` walks every (source, target) pair,
``tests/requests_app/test_referral_workflow.py`` every (status, action) pair of a referral.
The shape of the tables is ``leuvenhelpt.workflow``.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from leuvenhelpt.workflow import Edge, Workflow, fan_in


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

# The help request. Each fsm transition of ``HelpRequest`` is the action of the same name (``_take_up`` is
# ``take_up``); the actions that keep the state are taken by services without an fsm transition.
HELP_REQUEST = Workflow(
    "help request",
    field="state",
    states=State.values,
    edges=[
        Edge(State.SUBMITTED, "take_up", State.TRIAGE, "a coordinator takes the request up"),
        Edge(State.TRIAGE, "route_to_volunteers", State.MATCHING, "simple, practical help: look for a volunteer"),
        Edge(State.MATCHING, "propose_volunteer", State.MATCHING, "a coordinator proposes the request to a volunteer"),
        Edge(
            State.MATCHING,
            "matching_failed",
            State.TRIAGE,
            "no volunteer accepted (declined or expired): the coordinator looks again",
        ),
        Edge(State.TRIAGE, "refer", State.REFERRED, "complex help: refer to one or more partner organisations"),
        Edge(State.REFERRED, "refer", State.REFERRED, "one more partner organisation is asked as well"),
        Edge(
            State.REFERRED,
            "referrals_ended",
            State.TRIAGE,
            "no referral is open any more (declined or withdrawn): back to the coordinator",
        ),
        Edge(
            State.MATCHING,
            "start_volunteer_support",
            State.SUPPORT_STARTED,
            "a volunteer accepted the match: the support has started",
        ),
        Edge(
            State.REFERRED,
            "start_partner_support",
            State.SUPPORT_STARTED,
            "a partner accepted the referral and started the support",
        ),
        Edge(State.SUPPORT_STARTED, "close", State.CLOSED, "the support track has ended with an outcome (support_end)"),
        # Once support has started the supporter closes the track; withdrawing is for a request still waiting.
        *fan_in(WAITING, "withdraw", State.WITHDRAWN, "the help seeker withdrew the request"),
        *fan_in(
            WAITING,
            "close_without_support",
            State.CLOSED_WITHOUT_SUPPORT,
            "closed with a reason before any support started",
        ),
    ],
)

# (source, target) → why the edge exists, for the edges that change the state. Nothing else is allowed.
TRANSITIONS: dict[tuple[str, str], str] = HELP_REQUEST.transitions()


def allowed(state: str, action: str) -> bool:
    """Whether the help request's ``action`` may be taken in ``state``."""
    return HELP_REQUEST.allowed(state, action)


def can_move(source: str, target: str) -> bool:
    return HELP_REQUEST.can_move(source, target)


def sources_of(target: State) -> list[State]:
    return [State(source) for (source, to) in TRANSITIONS if to == target]


class ReferralStatus(models.TextChoices):
    PROPOSED = "proposed", _("Waiting for an answer")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    WITHDRAWN = "withdrawn", _("Withdrawn")


# A referral: the partner answers once; until then the coordinator (or another partner accepting) may end it.
REFERRAL = Workflow(
    "referral",
    field="status",
    states=ReferralStatus.values,
    edges=[
        Edge(
            ReferralStatus.PROPOSED,
            "accept",
            ReferralStatus.ACCEPTED,
            "the partner takes the help on: the support track starts with them",
        ),
        Edge(
            ReferralStatus.PROPOSED,
            "decline",
            ReferralStatus.DECLINED,
            "the partner cannot help (no capacity, not eligible, outside the area), with a reason",
        ),
        Edge(
            ReferralStatus.PROPOSED,
            "withdraw",
            ReferralStatus.WITHDRAWN,
            "the coordinator withdrew it, another partner accepted first, or the request ended",
        ),
        Edge(
            ReferralStatus.PROPOSED,
            "escalate",
            ReferralStatus.PROPOSED,
            "not answered within three working days: the coordinators are told",
        ),
    ],
)


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

# The support track: started when a partner or volunteer accepts, under way from the first meeting, ended
# with an outcome. Progress notes are written while it runs.
_NOTE_REASON = "the supporter notes how the support goes (internal: the organisation and the coordinators)"
SUPPORT_TRACK = Workflow(
    "support track",
    field="status",
    states=TrackState.values,
    edges=[
        Edge(
            TrackState.STARTED,
            "first_meeting",
            TrackState.UNDER_WAY,
            "the supporter recorded the first meeting with the help seeker",
        ),
        Edge(
            TrackState.UNDER_WAY,
            "end",
            TrackState.ENDED,
            "the support ended with an outcome (helped, partly, not helped, …)",
        ),
        Edge(
            TrackState.STARTED,
            "end",
            TrackState.ENDED,
            "ended before any meeting: the person could not be reached or stopped, or the volunteer's match stopped "
            "(a coordinator then closes the request with the outcome)",
        ),
        Edge(TrackState.STARTED, "note", TrackState.STARTED, _NOTE_REASON),
        Edge(TrackState.UNDER_WAY, "note", TrackState.UNDER_WAY, _NOTE_REASON),
    ],
)
