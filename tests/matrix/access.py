"""The outcomes and helpers every permission-matrix table uses."""

from dataclasses import dataclass, field

from accounts.roles import Role

OK, LOGIN, FORBIDDEN, NOT_FOUND, REDIRECT = "ok", "login", "forbidden", "not_found", "redirect"
NOT_ALLOWED = "not_allowed"
ROLES: list[str | None] = [None, *Role.values]


@dataclass(frozen=True)
class Access:
    outcome: dict[str | None, str]
    kwargs: dict = field(default_factory=dict)
    # Some URLs need data (an object id, a token): a fixture name that builds it.
    setup: str | None = None


def everyone(**kw) -> Access:
    return Access({role: OK for role in ROLES}, **kw)


def post_only(**kw) -> Access:
    """A POST-only URL: GET answers 405 to everyone."""
    return Access({role: NOT_ALLOWED for role in ROLES}, **kw)


def signed_in(*roles: str, **kw) -> Access:
    """Only these roles (all signed-in users when none are named); anonymous visitors must sign in."""
    allowed = set(roles or Role.values)
    return Access({role: LOGIN if role is None else (OK if role in allowed else FORBIDDEN) for role in ROLES}, **kw)


def anonymous_only(**kw) -> Access:
    """Pages for signing in or up: signed-in users are sent on."""
    return Access({role: OK if role is None else REDIRECT for role in ROLES}, **kw)


def staff_admin() -> Access:
    """Django's admin: only the admin role (is_staff); everyone else goes to the admin's sign-in."""
    return Access({role: OK if role == Role.ADMIN else REDIRECT for role in ROLES})


__all__ = [
    "ROLES",
    "OK",
    "LOGIN",
    "FORBIDDEN",
    "NOT_FOUND",
    "REDIRECT",
    "NOT_ALLOWED",
    "Role",
    "Access",
    "everyone",
    "post_only",
    "signed_in",
    "anonymous_only",
    "staff_admin",
]
