"""API tokens: hashed, shown once, scoped, expiring, revocable, rate-limited per client; never a session."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from accounts.roles import Role
from partner_api.models import ApiClient, ApiToken, Scope
from partner_api.services import api_client_create, api_token_create, api_token_revoke
from requests_app.models import Referral
from tests.factories import UserFactory
from tests.partner_api.conftest import TODAY, bearer

pytestmark = pytest.mark.django_db

LIST = "/api/v1/referrals/"


def test_only_a_digest_of_the_token_is_stored(caw_client):
    token, clear = api_token_create(client=caw_client, scopes=[Scope.READ])
    secret = clear.split("_", 2)[2]
    stored = ApiToken.objects.filter(pk=token.pk).values().get()
    assert clear.startswith(f"lh_{token.prefix}_") and len(secret) >= 40
    assert all(secret not in str(value) for value in stored.values())


def test_the_client_acts_as_a_system_account_that_cannot_sign_in_and_gets_no_mail(caw_client, client):
    account = caw_client.account
    assert account.system_account and not account.has_usable_password()
    assert account.has_role(Role.CASEWORKER) and account.memberships.get().organization == caw_client.organization
    response = client.post(reverse("account_login"), {"login": account.email, "password": ""})
    assert "_auth_user_id" not in client.session
    assert response.status_code in (200, 400)


def test_partner_mail_skips_the_system_account(caw, caw_client, refer):
    from outbox.models import OutboxMessage

    caseworker = UserFactory(roles=[Role.CASEWORKER])
    from accounts.services import membership_add

    membership_add(user=caseworker, organization=caw)
    refer(caw)
    recipients = set(OutboxMessage.objects.values_list("recipient", flat=True))
    assert caseworker.email in recipients and caw_client.account.email not in recipients


@pytest.mark.parametrize(
    "header",
    ["", "Bearer", "Bearer lh_nope", "Token lh_abcdefgh_secret", "Bearer lh_abcdefgh_secret", "Bearer a b"],
)
def test_without_a_valid_token_the_answer_is_401_in_json(client, header, caw_token):
    response = client.get(LIST, HTTP_AUTHORIZATION=header) if header else client.get(LIST)
    assert response.status_code == 401
    assert response.json()["code"] in ("not_authenticated", "token_invalid")
    assert response.headers["WWW-Authenticate"].startswith("Bearer")


def test_a_right_prefix_with_a_wrong_secret_is_refused(caw_token):
    assert bearer(caw_token[:-2] + "xx").get(LIST).json()["code"] == "token_invalid"


def test_an_expired_token_is_refused(caw_client):
    token, clear = api_token_create(client=caw_client, scopes=[Scope.READ])
    now = timezone.now()
    ApiToken.objects.filter(pk=token.pk).update(
        created_at=now - timedelta(days=2), expires_at=now - timedelta(seconds=1)
    )
    response = bearer(clear).get(LIST)
    assert response.status_code == 401 and response.json()["code"] == "token_expired"


def test_a_revoked_token_is_refused_at_its_next_call(caw_client):
    token, clear = api_token_create(client=caw_client, scopes=[Scope.READ])
    assert bearer(clear).get(LIST).status_code == 200
    assert api_token_revoke(token=token) and not api_token_revoke(token=token)
    response = bearer(clear).get(LIST)
    assert response.status_code == 401 and response.json()["code"] == "token_revoked"


def test_the_last_use_is_recorded(caw_client):
    token, clear = api_token_create(client=caw_client, scopes=[Scope.READ])
    assert token.last_used_at is None
    bearer(clear).get(LIST)
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_a_read_only_token_cannot_answer_and_changes_nothing(caw_client, caw, refer):
    (referral,) = refer(caw)
    _, clear = api_token_create(client=caw_client, scopes=[Scope.READ])
    response = bearer(clear).post(
        f"/api/v1/referrals/{referral.pk}/accept/",
        {"started_on": TODAY.isoformat(), "contact_person": "F"},
        format="json",
    )
    assert response.status_code == 403 and response.json()["code"] == "scope_missing"
    assert Referral.objects.get(pk=referral.pk).status == Referral.Status.PROPOSED


def test_a_signed_in_caseworker_cannot_use_the_api_with_their_session(client, caw, refer):
    from accounts.services import membership_add

    caseworker = UserFactory(roles=[Role.CASEWORKER])
    membership_add(user=caseworker, organization=caw)
    client.force_login(caseworker)
    assert client.get(LIST).status_code == 401


def test_the_rate_limit_counts_per_client(settings, caw_token, ocmw_token):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"api_client": "3/minute", "api_anonymous": "30/minute"},
    }
    from rest_framework.settings import api_settings
    from rest_framework.throttling import SimpleRateThrottle

    api_settings.reload()
    SimpleRateThrottle.THROTTLE_RATES = api_settings.DEFAULT_THROTTLE_RATES
    try:
        caw = bearer(caw_token)
        assert [caw.get(LIST).status_code for _ in range(3)] == [200, 200, 200]
        refused = caw.get(LIST)
        assert refused.status_code == 429 and refused.json()["code"] == "throttled"
        assert int(refused.headers["Retry-After"]) > 0
        assert bearer(ocmw_token).get(LIST).status_code == 200  # another client has its own count
    finally:
        settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK}
        api_settings.reload()
        SimpleRateThrottle.THROTTLE_RATES = api_settings.DEFAULT_THROTTLE_RATES


# -- the command and the admin ---------------------------------------------------------------------------------
def test_the_command_creates_lists_and_revokes_a_token(caw):
    out = StringIO()
    call_command(
        "api_token",
        "create",
        "--organisation",
        "caw-oost-brabant",
        "--client",
        "Dossiers",
        stdout=out,
        stderr=StringIO(),
    )
    clear = out.getvalue().strip()
    assert bearer(clear).get(LIST).status_code == 200
    prefix = clear.split("_")[1]
    listing = StringIO()
    call_command("api_token", "list", stdout=listing)
    assert f"lh_{prefix}_…" in listing.getvalue() and clear not in listing.getvalue()
    call_command("api_token", "revoke", prefix, stdout=StringIO())
    assert bearer(clear).get(LIST).status_code == 401
    with pytest.raises(CommandError):
        call_command("api_token", "create", "--organisation", "bestaat-niet", "--client", "X", stdout=StringIO())
    with pytest.raises(CommandError):
        call_command("api_token", "revoke", "00000000", stdout=StringIO())


def test_the_admin_shows_a_new_token_once(client, caw_client):
    client.force_login(UserFactory(roles=[Role.ADMIN], is_superuser=True))
    response = client.post(
        reverse("admin:partner_api_apitoken_add"), {"client": caw_client.pk, "scopes": [Scope.READ], "expires_at": ""}
    )
    assert response.status_code == 200
    token = ApiToken.objects.get(client=caw_client)
    clear = response.context["clear"]
    assert clear.startswith(f"lh_{token.prefix}_") and clear in response.content.decode()
    assert bearer(clear).get(LIST).status_code == 200
    # Afterwards the token's page never shows it again.
    page = client.get(reverse("admin:partner_api_apitoken_change", args=[token.pk])).content.decode()
    assert clear not in page and token.prefix in page
    client.post(reverse("admin:partner_api_apitoken_changelist"), {"action": "revoke", "_selected_action": [token.pk]})
    assert bearer(clear).get(LIST).status_code == 401


def test_the_admin_creates_a_client_with_its_system_account(client, caw):
    client.force_login(UserFactory(roles=[Role.ADMIN], is_superuser=True))
    response = client.post(
        reverse("admin:partner_api_apiclient_add"),
        {"organization": caw.pk, "name": "Dossiers", "tokens-TOTAL_FORMS": 0, "tokens-INITIAL_FORMS": 0},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    created = ApiClient.objects.get(name="Dossiers")
    assert User.objects.get(pk=created.account_id).system_account


def test_an_expiry_in_the_past_is_refused(caw_client):
    with pytest.raises(ValueError):
        api_token_create(client=caw_client, scopes=[Scope.READ], expires_at=timezone.now() - timedelta(days=1))
    with pytest.raises(ValueError):
        api_token_create(client=caw_client, scopes=["referrals:delete"])
    assert api_client_create  # the same service makes clients for the admin and the command
