"""Personal data in privacy's own records (see ``leuvenhelpt/register.py``).

The access log and consents are never erased: they prove who read what and what was agreed. They hold no
content, and once the person is erased they point to an anonymous person.
"""

from leuvenhelpt.register import Holding

HOLDINGS = [
    Holding(
        model="privacy.AccessLog",
        subject="person",
        path="person",
        # Who read it is shown as organisation and role; the staff member's name is staff data.
        personal=("at", "actor_kind", "actor_role", "actor_organisation", "category", "purpose", "reference"),
        # A row about a volunteer points to their account instead (``subject_user``); such rows hold no content.
        not_personal=("id", "actor_id", "actor_name", "person", "subject_user", "request_id"),
    ),
    Holding(
        model="privacy.Consent",
        subject="person",
        path="person",
        personal=("purpose", "recipients", "wording", "wording_version", "channel", "given_at", "withdrawn_at"),
        not_personal=("id", "person", "help_request", "recorded_by", "withdrawn_by"),
    ),
    Holding(
        model="privacy.ErasureRequest",
        subject="person",
        path="person",
        personal=("filed_at", "message", "status", "decided_at", "decision_reason"),
        erase={"message": ""},
        not_personal=("id", "person", "filed_by", "citizen", "decided_by"),
    ),
]
