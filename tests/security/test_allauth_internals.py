"""``accounts.allauth_internals`` is the one place that imports allauth's internal API. Each wrapper is used
here once, so an allauth upgrade that moves an internal fails this file (fix the module, nothing else)."""

import ast
import base64
import hashlib
import hmac
from pathlib import Path

import pytest
from allauth.mfa.models import Authenticator
from django.test import Client, RequestFactory
from django.urls import reverse

from accounts import allauth_internals as internals
from accounts.roles import Role

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "Correct-horse-battery-9"


def _hotp(secret: str, counter: int) -> str:
    digest = hmac.new(base64.b32decode(secret), counter.to_bytes(8, "big"), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    return f"{(int.from_bytes(digest[offset : offset + 4], 'big') & 0x7FFFFFFF) % 1_000_000:06d}"


def test_no_other_module_imports_allauth_internals():
    offenders = []
    for path in ROOT.rglob("*.py"):
        relative = path.relative_to(ROOT)
        if relative.parts[0] in {".venv", "staticfiles", "node_modules"} or path.name == "allauth_internals.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
            names = [node.module or ""] if isinstance(node, ast.ImportFrom) else []
            names += [alias.name for alias in node.names] if isinstance(node, ast.Import) else []
            if any(name.startswith("allauth") and ".internal" in name for name in names):
                offenders.append(str(relative))
    assert offenders == [], "import allauth's internals only through accounts/allauth_internals.py"


def test_totp_code_is_rfc_6238_with_thirty_second_periods():
    secret = "LEUVENHELPTDEMO2"
    assert internals.totp_code(secret, at=0) == _hotp(secret, 0)
    assert internals.totp_code(secret, at=95) == _hotp(secret, 3)


def test_a_session_marked_past_the_second_factor_reads_back_as_such(make_user):
    user = make_user(Role.COORDINATOR)
    request = RequestFactory().get("/")
    request.user = user
    request.session = {}
    assert internals.authentication_records(request) == []
    internals.mark_second_factor_passed(request.session, user)
    assert [record["method"] for record in internals.authentication_records(request)] == ["mfa"]


def test_recording_a_second_factor_adds_an_mfa_record(make_user, client):
    user = make_user(Role.COORDINATOR)
    authenticator = internals.activate_totp(user, "LEUVENHELPTDEMO2").instance
    request = RequestFactory().get("/")
    request.user = user
    request.session = client.session
    internals.record_second_factor(
        request, user, authenticator_type=authenticator.type, authenticator_id=authenticator.pk
    )
    assert any(record["method"] == "mfa" for record in internals.authentication_records(request))


def test_activating_totp_and_recovery_codes_and_releasing_a_used_code(make_user):
    user = make_user(Role.COORDINATOR)
    internals.activate_totp(user, "LEUVENHELPTDEMO2")
    codes = internals.activate_recovery_codes(user)
    assert len(codes) >= 8 and all(codes)
    assert set(Authenticator.objects.filter(user=user).values_list("type", flat=True)) == {
        Authenticator.Type.TOTP,
        Authenticator.Type.RECOVERY_CODES,
    }


@pytest.mark.mfa_enforced
def test_a_used_code_is_refused_until_it_is_released(make_user):
    user = make_user(Role.COORDINATOR, email="els@example.test")
    internals.activate_totp(user, "LEUVENHELPTDEMO2")
    authenticator = Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP)
    code = internals.totp_code("LEUVENHELPTDEMO2")

    def second_step_with(code: str) -> int:
        client = Client()
        client.post(reverse("account_login"), {"login": "els@example.test", "password": PASSWORD})
        return client.post(reverse("mfa_authenticate"), {"code": code}).status_code

    assert second_step_with(code) == 302
    assert second_step_with(code) == 200  # the form again: a code counts once
    internals.forget_used_totp_code(authenticator, code)
    assert second_step_with(code) == 302
