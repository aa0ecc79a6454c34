"""Hardening: pages with personal data are never stored by browsers or proxies, and a person's name and
e-mail address appear in no log line and no URL while their data goes through the site."""

import logging
import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from accounts.roles import Role
from requests_app.follow import follow_token
from requests_app.models import HelpRequest
from tests.matrix.access import ROLES

pytestmark = pytest.mark.django_db
PASSWORD = "Correct-horse-battery-9"


def _no_store(response) -> bool:
    return "no-store" in response.get("Cache-Control", "")


@pytest.mark.parametrize("role", [r for r in ROLES if r is not None])
def test_every_page_for_a_signed_in_user_is_never_stored(client_as, role):
    client = client_as(role)
    for name in ("accounts:profile", "home", "accounts:sessions"):
        response = client.get(reverse(name))
        assert response.status_code == 200
        assert _no_store(response), (role, name)
        assert "private" in response["Cache-Control"]


def test_staff_pages_are_never_stored(client_as):
    response = client_as(Role.COORDINATOR).get(reverse("coordination:queue"))
    assert response.status_code == 200
    assert _no_store(response)


def test_the_anonymous_follow_up_page_and_the_help_form_are_never_stored(client):
    from tests.factories import make_request

    request = make_request()
    assert _no_store(client.get(reverse("help:follow", kwargs={"token": follow_token(request)})))
    assert _no_store(client.get(reverse("help:ask")))


def test_a_public_page_without_a_session_may_be_cached(client):
    response = client.get(reverse("privacy_statement"))
    assert not _no_store(response)


# --- No personal data in logs or URLs -----------------------------------------------------------

SEEDED = {"name": "Griet Vandevelde-Opdebeeck", "email": "griet.vandevelde@example.test"}
ANONYMOUS = {"name": "Bram Stevens-Wuyts", "email": "bram.stevens@example.test"}
ASK = {
    "needs": ["administration", "loneliness"],
    "description": "Ik kan mijn brieven niet lezen.",
    "urgency": "2",
    "contact_way": "phone",
    "contact_time": "voormiddag",
    "consent": "on",
}


def test_a_persons_name_and_e_mail_appear_in_no_log_record_and_no_url(
    make_user, caplog, django_capture_on_commit_callbacks
):
    caplog.set_level(logging.DEBUG)
    visited: list[str] = []

    def get(client, url, **kwargs):
        visited.append(url)
        response = client.get(url, **kwargs)
        visited.append(response.get("Location", ""))
        return response

    def post(client, url, data):
        visited.append(url)
        response = client.post(url, data)
        visited.append(response.get("Location", ""))
        return response

    # The seeded citizen: a wrong password, then signing in, asking for help, following it.
    citizen = make_user(Role.CITIZEN, email=SEEDED["email"], full_name=SEEDED["name"], phone="0470 11 22 33")
    browser = Client()
    post(browser, reverse("account_login"), {"login": SEEDED["email"], "password": "niet-juist"})
    post(browser, reverse("account_login"), {"login": SEEDED["email"], "password": PASSWORD})
    post(browser, reverse("help:ask"), ASK)
    mine = HelpRequest.objects.get(person__user=citizen)
    get(browser, reverse("mine:list"))
    get(browser, reverse("mine:detail", kwargs={"reference": mine.reference}))
    get(browser, reverse("accounts:sessions"))

    # Someone without an account.
    stranger = Client()
    with django_capture_on_commit_callbacks(execute=True):
        post(
            stranger,
            reverse("help:ask"),
            {
                **ASK,
                "full_name": ANONYMOUS["name"],
                "email": ANONYMOUS["email"],
                "phone": "0470 99 88 77",
                "consent": "on",
            },
        )
    theirs = HelpRequest.objects.exclude(pk=mine.pk).get()
    get(stranger, reverse("help:follow", kwargs={"token": follow_token(theirs)}))
    # Bad input too: the errors are shown, nothing is logged about the person.
    post(stranger, reverse("help:ask"), {"full_name": ANONYMOUS["name"], "email": "not-an-address"})

    # A coordinator handles both requests.
    coordinator = make_user(Role.COORDINATOR)
    desk = Client()
    desk.force_login(coordinator)
    get(desk, reverse("coordination:queue"))
    get(desk, reverse("coordination:queue") + "?q=" + "LH")
    for request in (mine, theirs):
        get(desk, reverse("coordination:request", kwargs={"reference": request.reference}))
        post(desk, reverse("coordination:take_up", kwargs={"reference": request.reference}), {})
        post(desk, reverse("coordination:note", kwargs={"reference": request.reference}), {"note-note": "Gebeld"})

    assert mail.outbox  # the follow-up mail went out (and was not logged)
    # The site's log lines (factory_boy, the test data builder, logs the names it makes up: not ours).
    records = [record for record in caplog.records if not record.name.startswith("factory")]
    assert any(record.name == "leuvenhelpt.auth" for record in records), "the test must capture the site's log"
    secrets = [SEEDED["name"], SEEDED["email"], ANONYMOUS["name"], ANONYMOUS["email"], "0470 11 22 33"]
    for fragment in {
        *secrets,
        *(part for s in secrets for part in re.split(r"[ @.-]", s) if len(part) > 5 and part != "example"),
    }:
        for record in records:
            text = f"{record.getMessage()} {record.args!r} {getattr(record, 'request', '')!r}"
            assert fragment.lower() not in text.lower(), (fragment, record.name, record.getMessage())
        for url in visited:
            assert fragment.lower() not in url.lower(), (fragment, url)
