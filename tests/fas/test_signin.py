"""Sign-in with itsme / the eID (the federal authentication service) against a local OpenID Connect provider."""

import json
import re
from io import StringIO
from urllib.parse import parse_qs, urlsplit

import pytest
from allauth.account.models import EmailAddress
from allauth.socialaccount.models import SocialAccount, SocialToken
from django.contrib.sessions.backends.db import SessionStore
from django.core.management import call_command
from django.urls import reverse

from accounts.fas.identity import identity_hash
from accounts.models import User
from accounts.roles import Role
from tests.factories import UserFactory
from tests.fas.conftest import NRN, NRN_DIGITS, sign_in, signed_in_user_id, to_provider

pytestmark = pytest.mark.django_db


def test_happy_path_makes_a_citizen_account_and_signs_in(client, idp):
    response = sign_in(client, idp)
    assert response.status_code == 302, response.content.decode()[:2000]
    user = User.objects.get(email="marie.peeters@example.test")
    assert signed_in_user_id(client) == str(user.pk)
    assert user.full_name == "Marie Peeters"
    assert user.role_names == {Role.CITIZEN}
    assert not user.has_usable_password()
    assert EmailAddress.objects.get(user=user).verified  # FAS said so
    assert client.get(response["Location"]).status_code == 200  # lands on /mijn/
    link = SocialAccount.objects.get(user=user)
    assert link.provider == "fas"
    assert link.uid == identity_hash(nrn=NRN_DIGITS)


def _everything_stored() -> str:
    """Every row of the database as JSON, and every session decoded: where a leaked number would show."""
    out = StringIO()
    call_command("dumpdata", stdout=out, exclude=["contenttypes", "auth.permission"])
    sessions = [
        json.dumps(SessionStore(session_key=key).load())
        for key in SessionStore.get_model_class().objects.values_list("session_key", flat=True)
    ]
    return out.getvalue() + "\n".join(sessions)


def test_the_national_register_number_is_stored_nowhere(client, idp, caplog):
    caplog.set_level("DEBUG")
    assert sign_in(client, idp).status_code == 302
    link = SocialAccount.objects.get()
    # The link holds a keyed hash, and besides only whether the address was verified and the level of assurance.
    assert link.uid == identity_hash(nrn=NRN) and len(link.uid) == 64
    assert link.extra_data == {"email_verified": True, "acr": "urn:be:fedict:iam:fas:Level500"}
    stored = _everything_stored()
    for form in (NRN, NRN_DIGITS, "fas-subject-0001"):
        assert form not in stored
        assert form not in caplog.text
    assert not SocialToken.objects.exists()  # FAS's tokens are not kept either


def test_the_hash_needs_the_key(settings):
    """Without NRN_HASH_KEY nobody can recompute the link from a number (a plain SHA-256 would allow it)."""
    linked = identity_hash(nrn=NRN)
    settings.NRN_HASH_KEY = "another-key"
    assert identity_hash(nrn=NRN) != linked
    assert identity_hash(nrn="85073003328") == identity_hash(nrn="85.07.30-033.28")
    assert identity_hash(subject=NRN_DIGITS) != identity_hash(nrn=NRN_DIGITS)  # a subject is not a number
    with pytest.raises(ValueError):
        identity_hash(nrn="", subject="")


def test_the_authorisation_request_has_state_nonce_and_pkce_and_no_personal_data(client, idp):
    sign_in(client, idp)
    (query,) = idp.authorize_requests
    assert set(query) == {
        "client_id",
        "redirect_uri",
        "scope",
        "response_type",
        "state",
        "nonce",
        "code_challenge",
        "code_challenge_method",
    }
    assert query["response_type"] == "code" and query["code_challenge_method"] == "S256"
    assert len(query["nonce"]) >= 32 and len(query["state"]) >= 16
    assert set(query["scope"].split()) == {"openid", "profile", "email", "egovnrn"}
    (token_request,) = idp.token_requests
    assert len(token_request["code_verifier"]) >= 43


