"""Sign-in with itsme / the eID in a real browser, against the local OpenID Connect provider on 127.0.0.1: the
button works without JavaScript (a form POST, the site's CSP lets the redirect to FAS through), and a refused
sign-in shows the Dutch page. Both pages pass axe (WCAG 2.2 AA)."""

import pytest
from django.conf import settings
from django.test import override_settings
from playwright.sync_api import expect

from accounts.models import User
from tests.fas.conftest import CLIENT_ID, CLIENT_SECRET, fas_settings
from tests.fas.oidc_provider import LocalOIDCProvider

pytestmark = [pytest.mark.e2e]


@pytest.fixture
def fas_idp(live_server):
    with LocalOIDCProvider(
        client_id=CLIENT_ID, client_secret=CLIENT_SECRET, redirect_uri=f"{live_server.url}/accounts/fas/login/callback/"
    ) as idp:
        idp.identity = {
            "sub": "fas-subject-0002",
            "egovNRN": "90.02.01-997.04",
            "email": "lotte.janssens@example.test",
            "email_verified": True,
            "given_name": "Lotte",
            "family_name": "Janssens",
        }
        # As settings.py does with FAS_SERVER_URL: the button's POST is answered with a redirect to FAS.
        csp = {**settings.SECURE_CSP, "form-action": [*settings.SECURE_CSP["form-action"], idp.issuer]}
        with override_settings(**fas_settings(idp.issuer), SECURE_CSP=csp):
            yield idp


def test_a_citizen_signs_in_with_itsme_without_javascript(browser, live_server, demo, fas_idp, assert_accessible):
    context = browser.new_context(locale="nl-BE", java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(f"{live_server.url}/accounts/login/")
        page.get_by_role("button", name="Aanmelden met itsme of eID").click()
        expect(page).to_have_url(f"{live_server.url}/mijn/")
        expect(page.get_by_text("lotte.janssens@example.test")).to_be_visible()
        expect(page.get_by_text("Uw account is gekoppeld aan itsme en uw eID")).to_be_visible()
    finally:
        context.close()
    assert User.objects.get(email="lotte.janssens@example.test").full_name == "Lotte Janssens"


def test_the_button_and_a_refused_sign_in_are_accessible(page, live_server, demo, fas_idp, assert_accessible):
    fas_idp.tamper_signature = True
    page.goto(f"{live_server.url}/accounts/login/")
    assert_accessible(page)
    page.get_by_role("button", name="Aanmelden met itsme of eID").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Aanmelden met itsme of eID is niet gelukt")
    expect(page.get_by_text("U bent niet aangemeld")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Terug naar de aanmeldpagina").click()
    expect(page).to_have_url(f"{live_server.url}/accounts/login/")


def test_without_an_address_from_fas_the_citizen_completes_a_form(page, live_server, demo, fas_idp, assert_accessible):
    fas_idp.identity = {k: v for k, v in fas_idp.identity.items() if k not in {"email", "email_verified"}}
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_role("button", name="Aanmelden met itsme of eID").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Uw account maken")
    expect(page.get_by_label("Volledige naam")).to_have_value("Lotte Janssens")
    assert_accessible(page)
    page.get_by_label("E-mailadres").fill("lotte@example.test")
    page.get_by_role("button", name="Mijn account maken").click()
    # The address is confirmed by mail before the first use (ACCOUNT_EMAIL_VERIFICATION).
    expect(page).to_have_url(f"{live_server.url}/accounts/confirm-email/")
    user = User.objects.get(email="lotte@example.test")
    assert user.full_name == "Lotte Janssens" and user.socialaccount_set.get().provider == "fas"
