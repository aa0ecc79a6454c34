"""Signed-in sessions for the benchmarks: staff pages need a session that passed the second factor."""


def passed_second_factor(session, user) -> None:
    """Mark ``session`` (not yet saved) as signed in with TOTP, as after entering the code."""
    from accounts.allauth_internals import mark_second_factor_passed

    mark_second_factor_passed(session, user)


def sign_in(client, user) -> None:
    """``client.force_login(user)`` with the second factor passed."""
    client.force_login(user)
    session = client.session
    passed_second_factor(session, user)
    session.save()