def test_a_crafted_form_cannot_change_the_scope_or_the_parameters(client, idp):
    start = client.post(
        reverse("fas_login"), {"process": "login", "scope": "offline_access", "auth_params": "nonce=fixed&prompt=none"}
    )
    query = parse_qs(urlsplit(start["Location"]).query)
    assert set(query["scope"][0].split()) == {"openid", "profile", "email", "egovnrn"}
    assert query["nonce"] != ["fixed"] and "prompt" not in query


def test_a_second_sign_in_finds_the_same_account_by_the_hash(client, idp, django_user_model):
    assert sign_in(client, idp).status_code == 302
    first = User.objects.get()
    client.logout()
    # The same person, the number written differently, a new address at FAS: still the same account.
    idp.identity = {**idp.identity, "egovNRN": NRN_DIGITS, "email": "marie@elders.example.test"}
    assert sign_in(client, idp).status_code == 302
    assert signed_in_user_id(client) == str(first.pk)
    assert User.objects.count() == 1 and SocialAccount.objects.count() == 1


def test_a_signed_in_citizen_links_their_account(client, idp):
    citizen = UserFactory(email="an@example.test", roles=[Role.CITIZEN])
    client.force_login(citizen)
    profile = client.get(reverse("accounts:profile")).content.decode()
    assert 'value="connect"' in profile
    response = sign_in(client, idp, process="connect")
    assert response.status_code == 302 and response["Location"] == reverse("accounts:profile")
    link = SocialAccount.objects.get()
    assert link.user == citizen and link.uid == identity_hash(nrn=NRN)
    assert User.objects.count() == 1  # nothing new made, the FAS address did not replace the account's
    citizen.refresh_from_db()
    assert citizen.email == "an@example.test" and citizen.has_usable_password()
    page = client.get(reverse("accounts:profile")).content.decode()
    assert "gekoppeld aan itsme" in page and 'value="connect"' not in page
    # Next time, signing in with itsme lands in that account.
    client.logout()
    assert sign_in(client, idp).status_code == 302
    assert signed_in_user_id(client) == str(citizen.pk)


def test_an_account_with_the_verified_address_is_linked(client, idp):
    existing = UserFactory(email="marie.peeters@example.test", roles=[Role.CITIZEN])
    assert sign_in(client, idp).status_code == 302
    assert signed_in_user_id(client) == str(existing.pk)
    assert SocialAccount.objects.get().user == existing
    assert User.objects.count() == 1


def test_an_account_with_an_unverified_address_at_fas_is_not_linked(client, idp):
    existing = UserFactory(email="marie.peeters@example.test", roles=[Role.CITIZEN])
    idp.identity = {**idp.identity, "email_verified": False}
    response = sign_in(client, idp)
    # As with a sign-up by password: nobody is signed in, no second account with that address is made, the
    # page says to look in the mailbox, and the owner of the address gets allauth's "an account already exists"
    # mail (so the page tells no one whether the address has an account).
    assert response.status_code == 302 and response["Location"] == reverse("account_email_verification_sent")
    assert signed_in_user_id(client) is None
    assert not SocialAccount.objects.exists()
    assert list(User.objects.all()) == [existing]
    existing.refresh_from_db()
    assert existing.has_usable_password()  # allauth wipes a password only when it links by address


def test_without_an_address_a_form_asks_for_one(client, idp):
    idp.identity = {k: v for k, v in idp.identity.items() if k not in {"email", "email_verified"}}
    response = sign_in(client, idp)
    assert response.status_code == 302 and response["Location"] == reverse("socialaccount_signup")
    assert signed_in_user_id(client) is None
    page = client.get(response["Location"]).content.decode()
    assert "Uw account maken" in page and 'value="Marie Peeters"' in page  # the name FAS gave, to check
    form = client.post(
        reverse("socialaccount_signup"),
        {"email": "marie@example.test", "full_name": "Marie Peeters", "preferred_language": "nl"},
    )
    assert form.status_code == 302, form.content.decode()[:3000]
    user = User.objects.get(email="marie@example.test")
    assert user.role_names == {Role.CITIZEN}
    assert SocialAccount.objects.get().user == user


