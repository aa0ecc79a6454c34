"""Permission-matrix rows for the volunteers app (merged into ``tests.permission_matrix.MATRIX``).

The POSTs are tested in tests/volunteers/; the owner's 200 on a match in test_disclosure.py.
"""

from tests.matrix.access import (
    FORBIDDEN,
    LOGIN,
    NOT_FOUND,
    REDIRECT,
    ROLES,
    Access,
    Role,
    everyone,
    post_only,
    signed_in,
)

# A volunteer-role user without a profile is sent to the sign-up page; other roles are refused.
_needs_profile = Access(
    {role: LOGIN if role is None else (REDIRECT if role == Role.VOLUNTEER else FORBIDDEN) for role in ROLES},
    reader="active_volunteer_user",
)

MATRIX: dict[str, Access] = {
    "volunteers:landing": everyone(),
    "volunteers:signup": signed_in(),
    "volunteers:mine": signed_in(Role.VOLUNTEER),
    "volunteers:profile": _needs_profile,
    "volunteers:availability": _needs_profile,
    "volunteers:pause": _needs_profile,
    "volunteers:stop": _needs_profile,
    "volunteers:resume": post_only(Role.VOLUNTEER),
    # Another volunteer's match: a volunteer learns nothing (404), other roles are refused.
    "volunteers:match": Access(
        {role: LOGIN if role is None else (NOT_FOUND if role == Role.VOLUNTEER else FORBIDDEN) for role in ROLES},
        setup="someone_elses_match_id",
    ),
    "volunteers:match_accept": post_only(setup="someone_elses_match_id"),
    "volunteers:match_decline": post_only(setup="someone_elses_match_id"),
    "volunteers:match_complete": post_only(setup="someone_elses_match_id"),
    "volunteers:match_session": post_only(setup="someone_elses_match_id"),
    "volunteers:match_hand_back": post_only(setup="someone_elses_match_id"),
    "volunteers:coordination": signed_in(Role.COORDINATOR),
    "volunteers:coordination_volunteer": signed_in(Role.COORDINATOR, setup="volunteer_profile_id"),
    "volunteers:screening_start": post_only(Role.COORDINATOR, setup="volunteer_profile_id"),
    "volunteers:screening": post_only(Role.COORDINATOR, setup="volunteer_profile_id"),
    "volunteers:coordination_stop": post_only(Role.COORDINATOR, setup="volunteer_profile_id"),
    "volunteers:matching": signed_in(Role.COORDINATOR, setup="matching_request_reference"),
    "volunteers:task": post_only(Role.COORDINATOR, setup="matching_request_reference"),
    "volunteers:propose": post_only(Role.COORDINATOR, setup="matching_request_reference"),
    # POST as a coordinator (and 403 for the other roles): tests/volunteers/test_cancel_match.py.
    "volunteers:cancel_match": post_only(Role.COORDINATOR, setup="proposed_match_of_request"),
}
