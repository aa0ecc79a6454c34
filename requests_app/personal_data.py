"""Personal data in help requests (see ``leuvenhelpt/register.py``).

Erased: names, contact details (phone, e-mail, the postal address but its postcode), date of birth and every
free text. Kept after erasure: needs, states, channel, urgency, postcode, language, the preferred channel and times — what the statistics count, no longer tied to anyone.
"""

from django.db.models import CharField, Value
from django.db.models.functions import Cast, Concat

from leuvenhelpt.register import Holding

HOLDINGS = [
    Holding(
        model="requests_app.HelpRequest",
        subject="person",
        path="person",
        request="",
        personal=(
            "reference",
            "channel",
            "description",
            "urgency",
            "contact_way",
            "contact_time",
            "product_key",
            "contact_consent_at",
            "on_behalf_consent",
            "state",
            "created_at",
            "first_contact_at",
            "first_contact_due_at",
            "first_contact_warned_at",
            "first_contact_missed_at",
            "support_started_at",
            "closed_at",
            "close_reason",
            "attention_since",
        ),
        erase={"description": "", "contact_time": "", "on_behalf_consent": "", "close_reason": ""},
        # follows_up: a link between two requests of the same person, no data of its own.
        not_personal=("id", "person", "submitted_by", "assigned_to", "updated_at", "anonymised_at", "follows_up"),
    ),
    Holding(
        model="requests_app.RequestNeed",
        subject="person",
        path="request__person",
        request="request",
        personal=("need",),
        not_personal=("id", "request"),
    ),
    # Internal notes are written by staff about the request; the download holds the public timeline,
    # internal notes are given on a request to the DPO (who weighs other people's rights).
    Holding(
        model="requests_app.TimelineEvent",
        subject="person",
        path="request__person",
        request="request",
        personal=("at", "kind", "from_state", "to_state", "note"),
        erase={"note": ""},
        not_personal=("id", "request", "actor", "public"),
        export_filter={"public": True},
    ),
    Holding(
        model="requests_app.Referral",
        subject="person",
        path="request__person",
        request="request",
        personal=("organization", "status", "note", "reason", "reason_note", "created_at", "answered_at"),
        erase={"note": "", "reason_note": ""},
        not_personal=("id", "request", "created_by", "answered_by", "escalated_at"),
    ),
    Holding(
        model="requests_app.SupportTrack",
        subject="person",
        path="request__person",
        request="request",
        personal=(
            "organization",
            "contact_person",
            "status",
            "started_on",
            "first_meeting_on",
            "ended_on",
            "outcome_kind",
            "outcome",
            "referred_on_to",
        ),
        erase={"outcome": ""},
        # The volunteer's account is the volunteer's data, not the help seeker's.
        not_personal=("id", "request", "referral", "volunteer", "created_at"),
    ),
    Holding(
        model="requests_app.Notification",
        subject="person",
        path="event__request__person",
        request="event__request",
        personal=("recipient", "sent_at"),
        # Unique per event: each erased row gets its own address that cannot receive mail.
        erase={"recipient": Concat(Value("erased-"), Cast("id", CharField()), Value("@invalid.invalid"))},
        not_personal=("id", "event"),
    ),
    # "Did you get the help you needed?": the answer and the comment are the help seeker's own words.
    Holding(
        model="requests_app.FollowUpQuestion",
        subject="person",
        path="request__person",
        request="request",
        personal=("moment", "channel", "created_at", "sent_at", "answer", "comment", "answered_at"),
        # The channel says how the person was reached (an address-like fact): gone with the comment.
        erase={"comment": "", "channel": ""},
        not_personal=("id", "request"),
    ),
]
