"""Permission-matrix rows for the privacy app (merged into ``tests.permission_matrix.MATRIX``)."""

from tests.matrix.access import Access, post_only, signed_in

MATRIX: dict[str, Access] = {
    # Sign-in security: everyone sees and ends their own sessions (the POSTs: tests/test_sessions.py).
    "accounts:sessions": signed_in(),
    "accounts:session_end": post_only(kwargs={"session_id": 1}),
    "accounts:sessions_end_others": post_only(),
}
