"""Staff open no page before their session has passed a second factor; citizens are never asked."""

import base64
import hashlib
import hmac
import time

import pytest
from allauth.mfa.models import Authenticator
from django.db import transaction
from django.urls import reverse

from accounts.allauth_internals import activate_recovery_codes, activate_totp, totp_code
from accounts.demo import DEMO_TOTP_SECRET, demo_totp_code
from accounts.roles import STAFF_ROLES, Role

pytestmark = pytest.mark.django_db
PASSWORD = "Correct-horse-battery-9"


def _code(secret: str) -> str:
    return totp_code(secret)


def _with_totp(user) -> None:
    activate_totp(user, DEMO_TOTP_SECRET)


def test_staff_roles_are_every_role_but_the_public_ones():
    assert {Role.CITIZEN, Role.INTERMEDIARY, Role.VOLUNTEER}.isdisjoint(STAFF_ROLES)
    assert {
        Role.KCC_AGENT,
        Role.COORDINATOR,
        Role.CASEWORKER,
        Role.CATALOGUE_EDITOR,
        Role.DPO,
        Role.MANAGER,
        Role.ADMIN,
    } == STAFF_ROLES


@pytest.mark.mfa_enforced
@pytest.mark.parametrize("role", [Role.CITIZEN, Role.INTERMEDIARY, Role.VOLUNTEER])
def test_citizens_intermediaries_and_volunteers_are_not_asked_for_a_second_factor(client, make_user, role):
    client.force_login(make_user(role))
    response = client.get(reverse("accounts:profile"))
    assert response.status_code == 200


@pytest.mark.mfa_enforced
@pytest.mark.parametrize("role", sorted(STAFF_ROLES))
def test_staff_without_an_authenticator_are_sent_to_set_up_totp_before_any_page(client, make_user, role):
    client.force_login(make_user(role))
    for name in ("accounts:profile", "mine:list", "home"):
        response = client.get(reverse(name))
        assert response.status_code == 302
        assert response.url.startswith(reverse("mfa_activate_totp") + "?next=")
    # An error page is not a way around it either: the staff page itself is never rendered.
    assert client.get(reverse("coordination:queue")).status_code == 302


@pytest.mark.mfa_enforced
def test_a_staff_session_without_a_second_factor_is_sent_to_enter_the_code(client, make_user):
    coordinator = make_user(Role.COORDINATOR)
    _with_totp(coordinator)
    client.force_login(coordinator)
    response = client.get(reverse("coordination:queue"))
    assert response.status_code == 302
    assert response.url == reverse("mfa_reauthenticate") + "?next=%2Fcoordinatie%2F"

    wrong = client.post(response.url, {"code": "000000"})
    assert wrong.status_code == 200
    assert client.get(reverse("coordination:queue")).status_code == 302

    right = client.post(response.url, {"code": _code(DEMO_TOTP_SECRET)})
    assert right.status_code == 302
    assert right.url == reverse("coordination:queue")
    assert client.get(reverse("coordination:queue")).status_code == 200


@pytest.mark.mfa_enforced
def test_staff_sign_in_asks_for_the_code_and_then_opens_staff_pages(client, make_user):
    coordinator = make_user(Role.COORDINATOR, email="els@example.test")
    _with_totp(coordinator)
    response = client.post(reverse("account_login"), {"login": "els@example.test", "password": PASSWORD})
    assert response.status_code == 302
    assert response.url == reverse("mfa_authenticate")
    assert "_auth_user_id" not in client.session  # not signed in before the second step

    response = client.post(reverse("mfa_authenticate"), {"code": _code(DEMO_TOTP_SECRET)})
    assert response.status_code == 302
    assert response.url == reverse("coordination:queue")  # staff land on their work area
    assert client.get(reverse("coordination:queue")).status_code == 200


@pytest.mark.mfa_enforced
def test_staff_sign_in_with_a_recovery_code(client, make_user):
    coordinator = make_user(Role.COORDINATOR, email="els@example.test")
    _with_totp(coordinator)
    codes = activate_recovery_codes(coordinator)
    client.post(reverse("account_login"), {"login": "els@example.test", "password": PASSWORD})
    response = client.post(reverse("mfa_authenticate"), {"code": codes[0]})
    assert response.status_code == 302
    assert client.get(reverse("coordination:queue")).status_code == 200


