"""Every write on API clients and tokens (the admin and ``manage.py api_token`` call these)."""

import hashlib
import hmac
import secrets
from datetime import datetime, timedelta

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from accounts.models import Organization, User
from accounts.roles import Role
from accounts.services import membership_add, user_set_roles
from partner_api.models import ApiClient, ApiToken, Scope

TOKEN_PREFIX = "lh_"  # noqa: S105  # nosec B105 - the public start of every token, not a secret
DEFAULT_DAYS = 365
# last_used_at is written at most this often per token (not one write per API call).
LAST_USED_RESOLUTION = timedelta(minutes=1)


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


@transaction.atomic
def api_client_create(*, organization: Organization, name: str) -> ApiClient:
    """A client of the organisation with its system account: a caseworker member that cannot sign in."""
    client = ApiClient(organization=organization, name=name.strip())
    client.full_clean(exclude=["account"])
    account = User(
        email=f"api-{organization.slug}-{secrets.token_hex(4)}@api-client.invalid",
        full_name=f"API: {organization.name} – {client.name}"[:150],
        system_account=True,
        # No password can match this (allauth and the admin refuse to sign it in).
        password=make_password(None),
    )
    account.save()
    user_set_roles(user=account, roles=[Role.CASEWORKER])
    membership_add(user=account, organization=organization, role=Role.CASEWORKER, job_title="API")
    client.account = account
    client.save()
    return client


@transaction.atomic
def api_token_create(
    *,
    client: ApiClient,
    scopes: list[str],
    expires_at: datetime | None = None,
    created_by: User | None = None,
) -> tuple[ApiToken, str]:
    """A new token: (the row, the token in clear). The clear token is returned once and never stored."""
    unknown = set(scopes) - set(Scope.values)
    if unknown or not scopes:
        raise ValueError(f"scopes must be some of {Scope.values}, not {sorted(unknown) or 'none'}")
    now = timezone.now()
    expires_at = expires_at or now + timedelta(days=DEFAULT_DAYS)
    if expires_at <= now:
        raise ValueError("a token must expire in the future")
    prefix = secrets.token_hex(4)
    secret = secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        client=client,
        prefix=prefix,
        digest=_digest(secret),
        scopes=sorted(set(scopes)),
        created_at=now,
        created_by=created_by,
        expires_at=expires_at,
    )
    return token, f"{TOKEN_PREFIX}{prefix}_{secret}"


def api_token_revoke(*, token: ApiToken) -> bool:
    """Revoke the token now (False when it was revoked already). A revoked token is refused on its next call."""
    return bool(ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(revoked_at=timezone.now()))


def api_token_check(raw: str) -> tuple[ApiToken | None, str]:
    """The token behind an ``Authorization: Bearer`` value, and why not when it is refused:
    (token, "") or (None, "invalid" | "expired" | "revoked"). Compares digests in constant time."""
    if not raw.startswith(TOKEN_PREFIX) or raw.count("_") < 2:
        return None, "invalid"
    prefix, _, secret = raw[len(TOKEN_PREFIX) :].partition("_")
    token = (
        ApiToken.objects.select_related("client__organization", "client__account").filter(prefix=prefix).first()
        if len(prefix) == 8
        else None
    )
    if token is None or not hmac.compare_digest(token.digest, _digest(secret)):
        return None, "invalid"
    if token.revoked_at is not None:
        return None, "revoked"
    now = timezone.now()
    if token.expires_at <= now:
        return None, "expired"
    if token.last_used_at is None or token.last_used_at < now - LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token, ""
