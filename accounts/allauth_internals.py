"""The only module that imports django-allauth's internal API (``allauth.*.internal``).

allauth has no public API for these few things, and its internals may move in any release. Keeping them here
means an upgrade breaks one module, which ``tests/security/test_allauth_internals.py`` exercises function by
function: when that test fails after an upgrade, fix this module and nothing else.

- which ways the current session proved who it is (password, second factor), and recording a second factor
  proved outside allauth's own views (setting up TOTP);
- a TOTP code for a secret (the demo accounts' documented code);
- marking a session as past the second factor, activating TOTP or recovery codes, and letting a used code be
  used again (tests and benchmarks sign staff in without typing a code).
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
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value
from django.core.cache import cache
from django.http import HttpRequest

__all__ = [
    "allauth_ratelimit",
    "activate_recovery_codes",
    "activate_totp",
    "authentication_records",
    "forget_used_totp_code",
    "mark_second_factor_passed",
    "record_second_factor",
    "totp_code",
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
