"""Accounts: sign up with e-mail verification, sign in by e-mail, the profile, password reset."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse

from accounts.models import User
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

SIGNUP = {
    "full_name": "Mieke Vandenberghe",
    "email": "mieke@example.test",
    "password1": "Groenplaats-2026!",
    "password2": "Groenplaats-2026!",
    "preferred_language": "nl",
}


def test_sign_up_creates_the_user_and_sends_a_verification_mail(client, django_capture_on_commit_callbacks):
    # allauth's mails go through the outbox: written in the request's transaction, sent after the commit.
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("account_signup"), SIGNUP)
    assert response.status_code == 302
    assert response.url == reverse("account_email_verification_sent")
    user = User.objects.get(email="mieke@example.test")
    assert user.full_name == "Mieke Vandenberghe"
    assert user.preferred_language == "nl"
    assert user.password.startswith("md5$")  # the test hasher; Argon2 in production (test_settings)
    assert EmailAddress.objects.get(user=user).verified is False
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["mieke@example.test"]
    assert mail.outbox[0].subject.startswith("[Leuven Helpt]")
    assert mail.outbox[0].body.startswith("Goeiedag,")
    assert "016 27 27 72" in mail.outbox[0].body


def test_confirming_the_mail_verifies_and_signs_in(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("account_signup"), SIGNUP)
    link = re.search(r"http://testserver(/accounts/confirm-email/[^\s]+/)", mail.outbox[0].body).group(1)
    response = client.post(link)
    assert response.status_code == 302
    assert EmailAddress.objects.get(email="mieke@example.test").verified is True
    assert client.get(reverse("accounts:profile")).status_code == 200


def test_sign_up_errors_are_dutch_next_to_the_field_and_keep_what_was_typed(client):
    data = SIGNUP | {"full_name": "", "password2": "iets-anders-123"}
    response = client.post(reverse("account_signup"), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Er is een probleem" in html  # the error summary
    assert "Vul uw volledige naam in" in html
    assert 'value="mieke@example.test"' in html
    assert not User.objects.filter(email="mieke@example.test").exists()


def test_sign_up_in_english_shows_english_errors(client):
    client.cookies["django_language"] = "en"
    response = client.post(reverse("account_signup"), SIGNUP | {"full_name": ""})
    assert "Enter your full name" in response.content.decode()


def test_unverified_user_cannot_sign_in(client, make_user):
    make_user(email="nog.niet@example.test", verified=False)
    response = client.post(
        reverse("account_login"), {"login": "nog.niet@example.test", "password": "Correct-horse-battery-9"}
    )
    assert response.status_code == 302
    assert response.url == reverse("account_email_verification_sent")
    assert "_auth_user_id" not in client.session


def test_sign_in_by_e_mail_lands_on_the_profile_in_the_users_language(client, make_user):
    make_user("citizen", email="an@example.test", preferred_language="en")
    response = client.post(
        reverse("account_login"), {"login": "AN@example.test", "password": "Correct-horse-battery-9"}
    )
    assert response.status_code == 302
    assert response.url == reverse("accounts:profile")
    assert response.cookies["django_language"].value == "en"
    page = client.get(response.url)
    assert page["Content-Language"] == "en"
    assert "My profile" in page.content.decode()


def test_wrong_password_is_refused_in_dutch(client, make_user):
    make_user(email="an@example.test")
    response = client.post(reverse("account_login"), {"login": "an@example.test", "password": "fout"})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert 'value="an@example.test"' in response.content.decode()
    assert "niet correct" in response.content.decode()


def test_profile_shows_roles_and_organisations(client, make_user):
    from tests.factories import MembershipFactory

    user = make_user("caseworker")
    MembershipFactory(user=user, organization__name="CAW Oost-Brabant", job_title="Maatschappelijk werker")
    client.force_login(user)
    html = client.get(reverse("accounts:profile")).content.decode()
    assert "CAW Oost-Brabant" in html
    assert "Maatschappelijk werker" in html
    assert "Hulpverlener" in html  # the caseworker role, in Dutch


def test_profile_update_saves_and_switches_language(client, make_user):
    user = make_user()
    client.force_login(user)
    response = client.post(
        reverse("accounts:profile"), {"full_name": "An Peeters", "phone": "0470 12 34 56", "preferred_language": "en"}
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert (user.full_name, user.phone, user.preferred_language) == ("An Peeters", "0470 12 34 56", "en")
    assert response.cookies["django_language"].value == "en"


def test_profile_errors_keep_what_was_typed(client, make_user):
    user = make_user(full_name="Oude Naam")
    client.force_login(user)
    response = client.post(
        reverse("accounts:profile"), {"full_name": "Nieuwe Naam", "phone": "bel me", "preferred_language": "nl"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Vul een telefoonnummer in" in html
    assert 'value="Nieuwe Naam"' in html
    assert 'value="bel me"' in html
    user.refresh_from_db()
    assert user.full_name == "Oude Naam"


def test_profile_rejects_other_methods(client, make_user):
    client.force_login(make_user())
    assert client.put(reverse("accounts:profile")).status_code == 405


def test_password_reset_mail_and_new_password(client, make_user, django_capture_on_commit_callbacks):
    user = make_user(email="an@example.test")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("account_reset_password"), {"email": "an@example.test"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    link = re.search(r"http://testserver(/accounts/password/reset/key/[^\s]+/)", mail.outbox[0].body).group(1)
    form_url = client.get(link).url  # allauth moves the key into the session and redirects
    response = client.post(form_url, {"password1": "Nieuw-wachtwoord-42", "password2": "Nieuw-wachtwoord-42"})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("Nieuw-wachtwoord-42")


def test_password_reset_for_unknown_address_reveals_nothing(client):
    response = client.post(reverse("account_reset_password"), {"email": "niemand@example.test"})
    assert response.status_code == 302
    assert response.url == reverse("account_reset_password_done")


@pytest.mark.parametrize(
    ("role", "landing"),
    [
        ("kcc_agent", "/kcc/"),
        ("coordinator", "/coordinatie/"),
        ("caseworker", "/partners/"),
        ("dpo", "/privacy/"),
        ("manager", "/inzichten/"),
        ("citizen", "/mijn/"),
        ("volunteer", "/mijn/"),
    ],
)
def test_after_signing_in_staff_land_on_their_work_area(rf, role, landing):
    from accounts.adapters import AccountAdapter

    request = rf.get("/accounts/login/")
    request.user = UserFactory(roles=[role])
    assert AccountAdapter(request).get_login_redirect_url(request) == landing


def test_a_no_access_page_points_to_the_own_work_area(client):
    """A DPO following a link to a coordinator's page gets a way on, not a dead end."""
    client.force_login(UserFactory(roles=["dpo"]))
    response = client.get("/coordinatie/")
    assert response.status_code == 403
    assert 'href="/privacy/"' in response.content.decode()