# -- refused: a clear Dutch page, nobody signed in, nothing made -----------------------------------------


def _assert_refused(response):
    assert response.status_code == 401
    page = response.content.decode()
    assert "Aanmelden met itsme of eID is niet gelukt" in page
    assert "U bent niet aangemeld" in page
    assert not User.objects.filter(email="marie.peeters@example.test").exists()
    assert not SocialAccount.objects.exists()


def test_a_tampered_id_token_is_refused(client, idp):
    idp.tamper_signature = True
    response = sign_in(client, idp)
    _assert_refused(response)
    assert signed_in_user_id(client) is None


def test_a_wrong_nonce_is_refused(client, idp):
    idp.wrong_nonce = True
    response = sign_in(client, idp)
    _assert_refused(response)
    assert signed_in_user_id(client) is None


def test_a_replayed_code_is_refused(client, idp, django_user_model):
    from django.test import Client

    callback = to_provider(client, idp)
    code = parse_qs(urlsplit(callback).query)["code"][0]
    assert client.get(callback).status_code == 302  # the real sign-in
    # An attacker who got hold of the code starts their own sign-in (their own state) and hands in that code.
    attacker = Client()
    own = parse_qs(urlsplit(to_provider(attacker, idp)).query)
    response = attacker.get(reverse("fas_callback"), {"code": code, "state": own["state"][0]})
    assert response.status_code == 401
    assert "Aanmelden met itsme of eID is niet gelukt" in response.content.decode()
    assert signed_in_user_id(attacker) is None
    # Opening the very same callback again (the browser's back button, a copied address) is refused too.
    stranger = Client()
    again = stranger.get(callback)
    assert again.status_code == 401 and signed_in_user_id(stranger) is None
    assert SocialAccount.objects.count() == 1


def test_a_callback_without_a_known_state_is_refused(client, idp):
    response = client.get(reverse("fas_callback"), {"code": "made-up", "state": "made-up"})
    _assert_refused(response)


def test_a_provider_that_refuses_shows_the_page(client, idp):
    start = client.post(reverse("fas_login"), {"process": "login"})
    state = parse_qs(urlsplit(start["Location"]).query)["state"][0]
    response = client.get(reverse("fas_callback"), {"error": "server_error", "state": state})
    _assert_refused(response)


# -- the button ----------------------------------------------------------------------------------------


def test_without_fas_settings_there_is_no_button_and_no_sign_in(client):
    page = client.get(reverse("account_login")).content.decode()
    assert "itsme" not in page
    assert client.post(reverse("fas_login"), {"process": "login"}).status_code == 404
    assert client.get(reverse("fas_callback"), {"code": "x", "state": "y"}).status_code == 404


def test_the_button_is_a_form_post_in_dutch(client, idp):
    page = client.get(reverse("account_login")).content.decode()
    assert "Aanmelden met itsme of eID" in page
    form = re.search(r'<form method="post" action="/accounts/fas/login/">(.*?)</form>', page, re.DOTALL)
    assert form is not None
    assert 'name="csrfmiddlewaretoken"' in form.group(1) and 'name="process" value="login"' in form.group(1)
    # A GET (a link someone was sent) starts nothing: it asks to press the button.
    confirm = client.get(reverse("fas_login"))
    assert confirm.status_code == 200 and not idp.authorize_requests
    assert "Aanmelden met itsme of eID" in confirm.content.decode()


# -- privacy: the download and erasure ------------------------------------------------------------------


