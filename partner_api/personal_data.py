"""The partner API's own records hold no personal data of a help seeker or volunteer (see ``leuvenhelpt/register.py``).

A client belongs to an organisation and acts through a system account (no person behind it); a token is
stored as a digest only. What the API reads and writes about help seekers is the requests' own data, and every
read is in the access log."""

from leuvenhelpt.register import Holding

HOLDINGS = [
    Holding(
        model="partner_api.ApiClient",
        subject=None,
        not_personal=("id", "organization", "name", "account", "created_at"),
    ),
    Holding(
        model="partner_api.ApiToken",
        subject=None,
        # created_by: the administrator who made it (staff data, like the outbox's and the timeline's actors).
        not_personal=(
            "id",
            "client",
            "prefix",
            "scopes",
            "created_at",
            "created_by",
            "expires_at",
            "revoked_at",
            "last_used_at",
        ),
        secret=("digest",),
    ),
]
HOLDINGS += [
    # Webhooks carry ids only (no personal data); the endpoint belongs to an organisation.
    Holding(
        model="partner_api.WebhookEndpoint",
        subject=None,
        not_personal=("id", "organization", "url", "is_active", "created_at"),
        secret=("secret",),
    ),
    Holding(
        model="partner_api.WebhookDelivery",
        subject=None,
        not_personal=(
            "id",
            "endpoint",
            "message_id",
            "event_id",
            "event_type",
            "attempt",
            "at",
            "status_code",
            "duration_ms",
            "error",
        ),
    ),
]
