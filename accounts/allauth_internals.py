"""The only module that imports django-allauth's internal API (``allauth.*.internal``).

allauth has no public API for these few things, and its internals may move in any release. Keeping them here
means an upgrade breaks one module, which ``tests/security/test_allauth_internals.py`` exercises function by
function: when that test fails after an upgrade, fix this module and nothing else.

- which ways the current session proved who it is (password, second factor), and recording a second factor
  proved outside allauth's own views (setting up TOTP);
- a TOTP code for a secret (the demo accounts' documented code);
- marking a session as past the second factor, activating TOTP or recovery codes, and letting a used code be
  used again (tests and benchmarks sign staff in without typing a code);
- for the sign-in with itsme or the eID (``accounts.fas``): checking an ID token's signature against the
  provider's published keys (allauth's JWT kit), and allauth's OAuth2 callback view handing the state it
  verified to the adapter, so the adapter can compare the ID token's nonce with the one sent.
"""

import time

from allauth.account.internal.flows.login import (
    _AUTHENTICATION_METHODS_USER_SESSION_KEY,
    AUTHENTICATION_METHODS_SESSION_KEY,
    get_authentication_records,
    record_authentication,
)
from allauth.account.internal.userkit import user_id_to_str
from allauth.core.internal import ratelimit as allauth_ratelimit
from allauth.core.internal.deferred import jwt as allauth_jwt
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value
from allauth.socialaccount.internal import jwtkit
from allauth.socialaccount.providers.oauth2.client import OAuth2Error
from allauth.socialaccount.providers.oauth2.views import OAuth2CallbackView
from django.core.cache import cache
from django.http import HttpRequest

__all__ = [
    "ID_TOKEN_ALGORITHMS",
    "StateKeepingCallbackView",
    "allauth_ratelimit",
    "activate_recovery_codes",
    "activate_totp",
    "authentication_records",
    "forget_used_totp_code",
    "mark_second_factor_passed",
    "record_second_factor",
    "totp_code",
    "verify_id_token",
]


def authentication_records(request: HttpRequest) -> list[dict]:
    """How the session's user proved who they are, oldest first (each a dict with at least ``method``)."""
    return list(get_authentication_records(request, request.user))


def record_second_factor(request: HttpRequest, user, *, authenticator_type: str, authenticator_id: int) -> None:
    """Record in the session that ``user`` just proved a second factor (as allauth does after a code)."""
    record_authentication(request, user, method="mfa", type=authenticator_type, id=authenticator_id)


def totp_code(secret: str, at: float | None = None) -> str:
    """The six-digit TOTP code of ``secret`` at Unix time ``at`` (default: now), 30-second periods."""
    return format_hotp_value(hotp_value(secret, int(at if at is not None else time.time()) // 30))


def mark_second_factor_passed(session, user) -> None:
    """Mark ``session`` (not yet saved) as signed in by ``user`` with TOTP, as after entering the code."""
    session[AUTHENTICATION_METHODS_SESSION_KEY] = [{"method": "mfa", "at": time.time(), "type": "totp"}]
    session[_AUTHENTICATION_METHODS_USER_SESSION_KEY] = user_id_to_str(user)


def activate_totp(user, secret: str):
    """Give ``user`` a TOTP authenticator with ``secret`` (tests; the demo seeds its own row)."""
    return TOTP.activate(user, secret)


def activate_recovery_codes(user) -> list[str]:
    """Give ``user`` recovery codes and return the unused ones (tests)."""
    return RecoveryCodes.activate(user).get_unused_codes()


def forget_used_totp_code(authenticator, code: str) -> None:
    """Let ``code`` be used again (allauth refuses a code twice in its period; browser tests sign in often)."""
    cache.delete(TOTP(authenticator)._get_used_cache_key(code))


# The signature algorithms an ID token may use: asymmetric only (a token "signed" with HS256 using the public
# key as the secret, or with "none", is refused before any key is looked at).
ID_TOKEN_ALGORITHMS = frozenset({"RS256", "PS256", "ES256"})


def verify_id_token(id_token: str, *, keys_url: str, issuer: str, audience: str) -> dict:
    """The claims of ``id_token`` after checking its signature with the key (``kid``) published at
    ``keys_url``, its issuer, audience and expiry; a used ``jti`` is refused. Raises ``OAuth2Error``.

    allauth itself skips the signature of an ID token that came straight from the token endpoint (the
    specification allows it over TLS); the FAS sign-in checks it always."""
    try:
        algorithm = allauth_jwt.get_unverified_header(id_token).get("alg")
    except allauth_jwt.PyJWTError as error:
        raise OAuth2Error("Invalid id_token") from error
    if algorithm not in ID_TOKEN_ALGORITHMS:
        raise OAuth2Error("Invalid id_token algorithm")
    return jwtkit.verify_and_decode(
        credential=id_token,
        keys_url=keys_url,
        issuer=issuer,
        audience=audience,
        lookup_kid=jwtkit.lookup_kid_jwk,
        verify_signature=True,
    )


class StateKeepingCallbackView(OAuth2CallbackView):
    """allauth's OAuth2 callback view, which also gives the adapter the state it found for the callback's
    ``state`` parameter (``adapter.state``; ``None`` when unknown or used) before the code is exchanged."""

    def _get_state(self, request, provider):
        state, response = super()._get_state(request, provider)
        self.adapter.state = state
        return state, response
