"""Each demo role signs in through the real sign-in form and lands on its page, accessibly."""

import pytest
from playwright.sync_api import expect

from accounts.demo import ACCOUNTS, DEMO_PASSWORD
from accounts.roles import STAFF_ROLES
from tests.e2e.signin import fresh_demo_code, landing_path

pytestmark = [pytest.mark.e2e]

LANDING_BADGE = {
    "citizen": "Burger",
    "intermediary": "Intermediair",
    "kcc_agent": "KCC-medewerker",
    "coordinator": "Coördinator",
    "volunteer": "Vrijwilliger",
    "caseworker": "Hulpverlener",
    "catalogue_editor": "Catalogusredacteur",
    "dpo": "Functionaris voor gegevensbescherming",
    "manager": "Manager",
    "admin": "Beheerder",
}
ONE_PER_ROLE = list({role: (email, name) for email, name, role, _org, _job in ACCOUNTS}.items())


@pytest.mark.parametrize(("role", "account"), ONE_PER_ROLE, ids=[role for role, _ in ONE_PER_ROLE])
def test_demo_role_signs_in_and_lands_on_their_work_area(page, live_server, demo, assert_accessible, role, account):
    email, full_name = account
    page.goto(f"{live_server.url}/accounts/login/")
    assert_accessible(page)
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_label("Wachtwoord").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Aanmelden").click()
    if role in STAFF_ROLES:
        # Staff give their second factor (the demo accounts' TOTP key is in the README).
        expect(page).to_have_url(f"{live_server.url}/accounts/2fa/authenticate/")
        assert_accessible(page)
        page.get_by_label("Code").fill(fresh_demo_code(email))
        page.locator("form:has(input[name=code]) button[type=submit]").first.click()  # not "Annuleren"
    # Staff land on their work area (the KCC console, the triage queue…), the public side on /mijn/.
    expect(page).to_have_url(f"{live_server.url}{landing_path(email)}")
    assert (landing_path(email) == "/mijn/") == (role not in STAFF_ROLES or role == "admin")
    assert_accessible(page)
    page.goto(f"{live_server.url}/mijn/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Mijn profiel")
    expect(page.locator(".role-badge")).to_contain_text(LANDING_BADGE[role])
    expect(page.locator("header")).to_contain_text(full_name)
    assert_accessible(page)
    if role == "admin":
        expect(page.get_by_role("link", name="Beheer")).to_be_visible()
    else:
        expect(page.get_by_role("link", name="Beheer")).to_have_count(0)


def test_public_pages_are_accessible_and_work_with_the_keyboard(page, live_server, demo, assert_accessible):
    page.goto(live_server.url)
    assert_accessible(page)
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Naar de hoofdinhoud")
    expect(skip).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("#main")).to_be_focused()
    for path in ("/accounts/signup/", "/privacyverklaring/", "/toegankelijkheid/", "/bestaat-niet/"):
        page.goto(live_server.url + path)
        assert_accessible(page)


def test_language_switch_in_the_browser(page, live_server, demo):
    page.goto(live_server.url)
    expect(page.locator("html")).to_have_attribute("lang", "nl")
    page.get_by_role("link", name="English", exact=True).click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Do you need help?")


def test_sign_up_error_keeps_what_was_typed(page, live_server, demo, assert_accessible):
    page.goto(f"{live_server.url}/accounts/signup/")
    page.get_by_label("E-mailadres").fill("nieuw@example.test")
    page.locator("#id_password1").fill("Lange-zin-2026")
    page.get_by_label("Wachtwoord (bevestigen)").fill("Lange-zin-2026")
    page.get_by_role("button", name="Registreren").click()
    summary = page.locator(".error-summary")
    expect(summary).to_contain_text("Vul uw volledige naam in")
    expect(summary).to_be_focused()
    expect(page.get_by_label("E-mailadres")).to_have_value("nieuw@example.test")
    assert_accessible(page)
