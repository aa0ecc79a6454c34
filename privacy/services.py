"""Writing the access log. Views that show a person's data to staff call ``access_record``."""

import uuid

from accounts.models import User
from accounts.roles import Role
from privacy.models import AccessLog

# The role that explains a read best, when a user has several.
_ROLE_ORDER = [Role.CASEWORKER, Role.COORDINATOR, Role.KCC_AGENT, Role.VOLUNTEER, Role.DPO, Role.ADMIN]


def _request_id(request) -> str:
    if not hasattr(request, "_access_log_id"):
        request._access_log_id = request.headers.get("X-Request-ID", "")[:32] or uuid.uuid4().hex
    return request._access_log_id


def access_record(
    *, request, person_id: int, categories: list[str], purpose: str, reference: str = "", organisation: str = ""
) -> None:
    """One append-only row per category read (one query for all of them)."""
    user: User = request.user
    role = next((r for r in _ROLE_ORDER if user.has_role(r)), "")
    if not organisation:
        membership = user.memberships.select_related("organization").first()
        organisation = membership.organization.name if membership else ""
    AccessLog.objects.bulk_create(
        [
            AccessLog(
                actor_id=user.pk,
                actor_name=user.full_name or user.email,
                actor_role=role,
                actor_organisation=organisation,
                person_id=person_id,
                category=category,
                purpose=purpose,
                reference=reference,
                request_id=_request_id(request),
            )
            for category in categories
        ]
    )