@pytest.mark.mfa_enforced
def test_new_staff_member_sets_up_totp_and_goes_on(client, make_user, monkeypatch):
    """Password → set-up page → password again (allauth asks before adding a factor) → code → in."""
    make_user(Role.COORDINATOR, email="nieuw@example.test")
    client.post(reverse("account_login"), {"login": "nieuw@example.test", "password": PASSWORD})
    response = client.get(reverse("coordination:queue"), follow=True)
    assert "Uw rol vraagt tweestapsverificatie" in response.content.decode()
    reauth = response.redirect_chain[-1][0]
    assert reauth.startswith(reverse("account_reauthenticate"))

    response = client.post(reauth, {"password": PASSWORD}, follow=True)
    assert response.redirect_chain[-1][0].startswith(reverse("mfa_activate_totp"))
    secret = client.session["mfa.totp.secret"]
    wrong = client.post(reverse("mfa_activate_totp"), {"code": "123456"})
    assert wrong.status_code == 200
    assert not Authenticator.objects.filter(type=Authenticator.Type.TOTP).exists()

    # allauth announces the new factor when its transaction commits, which in production is within the
    # request; the test's surrounding transaction would delay it until after the response.
    monkeypatch.setattr(transaction, "on_commit", lambda callback, *args, **kwargs: callback())
    response = client.post(reverse("mfa_activate_totp"), {"code": _code(secret)})
    assert response.status_code == 302
    assert response.url == reverse("mfa_view_recovery_codes")
    assert client.get(response.url).status_code == 200
    # Entering the code while setting up counts as this session's second factor.
    assert client.get(reverse("coordination:queue")).status_code == 200


@pytest.mark.mfa_enforced
def test_staff_without_a_second_factor_can_still_sign_out_and_switch_language(client, make_user):
    client.force_login(make_user(Role.MANAGER))
    assert client.get(reverse("switch_language", kwargs={"code": "en"})).status_code == 302
    response = client.post(reverse("account_logout"))
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


@pytest.mark.mfa_enforced
def test_htmx_requests_are_told_to_go_to_the_second_factor(client, make_user):
    client.force_login(make_user(Role.COORDINATOR))
    response = client.get(reverse("coordination:queue"), headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert response["HX-Redirect"].startswith(reverse("mfa_activate_totp"))


def test_staff_cannot_switch_their_second_factor_off(client, make_user):
    coordinator = make_user(Role.COORDINATOR)
    _with_totp(coordinator)
    client.force_login(coordinator)
    session = client.session
    session["account_authentication_methods"].append({"method": "password", "at": time.time(), "reauthenticated": True})
    session.save()
    response = client.post(reverse("mfa_deactivate_totp"))
    assert response.status_code == 200
    assert Authenticator.objects.filter(user=coordinator, type=Authenticator.Type.TOTP).exists()


def test_a_citizen_may_switch_their_own_second_factor_off(client, make_user):
    citizen = make_user(Role.CITIZEN)
    _with_totp(citizen)
    client.force_login(citizen)
    session = client.session
    session["account_authentication_methods"].append({"method": "password", "at": time.time(), "reauthenticated": True})
    session.save()
    response = client.post(reverse("mfa_deactivate_totp"))
    assert response.status_code == 302
    assert not Authenticator.objects.filter(user=citizen).exists()


def test_force_login_in_tests_counts_as_a_second_factor(client, make_user):
    """The suite's autouse fixture: staff pages open after force_login (the tests above opt out)."""
    client.force_login(make_user(Role.COORDINATOR))
    assert client.get(reverse("coordination:queue")).status_code == 200


def _rfc4226(secret: str, counter: int) -> str:
    """HOTP (RFC 4226) written out here, independent of allauth: six digits of the HMAC-SHA1 of the counter."""
    digest = hmac.new(base64.b32decode(secret), counter.to_bytes(8, "big"), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    return f"{(int.from_bytes(digest[offset : offset + 4], 'big') & 0x7FFFFFFF) % 1_000_000:06d}"


def test_the_demo_code_is_the_totp_of_the_documented_secret():
    assert demo_totp_code(at=0) == _rfc4226(DEMO_TOTP_SECRET, 0)
    assert len(demo_totp_code()) == 6


@pytest.mark.mfa_enforced
@pytest.mark.parametrize(
    ("debug", "email", "shown"),
    [
        (True, "coordinator@leuvenhelpt.test", True),
        (False, "coordinator@leuvenhelpt.test", False),  # production: never
        (True, "els@example.test", False),  # a real account: never
    ],
)
def test_the_demo_code_is_shown_only_in_development_for_demo_accounts(client, make_user, settings, debug, email, shown):
    settings.DEBUG = debug
    _with_totp(make_user(Role.COORDINATOR, email=email))
    client.post(reverse("account_login"), {"login": email, "password": PASSWORD})
    page = client.get(reverse("mfa_authenticate")).content.decode()
    assert "Voer de code" in page or "authenticator-app" in page
    assert ("demo-totp-hint" in page) is shown
    if shown:
        assert demo_totp_code() in page
