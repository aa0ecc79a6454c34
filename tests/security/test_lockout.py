"""Lockout after 5 failed sign-ins for one account from one address, for an hour; the address is read behind
the configured number of proxies, so a forged X-Forwarded-For does not dodge it. Every attempt is logged
without the e-mail address."""

import datetime as dt
import logging

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.allauth_internals import activate_totp
from accounts.roles import Role

pytestmark = pytest.mark.django_db
PASSWORD = "Correct-horse-battery-9"
EMAIL = "lies.peeters@example.test"


def _attempt(client: Client, password: str, **headers):
    return client.post(reverse("account_login"), {"login": EMAIL, "password": password}, headers=headers)


@pytest.fixture
def citizen(make_user):
    return make_user(Role.CITIZEN, email=EMAIL, full_name="Lies Peeters")


def test_five_wrong_passwords_lock_the_account_for_this_address_for_an_hour(citizen, caplog):
    caplog.set_level(logging.INFO, logger="leuvenhelpt.auth")
    client = Client(REMOTE_ADDR="203.0.113.5")
    start = timezone.now()
    with time_machine.travel(start, tick=False) as traveller:
        for _ in range(5):
            response = _attempt(client, "fout-wachtwoord")
            assert "niet correct" in response.content.decode()
        locked = _attempt(client, PASSWORD)  # even the right password
        assert locked.status_code == 200
        assert "Te veel mislukte aanmeldpogingen" in locked.content.decode()
        assert "_auth_user_id" not in client.session
        assert 'value="lies.peeters@example.test"' in locked.content.decode()  # nothing typed is lost

        traveller.shift(dt.timedelta(minutes=59))
        assert "Te veel mislukte" in _attempt(client, PASSWORD).content.decode()
        traveller.shift(dt.timedelta(minutes=2))
        assert _attempt(client, PASSWORD).status_code == 302

    failures = [r.getMessage() for r in caplog.records if "login failed" in r.getMessage()]
    refusals = [r.getMessage() for r in caplog.records if "locked out" in r.getMessage()]
    successes = [r.getMessage() for r in caplog.records if "login succeeded" in r.getMessage()]
    assert len(failures) == 5
    assert len(refusals) == 2
    assert successes == [f"login succeeded user={citizen.pk} network=203.0.113.0/24"]
    assert len({f.split()[2] for f in failures}) == 1  # one hash per login, so attempts can be followed
    for record in caplog.records:
        assert EMAIL not in record.getMessage().lower()
        assert "fout-wachtwoord" not in record.getMessage()


def test_the_owner_can_still_sign_in_from_another_address(citizen):
    attacker = Client(REMOTE_ADDR="203.0.113.5")
    for _ in range(6):
        _attempt(attacker, "fout-wachtwoord")
    owner = Client(REMOTE_ADDR="198.51.100.20")
    assert _attempt(owner, PASSWORD).status_code == 302


def test_a_successful_sign_in_does_not_reset_the_count(citizen):
    client = Client(REMOTE_ADDR="203.0.113.5")
    for _ in range(4):
        _attempt(client, "fout-wachtwoord")
    assert _attempt(client, PASSWORD).status_code == 302
    client.post(reverse("account_logout"))
    _attempt(client, "fout-wachtwoord")
    assert "Te veel mislukte" in _attempt(client, PASSWORD).content.decode()


def test_a_forged_forwarded_for_header_does_not_dodge_the_lockout(citizen, settings):
    """Behind one proxy (NUM_PROXIES=1) the proxy appends the real address; what the client wrote is ignored."""
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    client = Client(REMOTE_ADDR="10.0.0.2")  # the proxy
    for n in range(5):
        _attempt(client, "fout-wachtwoord", **{"X-Forwarded-For": f"192.0.2.{n}, 203.0.113.5"})
    forged = _attempt(client, PASSWORD, **{"X-Forwarded-For": "192.0.2.99, 203.0.113.5"})
    assert "Te veel mislukte" in forged.content.decode()
    other_client = _attempt(client, PASSWORD, **{"X-Forwarded-For": "198.51.100.20"})
    assert other_client.status_code == 302


def test_without_proxies_the_header_is_ignored_altogether(citizen, settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 0
    client = Client(REMOTE_ADDR="203.0.113.5")
    for n in range(5):
        _attempt(client, "fout-wachtwoord", **{"X-Forwarded-For": f"192.0.2.{n}"})
    assert "Te veel mislukte" in _attempt(client, PASSWORD, **{"X-Forwarded-For": "192.0.2.200"}).content.decode()


def test_num_proxies_is_read_from_the_environment():
    from django.conf import settings

    assert settings.NUM_PROXIES == settings.ALLAUTH_TRUSTED_PROXY_COUNT
    assert settings.ACCOUNT_RATE_LIMITS["login_failed"] == "20/m/ip,5/1h/key"


def test_a_wrong_second_factor_is_logged_without_personal_data(make_user, caplog):
    caplog.set_level(logging.INFO, logger="leuvenhelpt.auth")
    coordinator = make_user(Role.COORDINATOR, email="els.v@example.test", full_name="Els Vermeulen")
    activate_totp(coordinator, "LEUVENHELPTDEMO2")
    client = Client()
    client.post(reverse("account_login"), {"login": "els.v@example.test", "password": PASSWORD})
    response = client.post(reverse("mfa_authenticate"), {"code": "000000"})
    assert response.status_code == 200
    assert f"second factor failed user={coordinator.pk}" in caplog.messages
    assert not any("els" in message.lower() for message in caplog.messages)
