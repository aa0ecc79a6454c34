"""Who may open which page: the declared table that ``test_permission_matrix`` walks.

Every named URL of the project must appear here (or in ``EXEMPT`` with a reason), so a
new view cannot land without saying who may see it. For each URL the table gives the
expected outcome per role, ``None`` standing for an anonymous visitor:

- ``OK`` (200): the page is shown;
- ``LOGIN``: redirected to the sign-in page;
- ``FORBIDDEN`` (403) or ``NOT_FOUND`` (404): refused, leaking nothing;
- ``REDIRECT`` (302 elsewhere): e.g. a signed-in user opening the sign-in page;
- ``UNAUTHORIZED`` (401): allauth's page for a failed third-party sign-in; the partner API (/api/v1/) answers
  every signed-in role and anonymous visitor this way: only an organisation's token opens it
  (tests/partner_api/test_idor_sweep.py walks it per token);
- ``NOT_ALLOWED`` (405): a POST-only URL opened with GET. ``post_only(*roles)`` names who may change something
  with it (their POSTs are tested in the app's tests); ``test_post_changes_nothing`` POSTs it as every other
  role and asserts the refusal (sign in, 401, 403, 404 or 400) and that not one database row changed. A page that
  also takes a POST (a form) is POSTed as every role its GET refuses, empty and filled in (its form as a permitted
  user sees it, ``tests/form_payload.py``; ``Access.reader`` names who that is when no role opens it as such):
  the same refusal, and nothing changes.
"""

from importlib import import_module

from tests.matrix.access import (  # noqa: F401 (re-exported for the tests that walk the table)
    EVERYONE,
    FORBIDDEN,
    LOGIN,
    NOT_ALLOWED,
    NOT_FOUND,
    OK,
    REDIRECT,
    ROLES,
    UNAUTHORIZED,
    Access,
    Role,
    anonymous_only,
    everyone,
    post_only,
    signed_in,
    staff_admin,
)

