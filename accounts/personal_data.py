"""Personal data in accounts (see ``leuvenhelpt/register.py``)."""

from django.db.models import CharField, Value
from django.db.models.functions import Cast, Concat

from leuvenhelpt.register import Holding

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
    # The link to itsme / the eID (allauth's table, accounts.fas): the identifier is a keyed hash of the national
    # register number (never the number), kept secret; what is stored besides is whether FAS verified the
    # address and the level of assurance. Erasing the account deletes the link (privacy.retention).
    Holding(
        model="socialaccount.SocialAccount",
        subject="user",
        path="user",
        personal=("provider", "last_login", "date_joined", "extra_data"),
        not_personal=("id", "user"),
        secret=("uid",),
    ),
    # FAS's access and refresh tokens: never stored (SOCIALACCOUNT_STORE_TOKENS is off); declared all the same.
    Holding(
        model="socialaccount.SocialToken",
        subject="user",
        path="account__user",
        personal=("expires_at",),
        not_personal=("id", "app", "account"),
        secret=("token", "token_secret"),
    ),
    # A provider's client configuration (FAS comes from the environment, so this table stays empty).
    Holding(
        model="socialaccount.SocialApp",
        subject=None,
        not_personal=("id", "provider", "provider_id", "name", "client_id", "secret", "key", "settings"),
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
