"""Abuse limits on what anyone can make the site do without an account (send mail, create work), per client
and per e-mail address, still counted when Redis is down; and mails to addresses nobody confirmed carry only
fixed text and the reference, never what a visitor typed."""

import pytest
from django.core import mail
from django.db import connection
from django.test import Client, override_settings
from django.urls import reverse

from assistant import services as assistant_services
from requests_app.models import HelpRequest
from tests.assistant.test_guide import GUIDE_DOC
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

EVIL = "klant. Uw account is geblokkeerd: bevestig via https://evil.example/login"


def _ask(client: Client, email: str, name: str = "An Peeters"):
    return client.post(
        reverse("help:ask"),
        {
            "needs": ["finances"],
            "description": "Ik heb hulp nodig met mijn papieren.",
            "urgency": "1",
            "contact_way": "email",
            "full_name": name,
            "email": email,
            "consent": "on",
        },
    )


def test_the_help_form_is_limited_per_client_with_a_friendly_dutch_page():
    client = Client(REMOTE_ADDR="203.0.113.7")
    for number in range(5):
        assert _ask(client, f"persoon{number}@example.test").status_code == 302
    refused = _ask(client, "persoon9@example.test")
    assert refused.status_code == 429
    page = refused.content.decode()
    assert "U hebt dit te vaak geprobeerd" in page and "Er werd niets verstuurd en niets bewaard" in page
    assert HelpRequest.objects.count() == 5
    # Another client is not affected.
    assert _ask(Client(REMOTE_ADDR="203.0.113.8"), "ander@example.test").status_code == 302


def test_the_help_form_is_limited_per_address_whatever_the_client(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        for number in range(3):
            assert _ask(Client(REMOTE_ADDR=f"198.51.100.{number}"), "Slachtoffer@Example.test").status_code == 302
        refused = _ask(Client(REMOTE_ADDR="198.51.100.99"), "slachtoffer@example.test")
    assert refused.status_code == 429
    assert len([m for m in mail.outbox if m.to == ["Slachtoffer@Example.test"]]) == 3
    assert HelpRequest.objects.count() == 3


def test_the_follow_up_mail_carries_fixed_text_and_the_reference_only(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        assert _ask(Client(), "iemand@example.test", name=EVIL).status_code == 302
    (message,) = mail.outbox
    reference = HelpRequest.objects.get().reference
    assert reference in message.subject and reference in message.body
    for typed in ("evil.example", "geblokkeerd", "klant."):
        assert typed not in message.body and typed not in message.subject
    assert message.body.startswith("Goeiedag,")


@pytest.fixture
def edition():
    return assistant_services.edition_import(document=GUIDE_DOC, publish=True)


def test_mailing_the_assistant_result_is_limited_per_address_and_per_client(
    edition, django_capture_on_commit_callbacks
):
    url = reverse("assistant:mail_results")
    with django_capture_on_commit_callbacks(execute=True):
        for number in range(3):
            assert Client(REMOTE_ADDR=f"192.0.2.{number}").post(url, {"email": "doel@example.test"}).status_code == 302
        assert Client(REMOTE_ADDR="192.0.2.50").post(url, {"email": "doel@example.test"}).status_code == 429
        one = Client(REMOTE_ADDR="192.0.2.60")
        answers = [one.post(url, {"email": f"x{number}@example.test"}).status_code for number in range(6)]
    assert answers == [302] * 5 + [429]
    assert len(mail.outbox) == 8


def test_made_up_follow_up_links_are_limited_per_client():
    client = Client(REMOTE_ADDR="203.0.113.20")
    codes = [client.get(reverse("help:follow", args=[f"verzonnen-{n}"])).status_code for n in range(21)]
    assert codes == [404] * 20 + [429]


def _sign_up(client: Client, email: str, name: str = "An Peeters"):
    return client.post(
        reverse("account_signup"),
        {
            "full_name": name,
            "email": email,
            "password1": "Correct-horse-battery-9",
            "password2": "Correct-horse-battery-9",
            "preferred_language": "nl",
        },
    )


def test_sign_up_is_limited_per_client():
    client = Client(REMOTE_ADDR="203.0.113.30")
    codes = [_sign_up(client, f"nieuw{n}@example.test").status_code for n in range(6)]
    assert codes[:5] == [302] * 5 and codes[5] == 429
    assert "U hebt dit te vaak geprobeerd" in _sign_up(client, "nog@example.test").content.decode()


def test_sign_up_mails_never_carry_the_typed_name(django_capture_on_commit_callbacks):
    UserFactory(email="bestaat@example.test")
    with django_capture_on_commit_callbacks(execute=True):
        _sign_up(Client(REMOTE_ADDR="203.0.113.31"), "nieuw@example.test", name=EVIL)
        _sign_up(Client(REMOTE_ADDR="203.0.113.32"), "bestaat@example.test", name=EVIL)
    assert len(mail.outbox) == 2
    for message in mail.outbox:
        for typed in ("evil.example", "geblokkeerd"):
            assert typed not in message.body and typed not in message.subject


def test_mails_to_one_address_are_limited_whatever_the_form(django_capture_on_commit_callbacks):
    """Password-reset mails (and every other allauth mail) to one address: at most 3 an hour from the reset
    form, 5 an hour in all; the page answers the same, so nothing tells whether the address has an account."""
    UserFactory(email="doelwit@example.test")
    with django_capture_on_commit_callbacks(execute=True):
        for number in range(6):
            Client(REMOTE_ADDR=f"203.0.113.{40 + number}").post(
                reverse("account_reset_password"), {"email": "doelwit@example.test"}
            )
    assert len(mail.outbox) == 3


@pytest.mark.postgres
def test_the_limits_hold_when_redis_is_down():
    """With Redis unreachable the counters live in the database table (and the pages keep working)."""
    caches = {
        "default": {
            "BACKEND": "leuvenhelpt.cache.DegradingRedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens there
            "KEY_PREFIX": "test-down",
        },
        "database": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "leuvenhelpt_cache",
            "KEY_PREFIX": "test-down",
        },
        "fragments": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "fragments-down"},
    }
    with override_settings(CACHES=caches):
        client = Client(REMOTE_ADDR="203.0.113.60")
        codes = [_ask(client, f"p{n}@example.test").status_code for n in range(6)]
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM leuvenhelpt_cache WHERE cache_key LIKE %s", ["%help_request%"])
            (rows,) = cursor.fetchone()
    assert codes == [302] * 5 + [429]
    assert rows >= 1
    assert HelpRequest.objects.count() == 5
