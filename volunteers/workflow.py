"""The volunteer's onboarding and the match: their states and every allowed edge, each with its action and reason.

The shape is ``leuvenhelpt.workflow``. Services move a profile or a match only through these tables
(``volunteers.services``), views pass their action flags from them, and templates ask ``{{ match|can:"accept" }}``.
``tests/volunteers/test_workflows.py`` tries every action in every state through the services.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from leuvenhelpt.workflow import Edge, Workflow, fan_in


class ProfileState(models.TextChoices):
    APPLIED = "applied", _("Applied")
    SCREENING = "screening", _("Screening")
    ACTIVE = "active", _("Active")
    PAUSED = "paused", _("Paused")
    STOPPED = "stopped", _("Stopped")


# Who takes an action is decided by the service that takes it (the volunteer or a coordinator).
ONBOARDING = Workflow(
    "volunteer onboarding",
    field="state",
    states=ProfileState.values,
    edges=[
        Edge(ProfileState.APPLIED, "start_screening", ProfileState.SCREENING, "a coordinator starts the screening"),
        Edge(
            ProfileState.SCREENING,
            "record_screening",
            ProfileState.ACTIVE,
            "a coordinator checked the document (extract of the criminal record): the volunteer can be matched",
        ),
        Edge(ProfileState.ACTIVE, "record_screening", ProfileState.ACTIVE, "a newer document renews the screening"),
        Edge(ProfileState.PAUSED, "record_screening", ProfileState.PAUSED, "a newer document renews the screening"),
        Edge(ProfileState.ACTIVE, "pause", ProfileState.PAUSED, "the volunteer takes a break until a date"),
        Edge(ProfileState.PAUSED, "pause", ProfileState.PAUSED, "the volunteer changes the end of the break"),
        Edge(ProfileState.PAUSED, "resume", ProfileState.ACTIVE, "the volunteer is available again"),
        *[
            Edge(state, "update", state, "the volunteer changes their preferences or availability")
            for state in (ProfileState.APPLIED, ProfileState.SCREENING, ProfileState.ACTIVE, ProfileState.PAUSED)
        ],
        *fan_in(
            (ProfileState.APPLIED, ProfileState.SCREENING, ProfileState.ACTIVE, ProfileState.PAUSED),
            "stop",
            ProfileState.STOPPED,
            "the volunteer stops (nothing open any more): preferences, availability and documents are removed",
        ),
    ],
)

MATCHABLE = frozenset({ProfileState.ACTIVE, ProfileState.PAUSED})  # paused: again once the pause has passed
AWAITING_SCREENING = frozenset({ProfileState.APPLIED, ProfileState.SCREENING})  # signed up, not screened yet


class MatchStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    EXPIRED = "expired", _("Expired")
    COMPLETED = "completed", _("Completed")
    CANCELLED = "cancelled", _("Cancelled")


MATCH = Workflow(
    "match",
    field="status",
    states=MatchStatus.values,
    edges=[
        Edge(
            MatchStatus.PROPOSED,
            "accept",
            MatchStatus.ACCEPTED,
            "the volunteer said yes in time, with room for one more match: the support starts",
        ),
        Edge(MatchStatus.PROPOSED, "decline", MatchStatus.DECLINED, "the volunteer said no, with a reason"),
        Edge(MatchStatus.PROPOSED, "expire", MatchStatus.EXPIRED, "no answer within 48 hours"),
        Edge(
            MatchStatus.PROPOSED,
            "cancel",
            MatchStatus.CANCELLED,
            "a coordinator withdrew the proposal, or another volunteer accepted first",
        ),
        Edge(
            MatchStatus.ACCEPTED,
            "record_session",
            MatchStatus.ACCEPTED,
            "the volunteer helped once (date and hours); the first session is the first meeting",
        ),
        Edge(
            MatchStatus.ACCEPTED,
            "complete",
            MatchStatus.COMPLETED,
            "the support ends: the volunteer says how it went (an outcome), with the last hours",
        ),
        Edge(
            MatchStatus.ACCEPTED,
            "cancel",
            MatchStatus.CANCELLED,
            "a coordinator stopped the match (e.g. the volunteer fell ill, the help is no longer needed)",
        ),
        Edge(MatchStatus.ACCEPTED, "hand_back", MatchStatus.CANCELLED, "the volunteer can no longer help"),
    ],
)

OPEN_MATCH = tuple(MATCH.sources("cancel"))  # proposed or accepted: still counts against the volunteer
