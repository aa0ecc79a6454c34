"""Permission-matrix rows for the helpdesk app (merged into ``tests.permission_matrix.MATRIX``).

Only kcc agents enter /kcc/. A contact belongs to its agent, a callback to its agent or their team:
another agent gets a 404 (the POSTs are tested in tests/helpdesk/; another agent's POST to a contact is
refused and changes nothing: test_post_changes_nothing)."""

from tests.matrix.access import FORBIDDEN, LOGIN, NOT_FOUND, ROLES, Access, Role, post_only, signed_in

MATRIX: dict[str, Access] = {
    "helpdesk:console": signed_in(Role.KCC_AGENT),
    "helpdesk:contact_start": post_only(Role.KCC_AGENT),
    "helpdesk:contact": Access(
        {role: LOGIN if role is None else (NOT_FOUND if role == Role.KCC_AGENT else FORBIDDEN) for role in ROLES},
        setup="kcc_foreign_contact",
    ),
    "helpdesk:caller_set": post_only(setup="kcc_foreign_contact_person"),
    "helpdesk:caller_register": post_only(setup="kcc_foreign_contact"),
    "helpdesk:question_add": post_only(setup="kcc_foreign_contact"),
    "helpdesk:intake_answer": post_only(setup="kcc_foreign_contact"),
    "helpdesk:intake_restart": post_only(setup="kcc_foreign_contact"),
    "helpdesk:intake_mail": post_only(setup="kcc_foreign_contact"),
    "helpdesk:screening": post_only(setup="kcc_foreign_contact"),
    "helpdesk:refer": post_only(setup="kcc_foreign_contact"),
    "helpdesk:close": post_only(setup="kcc_foreign_contact"),
    "helpdesk:callback": Access(
        {role: LOGIN if role is None else (NOT_FOUND if role == Role.KCC_AGENT else FORBIDDEN) for role in ROLES},
        setup="kcc_foreign_callback",
    ),
    "helpdesk:search": signed_in(Role.KCC_AGENT),
    "helpdesk:person": signed_in(Role.KCC_AGENT, setup="kcc_person"),
    "helpdesk:status": signed_in(Role.KCC_AGENT),
}