MATRIX: dict[str, Access] = {
    # Site
    "home": everyone(),
    "healthz": everyone(),
    # Only a scraper with METRICS_TOKEN (tests/test_observability.py); nobody else learns it exists.
    "metrics": Access({role: NOT_FOUND for role in ROLES}),
    "privacy_statement": everyone(),
    "accessibility_statement": everyone(),
    "switch_language": Access({role: REDIRECT for role in ROLES}, kwargs={"code": "en"}),
    # Profile
    "accounts:profile": signed_in(),
    "privacy:my_access_log": signed_in(),
    # allauth: signing in and up
    "account_login": anonymous_only(),
    "account_signup": anonymous_only(),
    "account_reset_password": everyone(),
    "account_reset_password_done": everyone(),
    "account_reset_password_from_key_done": everyone(),
    "account_email_verification_sent": everyone(),
    "account_logout": Access({role: REDIRECT if role is None else OK for role in ROLES}),
    "account_inactive": everyone(),
    # allauth: managing one's own account
    "account_email": signed_in(),
    "account_change_password": signed_in(),
    "account_set_password": Access({role: LOGIN if role is None else REDIRECT for role in ROLES}),
    "account_reauthenticate": signed_in(),
    "mfa_index": signed_in(),
    # Activating TOTP first asks for the password again; the others need an active TOTP device.
    "mfa_activate_totp": Access({role: LOGIN if role is None else REDIRECT for role in ROLES}),
    "mfa_generate_recovery_codes": Access({role: LOGIN if role is None else REDIRECT for role in ROLES}),
    "mfa_view_recovery_codes": Access({role: LOGIN if role is None else NOT_FOUND for role in ROLES}),
    "mfa_download_recovery_codes": Access({role: LOGIN if role is None else NOT_FOUND for role in ROLES}),
    "mfa_deactivate_totp": Access({role: LOGIN if role is None else NOT_FOUND for role in ROLES}),
    # Sign-in with itsme / the eID (accounts.fas). Without FAS_* settings (as here) both URLs do not exist
    # for anyone; with them, tests/fas walks the flow (a GET only shows a button, the callback needs a state).
    "fas_login": Access({role: NOT_FOUND for role in ROLES}),
    "fas_callback": Access({role: NOT_FOUND for role in ROLES}),
    # allauth's pages around a third-party sign-in: the linked accounts (one's own), the "cancelled" and
    # "error" pages (nothing in them), and the sign-up form, which without a sign-in under way sends to sign in.
    "socialaccount_connections": signed_in(),
    "socialaccount_login_cancelled": everyone(),
    "socialaccount_login_error": Access({role: UNAUTHORIZED for role in ROLES}),
    "socialaccount_signup": Access({role: LOGIN for role in ROLES}),
    # Assistant: the public product catalogue
    # Digital assistant: the citizen guide (answers in the session only)
    "assistant:start": everyone(setup="published_catalogue"),
    "assistant:question": everyone(setup="first_question_key"),
    "assistant:summary": everyone(setup="published_catalogue"),
    "assistant:results": everyone(setup="published_catalogue"),
    "assistant:mail_results": post_only(EVERYONE, setup="published_catalogue"),
    "assistant:restart": post_only(EVERYONE),
    # A product without a help route has no "ask for help" page (the positive path: test_guide).
    "assistant:ask_help": Access({role: NOT_FOUND for role in ROLES}, setup="published_product_key"),
    "assistant:product_list": everyone(setup="published_catalogue"),
    "assistant:product_detail": everyone(setup="published_product_key"),
    # Assistant: the catalogue editors' area (the POSTs are tested in tests/assistant/test_editor.py)
    "assistant:editor_overview": signed_in(Role.CATALOGUE_EDITOR),
    "assistant:editor_import": signed_in(Role.CATALOGUE_EDITOR),
    "assistant:editor_analytics": signed_in(Role.CATALOGUE_EDITOR),
    "assistant:editor_analytics_csv": signed_in(Role.CATALOGUE_EDITOR, setup="published_catalogue"),
    "assistant:editor_preview_stop": post_only(Role.CATALOGUE_EDITOR),
    "assistant:editor_edition": signed_in(Role.CATALOGUE_EDITOR, setup="draft_edition_id"),
    "assistant:editor_export": signed_in(Role.CATALOGUE_EDITOR, kwargs={"fmt": "yaml"}, setup="draft_edition_id"),
    "assistant:editor_draft_new": post_only(Role.CATALOGUE_EDITOR, setup="draft_edition_id"),
    "assistant:editor_publish": signed_in(Role.CATALOGUE_EDITOR, setup="draft_edition_id"),
    "assistant:editor_approve": signed_in(Role.CATALOGUE_EDITOR, setup="draft_edition_id"),
    "assistant:editor_archive": signed_in(Role.CATALOGUE_EDITOR, setup="draft_edition_id"),
    "assistant:editor_diff": signed_in(Role.CATALOGUE_EDITOR, setup="draft_edition_id"),
    "assistant:editor_preview": post_only(Role.CATALOGUE_EDITOR, setup="draft_edition_id"),
    "assistant:editor_rule_check": post_only(Role.CATALOGUE_EDITOR, setup="draft_edition_id"),
    "assistant:editor_question_add": signed_in(Role.CATALOGUE_EDITOR, setup="draft_edition_id"),
    "assistant:editor_question_edit": signed_in(
        Role.CATALOGUE_EDITOR, kwargs={"key": "lives_in_leuven"}, setup="draft_edition_id"
    ),
    "assistant:editor_question_remove": signed_in(
        Role.CATALOGUE_EDITOR, kwargs={"key": "lives_in_leuven"}, setup="draft_edition_id"
    ),
    "assistant:editor_product_add": signed_in(Role.CATALOGUE_EDITOR, setup="draft_edition_id"),
    "assistant:editor_product_edit": signed_in(
        Role.CATALOGUE_EDITOR, kwargs={"key": "bewonerskaart"}, setup="draft_edition_id"
    ),
    "assistant:editor_product_remove": signed_in(
        Role.CATALOGUE_EDITOR, kwargs={"key": "bewonerskaart"}, setup="draft_edition_id"
    ),
    "assistant:editor_case_add": signed_in(Role.CATALOGUE_EDITOR, setup="draft_edition_id"),
    "assistant:editor_case_edit": signed_in(Role.CATALOGUE_EDITOR, kwargs={"number": 1}, setup="draft_edition_id"),
    "assistant:editor_case_remove": signed_in(Role.CATALOGUE_EDITOR, kwargs={"number": 1}, setup="draft_edition_id"),
    "assistant:editor_translations": signed_in(Role.CATALOGUE_EDITOR, setup="draft_edition_id"),
    "assistant:editor_translations_edit": signed_in(
        Role.CATALOGUE_EDITOR, kwargs={"kind": "producten", "key": "bewonerskaart"}, setup="draft_edition_id"
    ),
    # Asking for help (/hulp/): everyone; the confirmation needs a request just asked in this session.
    "help:ask": everyone(),
    "help:done": Access({role: REDIRECT for role in ROLES}),
    "help:follow": everyone(setup="follow_up_token"),
    # The "did you get the help you needed?" link: a tampered or unknown token is a 404 for everyone (the
    # answer itself: tests/requests_app/test_follow_up_question.py).
    "help:follow_up_answer": Access({role: NOT_FOUND for role in ROLES}, kwargs={"token": "niet-geldig"}),
    # Following one's requests (/mijn/aanvragen/): a request is shown to the one who follows it only
    # (the owner's 200 and the withdraw POST: tests/requests_app/test_follow_up.py).
    "mine:list": signed_in(),
    "mine:reachability": signed_in(),
    "mine:detail": Access(
        {role: LOGIN if role is None else NOT_FOUND for role in ROLES}, setup="someone_elses_request"
    ),
    # The confirmation opens with GET (a reload of it is no 405); someone else's request is a 404 either way.
    "mine:withdraw": Access(
        {role: LOGIN if role is None else NOT_FOUND for role in ROLES}, setup="someone_elses_request"
    ),
    # Triage at /coordinatie/ (the POSTs are tested in tests/requests_app/test_triage.py)
    "coordination:queue": signed_in(Role.COORDINATOR),
    # Merging two records of one person: coordinators and KCC agents (the POST: test_person_merge.py).
    "coordination:person_merge": signed_in(Role.COORDINATOR, Role.KCC_AGENT),
    # Messages the outbox gave up on, and sending one again (the POST: tests/outbox/test_undelivered.py)
    "coordination:undelivered": signed_in(Role.COORDINATOR),
    "coordination:undelivered_retry": post_only(Role.COORDINATOR, setup="failed_message"),
    # The print queue of letters (the PDF is 404 while nothing waits; the POST: tests/requests_app/test_letters.py)
    "coordination:letters": signed_in(Role.COORDINATOR),
    "coordination:letters_pdf": Access(
        {role: LOGIN if role is None else (NOT_FOUND if role == Role.COORDINATOR else FORBIDDEN) for role in ROLES}
    ),
    "coordination:letters_posted": post_only(Role.COORDINATOR),
    "coordination:request": signed_in(Role.COORDINATOR, setup="coordination_request"),
    "coordination:take_up": post_only(Role.COORDINATOR, setup="coordination_request"),
    "coordination:assign_me": post_only(Role.COORDINATOR, setup="coordination_request"),
    "coordination:note": post_only(Role.COORDINATOR, setup="coordination_request"),
    "coordination:contact": post_only(Role.COORDINATOR, setup="coordination_request"),
    "coordination:reachability": post_only(Role.COORDINATOR, setup="coordination_request"),
    "coordination:route": post_only(Role.COORDINATOR, setup="coordination_request"),
    "coordination:refer": post_only(Role.COORDINATOR, setup="coordination_request"),
    "coordination:referral_withdraw": post_only(Role.COORDINATOR, setup="coordination_referral"),
    "coordination:close_without_support": post_only(Role.COORDINATOR, setup="coordination_request"),
    "coordination:close": post_only(Role.COORDINATOR, setup="coordination_request"),
    "coordination:attention_clear": post_only(Role.COORDINATOR, setup="coordination_request"),
    "coordination:follow_on": post_only(Role.COORDINATOR, setup="coordination_request"),
    # The partner portal at /partners/ (the POSTs are tested in tests/requests_app/test_partner_portal.py)
    "partners:list": signed_in(Role.CASEWORKER),
    # Another organisation's referral: caseworkers learn nothing (404), other roles are refused.
    "partners:referral": Access(
        {role: LOGIN if role is None else (NOT_FOUND if role == Role.CASEWORKER else FORBIDDEN) for role in ROLES},
        setup="foreign_referral_id",
    ),
    "partners:accept": post_only(setup="foreign_referral_id"),
    "partners:decline": post_only(setup="foreign_referral_id"),
    "partners:first_meeting": post_only(setup="foreign_referral_id"),
    "partners:progress": post_only(setup="foreign_referral_id"),
    "partners:end": post_only(setup="foreign_referral_id"),
    # Admin
    "admin:index": staff_admin(),
    # The admin's own sign-in page hands over to allauth; signed-in non-admins are refused.
    "admin:login": Access(
        {role: LOGIN if role is None else (REDIRECT if role == Role.ADMIN else FORBIDDEN) for role in ROLES}
    ),
}

# Each later app keeps its rows in tests/matrix/<app>.py, so parallel work does not collide here.
for _app in ("privacy", "volunteers", "helpdesk", "insights", "partner_api"):
    MATRIX.update(import_module(f"tests.matrix.{_app}").MATRIX)

# URL names that the walk does not request, each with the reason.
EXEMPT: dict[str, str] = {
    "account_confirm_email": "needs a signed e-mail confirmation key; tested in test_accounts",
    "account_reset_password_from_key": "needs a password-reset token; tested in test_accounts",
    "account_confirm_login_code": "login by code is switched off",
    "account_request_reauthentication_code": "re-authentication by code is switched off",
    "account_confirm_reauthentication_code": "re-authentication by code is switched off",
    "mfa_reauthenticate": "only reached in the middle of a re-authentication flow",
    "mfa_authenticate": "only reached in the middle of a sign-in with a second factor",
}
# Django's admin pages beyond the index are guarded by the admin itself (is_staff).
EXEMPT_PREFIXES = ("admin:",)
