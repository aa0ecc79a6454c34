"""Permission-matrix rows for the privacy app (merged into ``tests.permission_matrix.MATRIX``)."""

from tests.matrix.access import LOGIN, NOT_FOUND, ROLES, Access, Role, post_only, signed_in

MATRIX: dict[str, Access] = {
    # Sign-in security: everyone sees and ends their own sessions (the POSTs: tests/security/test_sessions.py).
    "accounts:sessions": signed_in(),
    "accounts:session_end": post_only(kwargs={"session_id": 1}),
    "accounts:sessions_end_others": post_only(),
    # The citizen's own data (/mijn/gegevens/): every signed-in user sees only their own person's.
    "privacy:consents": signed_in(),
    "privacy:consent_give": post_only(),
    # Someone else's consent: a 404, its confirmation (GET) too (the POST: tests/privacy/test_consent_flows.py).
    "privacy:consent_withdraw": Access(
        {role: LOGIN if role is None else NOT_FOUND for role in ROLES}, setup="someone_elses_consent"
    ),
    "privacy:export_json": signed_in(),
    "privacy:export_page": signed_in(),
    "privacy:erasure_request": signed_in(),
    # The DPO area (/privacy/)
    "dpo:index": signed_in(Role.DPO),
    "dpo:erasure_new": signed_in(Role.DPO),
    "dpo:erasure": signed_in(Role.DPO, setup="erasure_request_id"),
    "dpo:erasure_decide": post_only(setup="erasure_request_id"),
}
