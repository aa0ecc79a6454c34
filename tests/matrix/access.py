"""The outcomes and helpers every permission-matrix table uses."""

from dataclasses import dataclass, field

from accounts.roles import Role

OK, LOGIN, FORBIDDEN, NOT_FOUND, REDIRECT = "ok", "login", "forbidden", "not_found", "redirect"
NOT_ALLOWED = "not_allowed"
UNAUTHORIZED = "unauthorized"  # 401: allauth's "third-party sign-in failed" page; the partner API without its token
ROLES: list[str | None] = [None, *Role.values]
EVERYONE = "everyone"  # post_only(EVERYONE): anonymous visitors included
SIGNED_IN = tuple(Role.values)  # post_only(*SIGNED_IN): every signed-in role


@dataclass(frozen=True)
class Access:
    outcome: dict[str | None, str]
    kwargs: dict = field(default_factory=dict)
    # Some URLs need data (an object id, a token): a fixture name that builds it.
    setup: str | None = None
    # POST-only URLs: the roles that may change something with it (their POSTs are tested in the app's tests).
    # Every other role's POST is refused (sign in, 403, 404 or 400) and changes nothing in the database
    # (test_post_changes_nothing). ``None`` for a URL that is not POST-only.
    post_by: frozenset[str | None] | None = None
    # How a signed-in role that may not post is refused, when it is not 403, 404 or 400 (e.g. REDIRECT: sent
    # back to its own page with "not found", as ending someone else's session does).
    refused_with: str | None = None
    # A page with a form that no role opens as such (it needs a profile): a fixture name giving a user who may.
    # The matrix reads the form as them and posts it filled in as every refused role.
    reader: str | None = None


def everyone(**kw) -> Access:
    return Access({role: OK for role in ROLES}, **kw)


def post_only(*by: str | None, **kw) -> Access:
    """A POST-only URL: GET answers 405 to everyone; only the roles ``by`` may change something with a POST
    (``EVERYONE`` for a public action, nothing for someone else's object)."""
    roles = frozenset(ROLES) if by == (EVERYONE,) else frozenset(by)
    return Access({role: NOT_ALLOWED for role in ROLES}, post_by=roles, **kw)


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
    "UNAUTHORIZED",
    "NOT_FOUND",
    "REDIRECT",
    "NOT_ALLOWED",
    "UNAUTHORIZED",
    "EVERYONE",
    "SIGNED_IN",
    "Role",
    "Access",
    "everyone",
    "post_only",
    "signed_in",
    "anonymous_only",
    "staff_admin",
]
