"""Personal data in accounts (see ``privacy/registry.py``)."""

from django.db.models import CharField, Value
from django.db.models.functions import Cast, Concat

from privacy.registry import Holding

HOLDINGS = [
    Holding(
        model="accounts.User",
        subject="user",
        personal=("email", "full_name", "preferred_language", "phone", "last_login", "date_joined", "groups"),
        # The address must stay unique: an erased account gets one that cannot receive mail.
        erase={
            "email": Concat(Value("erased-"), Cast("id", CharField()), Value("@invalid.invalid")),
            "full_name": "",
            "phone": "",
        },
        not_personal=("id", "is_superuser", "is_staff", "is_active", "user_permissions", "system_account"),
        secret=("password",),
    ),
    Holding(
        model="accounts.Membership",
        subject="user",
        path="user",
        personal=("organization", "role", "job_title", "since"),
        erase={"job_title": ""},
        not_personal=("id", "user"),
    ),
    # The user's own sign-in sessions (/mijn/sessies/): device and network prefix, never the full address.
    Holding(
        model="accounts.UserSession",
        subject="user",
        path="user",
        personal=("user_agent", "ip_prefix", "started_at", "last_seen_at"),
        not_personal=("id", "user"),
        secret=("session_key",),
    ),
    # An organisation's own contact details are not a person's.
    Holding(
        model="accounts.Organization",
        subject=None,
        not_personal=(
            "id",
            "name",
            "slug",
            "kind",
            "email",
            "phone",
            "address",
            "website",
            "is_active",
            "group",
            "members",
        ),
    ),
]
