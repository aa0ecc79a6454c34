"""Personal data in the volunteers app (see ``leuvenhelpt/register.py``).

Two kinds of people: the volunteer (their profile, availability, screening and matches, reached through
their account) and the help seeker (the task written for their request, erased with it). A help seeker's
address and phone are not copied here: a volunteer reads them from the request while the match allows it
(staged disclosure, hidden again 14 days after the match ends — ``Match.shows_contact_details``).
"""

from leuvenhelpt.register import Holding

HOLDINGS = [
    Holding(
        model="volunteers.VolunteerProfile",
        subject="user",
        path="user",
        personal=(
            "state",
            "task_types",
            "languages",
            "areas",
            "transport",
            "commitment",
            "max_active_matches",
            "pause_until",
            "law_consent_at",
            "screening_valid_until",
            "created_at",
        ),
        not_personal=(
            "id",
            "user",
            "screening_reminded_at",
            "availability_updated_at",
            "last_asked_at",
            "last_active_at",
            "declines_in_a_row",
            "updated_at",
        ),
    ),
    Holding(
        model="volunteers.AvailabilitySlot",
        subject="user",
        path="profile__user",
        personal=("weekday", "start", "end"),
        not_personal=("id", "profile"),
    ),
    Holding(
        model="volunteers.Screening",
        subject="user",
        path="profile__user",
        personal=("kind", "document_date", "checked_at", "note"),
        erase={"note": ""},
        not_personal=("id", "profile", "checked_by"),
    ),
    # The task a coordinator wrote for the volunteer: about the help seeker's request, erased with it.
    Holding(
        model="volunteers.VolunteerTask",
        subject="person",
        path="request__person",
        request="request",
        personal=(
            "task_type",
            "area",
            "language",
            "regular",
            "on",
            "weekday",
            "valid_from",
            "valid_until",
            "start",
            "end",
            "summary",
        ),
        erase={"summary": ""},
        not_personal=("id", "request", "updated_at"),
    ),
    # A match is the volunteer's history (their download lists it); its free texts go with the request.
    Holding(
        model="volunteers.Match",
        subject="user",
        path="volunteer__user",
        request="request",
        personal=(
            "status",
            "proposed_at",
            "expires_at",
            "answered_at",
            "accepted_at",
            "decline_reason",
            "decline_note",
            "ended_at",
            "outcome",
            "hours",
            "cancelled_by_coordinator",
        ),
        erase={"decline_note": "", "outcome": ""},
        not_personal=("id", "request", "volunteer", "proposed_by", "then_ask_next", "why"),
    ),
    # A session is part of the volunteer's history: when they helped and for how long.
    Holding(
        model="volunteers.MatchSession",
        subject="user",
        path="match__volunteer__user",
        request="match__request",
        personal=("on", "hours", "created_at"),
        not_personal=("id", "match"),
    ),
]
