"""Permission-matrix rows for signing in with itsme / the eID (allauth's social accounts, ``accounts.fas``).

Without FAS_CLIENT_ID (as in these tests) the provider has no app: its login and callback are 404 for everyone.
The flow with a provider is tested in tests/accounts_fas/test_fas_sign_in.py."""

from tests.matrix.access import LOGIN, NOT_FOUND, ROLES, UNAUTHORIZED, Access, everyone, signed_in

MATRIX: dict[str, Access] = {
    "fas_login": Access({role: NOT_FOUND for role in ROLES}, kwargs={"provider_id": "fas"}),
    "fas_callback": Access({role: NOT_FOUND for role in ROLES}, kwargs={"provider_id": "fas"}),
    # The accounts linked to one's own account (itsme / eID), with "remove".
    "socialaccount_connections": signed_in(),
    "socialaccount_login_cancelled": everyone(),
    # allauth's "sign-in did not work" page answers 401 to everyone.
    "socialaccount_login_error": Access({role: UNAUTHORIZED for role in ROLES}),
    # Only in the middle of a social sign-up, which is closed: everyone is sent to the sign-in page.
    "socialaccount_signup": Access({role: LOGIN for role in ROLES}),
}