def test_the_download_shows_the_link_but_not_its_identifier_and_erasure_deletes_it(client, idp):
    from dataprotection.retention import user_anonymise
    from privacy.export import personal_data_export

    assert sign_in(client, idp).status_code == 302
    user = User.objects.get()
    link = SocialAccount.objects.get()
    export = personal_data_export(user=user)
    (section,) = [s for s in export["sections"] if s["model"] == "socialaccount.SocialAccount"]
    (row,) = section["rows"]
    assert row["provider"] == "fas" and row["extra_data"]["email_verified"] is True
    assert "uid" not in row and link.uid not in json.dumps(export, default=str)
    user_anonymise(user=user)
    assert not SocialAccount.objects.exists()
    # The same person signing in again gets a new, empty account: nothing links them to the erased one.
    client.logout()
    assert sign_in(client, idp).status_code == 302
    assert signed_in_user_id(client) != str(user.pk)


def test_staff_who_linked_fas_still_give_their_second_factor(client, idp):
    from accounts.allauth_internals import activate_totp

    coordinator = UserFactory(email="els@example.test", roles=[Role.COORDINATOR])
    activate_totp(coordinator, "LEUVENHELPTDEMO2")
    SocialAccount.objects.create(user=coordinator, provider="fas", uid=identity_hash(nrn=NRN))
    response = sign_in(client, idp)
    assert response.status_code == 302 and response["Location"] == reverse("mfa_authenticate")
    assert signed_in_user_id(client) is None  # not before the code


def test_allauths_pages_around_the_link_say_u(client, idp):
    citizen = UserFactory(roles=[Role.CITIZEN])
    client.force_login(citizen)
    assert (
        "Er is nog geen extern account aan uw account gekoppeld."
        in client.get(reverse("socialaccount_connections")).content.decode()
    )
    sign_in(client, idp, process="connect")
    connections = client.get(reverse("socialaccount_connections")).content.decode()
    assert "U kunt zich aanmelden met een van deze externe accounts:" in connections and "itsme / eID" in connections
    cancelled = client.get(reverse("socialaccount_login_cancelled")).content.decode()
    assert "U hebt het aanmelden via een extern account afgebroken." in cancelled
    # The last way to sign in (no password: made through FAS) cannot be unlinked.
    citizen.set_unusable_password()
    citizen.save()
    client.force_login(citizen)  # (a new password hash ends the old session)
    link = SocialAccount.objects.get()
    response = client.post(reverse("socialaccount_connections"), {"account": link.pk}, follow=True)
    assert SocialAccount.objects.filter(pk=link.pk).exists()
    assert "Uw account heeft nog geen wachtwoord." in response.content.decode()
    # Unlinking works for an account that can still sign in otherwise.
    citizen.set_password("Another-password-42")
    citizen.save()
    client.force_login(citizen)
    response = client.post(reverse("socialaccount_connections"), {"account": link.pk}, follow=True)
    assert not SocialAccount.objects.exists()
    assert 'value="connect"' in response.content.decode()


def test_a_level_of_assurance_below_the_accepted_ones_is_refused(client, idp, settings):
    settings.FAS_ACR_VALUES = ["urn:be:fedict:iam:fas:Level450", "urn:be:fedict:iam:fas:Level500"]
    idp.acr = "urn:be:fedict:iam:fas:Level200"  # e.g. a username and password only
    _assert_refused(sign_in(client, idp))
    assert idp.authorize_requests[-1]["acr_values"] == "urn:be:fedict:iam:fas:Level450 urn:be:fedict:iam:fas:Level500"
    idp.acr = "urn:be:fedict:iam:fas:Level450"
    assert sign_in(client, idp).status_code == 302
    assert signed_in_user_id(client) == str(User.objects.get().pk)


def test_fas_cannot_be_configured_or_read_in_the_admin():
    """FAS comes from the environment only: allauth's admin pages for provider apps, tokens and links are gone."""
    from allauth.socialaccount.models import SocialApp
    from django.contrib import admin

    assert not any(admin.site.is_registered(model) for model in (SocialApp, SocialToken, SocialAccount))
