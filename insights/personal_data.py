"""The insights summary holds counts per day, never a person (see ``leuvenhelpt/register.py``)."""

from leuvenhelpt.register import Holding

HOLDINGS = [
    Holding(
        model="insights.RequestDay",
        subject=None,
        not_personal=(
            "id",
            "day",
            "channel",
            "route",
            "outcome",
            "handoffs",
            "requests",
            "handoff_total",
            "contact_missed",
        ),
    ),
    Holding(model="insights.NeedDay", subject=None, not_personal=("id", "day", "need", "handled", "requests")),
    Holding(
        model="insights.WaitDay",
        subject=None,
        not_personal=("id", "day", "route", "partner_id", "measure", "hours", "requests"),
    ),
    Holding(
        model="insights.ReferralDay",
        subject=None,
        not_personal=("id", "day", "partner_id", "status", "reason", "referrals"),
    ),
    Holding(
        model="insights.MatchDay",
        subject=None,
        not_personal=("id", "day", "status", "reason", "accepted", "matches", "hours"),
    ),
    Holding(model="insights.SummaryRun", subject=None, not_personal=("id", "refreshed_at", "days", "full")),
    Holding(model="insights.ContactPoint", subject=None, not_personal=("id", "name", "is_this_portal", "active")),
]
