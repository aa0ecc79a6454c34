"""Signed-in sessions for the benchmarks: staff pages need a session that passed the second factor."""

import time


def passed_second_factor(session, user) -> None:
    """Mark ``session`` (not yet saved) as signed in with TOTP, as after entering the code."""
    from allauth.account.internal.flows.login import (
        _AUTHENTICATION_METHODS_USER_SESSION_KEY,
        AUTHENTICATION_METHODS_SESSION_KEY,
    )
    from allauth.account.internal.userkit import user_id_to_str

    session[AUTHENTICATION_METHODS_SESSION_KEY] = [{"method": "mfa", "at": time.time(), "type": "totp"}]
    session[_AUTHENTICATION_METHODS_USER_SESSION_KEY] = user_id_to_str(user)


def sign_in(client, user) -> None:
    """``client.force_login(user)`` with the second factor passed."""
    client.force_login(user)
    session = client.session
    passed_second_factor(session, user)
    session.save()
