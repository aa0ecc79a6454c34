"""Permission-matrix rows for the partner API (merged into ``tests.permission_matrix.MATRIX``).

No session opens the API: every role gets 401 (also for the POST-only URLs, whose GET DRF refuses before it
looks at the method). What each organisation's token reaches is walked per token in
``tests/partner_api/test_idor_sweep.py``."""

from tests.matrix.access import ROLES, UNAUTHORIZED, Access, everyone


def _token_only(**kw) -> Access:
    return Access({role: UNAUTHORIZED for role in ROLES}, **kw)


def _post_with_token_only(**kw) -> Access:
    # post_by is empty: no signed-in role may change anything with a POST (they all get 401, nothing changes).
    return Access({role: UNAUTHORIZED for role in ROLES}, post_by=frozenset(), **kw)


MATRIX: dict[str, Access] = {
    "api:referrals": _token_only(),
    "api:referral": _token_only(setup="foreign_referral_id"),
    "api:accept": _post_with_token_only(setup="foreign_referral_id"),
    "api:decline": _post_with_token_only(setup="foreign_referral_id"),
    "api:first_meeting": _post_with_token_only(setup="foreign_referral_id"),
    "api:progress_note": _post_with_token_only(setup="foreign_referral_id"),
    "api:outcome": _post_with_token_only(setup="foreign_referral_id"),
    # Public: the status vocabulary, the OpenAPI description and its documentation page.
    "api:statuses": everyone(),
    "api:schema": everyone(),
    "api:docs": everyone(),
}
