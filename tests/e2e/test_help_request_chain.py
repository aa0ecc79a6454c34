"""The whole chain in Chromium, each actor in their own browser context and all through the Dutch UI:
the demo citizen asks for help, the coordinator takes the request up and refers it to CAW Oost-Brabant,
the caseworker accepts it (the citizen reads that the support started) or declines it (the request is back
in triage). The statuses checked are the plain-language texts of ``requests_app/status.py``."""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.e2e.signin import sign_in as sign_in_page

pytestmark = [pytest.mark.e2e]

REFERENCE = re.compile(r"^LH-[A-Z0-9]{4}-[0-9]{2}$")
PARTNER = "CAW Oost-Brabant"
DESCRIPTION = "Ik heb schulden bij de energieleverancier en krijg aanmaningen. Ik weet niet hoe ik moet afbetalen."


def skip_axe(page) -> None:
    """Stands in for ``assert_accessible`` on pages the chain test already checks."""


@pytest.fixture
def sign_in(browser, live_server):
    """Opens a fresh Dutch browser context, signs a demo user in and returns its page; closes them all after."""
    contexts = []

    def open_as(email: str):
        context = browser.new_context(locale="nl-BE", viewport={"width": 1280, "height": 900})
        contexts.append(context)
        page = context.new_page()
        sign_in_page(page, live_server, email)  # staff complete the second factor there
        return page

    yield open_as
    for context in contexts:
        context.close()


def citizen_asks_for_help(page, live_server, check) -> str:
    """Step 1: the demo citizen asks at /hulp/; the request is under Mijn aanvragen as "Ontvangen"."""
    page.goto(f"{live_server.url}/hulp/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Vraag hulp")
    check(page)
    page.get_by_label("Geld en schulden").check()
    page.get_by_label("Waarbij hebt u hulp nodig?").fill(DESCRIPTION)
    page.get_by_label("Zo snel mogelijk").check()
    page.locator("input[name=consent]").check()  # agreeing to be contacted, in the words stored with the consent
    page.get_by_role("button", name="Mijn vraag versturen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("We hebben uw vraag ontvangen")
    reference = page.locator("#reference").inner_text().strip()
    assert REFERENCE.match(reference), reference
    check(page)

    page.get_by_role("link", name="Mijn aanvragen").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mijn aanvragen")
    expect(page.locator("tr", has_text=reference)).to_contain_text("Ontvangen")
    check(page)
    page.get_by_role("link", name=reference).click()
    expect(page).to_have_url(f"{live_server.url}/mijn/aanvragen/{reference}/")
    expect(page.locator("#status")).to_have_text("Ontvangen")
    check(page)
    return reference


def coordinator_refers_to_the_partner(page, live_server, check, reference: str) -> None:
    """Step 2: the coordinator finds the new request in the queue, takes it up and refers it to the CAW."""
    page.goto(f"{live_server.url}/coordinatie/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Triagelijst")
    check(page)
    page.get_by_label("Status").select_option(label="Ingediend")
    page.get_by_label("Hulpvraag", exact=True).select_option(label="Geld en schulden")
    page.get_by_role("button", name="Filteren").click()
    expect(page).to_have_url(re.compile(r"/coordinatie/\?.*state=submitted.*need=finances"))
    row = page.locator("tr", has_text=reference)
    expect(row).to_contain_text("Ingediend")
    row.get_by_role("link", name=reference).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(f"Hulpvraag {reference}")
    expect(page.locator(".request-description")).to_contain_text(DESCRIPTION)
    check(page)

    page.get_by_role("button", name="Deze hulpvraag opnemen").click()
    expect(page.locator(".alert-success")).to_be_visible()
    expect(page.locator("h1 .request-state")).to_have_text("Triage")
    page.get_by_label(PARTNER).check()
    page.get_by_label("Notitie voor de partner").fill("Graag budgetbegeleiding.")
    # The citizen agreed on the phone that their question goes to the CAW: the coordinator records it.
    page.locator("input[name=refer-consent_recorded]").check()
    page.locator("select[name=refer-consent_channel]").select_option("phone")
    page.get_by_role("button", name="Doorverwijzen", exact=True).click()
    expect(page.locator(".alert-success")).to_contain_text(f"De hulpvraag is doorverwezen naar: {PARTNER}.")
    expect(page.locator("h1 .request-state")).to_have_text("Doorverwezen naar een partner")
    expect(page.locator(".referral-item", has_text=PARTNER)).to_contain_text("Wacht op antwoord")


def citizen_reads_the_status(page, reference: str, status: str) -> None:
    """The citizen reloads the request's page and the list under Mijn aanvragen."""
    page.get_by_role("link", name="Al mijn aanvragen").click()
    expect(page.locator("tr", has_text=reference)).to_contain_text(status)
    page.get_by_role("link", name=reference).click()
    expect(page.locator("#status")).to_have_text(status)


def caseworker_opens_the_referral(page, live_server, check, reference: str) -> None:
    """Step 4 (start): the caseworker of the CAW finds the referral under /partners/ and opens it."""
    page.goto(f"{live_server.url}/partners/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Doorverwijzingen naar uw organisatie")
    check(page)
    page.locator("tr", has_text=reference).get_by_role("link", name=reference).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(f"Doorverwijzing {reference}")
    expect(page.locator(".request-description")).to_contain_text(DESCRIPTION)
    expect(page.locator(".referral-note")).to_have_text("Graag budgetbegeleiding.")
    check(page)


def test_a_request_goes_from_the_citizen_to_a_started_support_track(live_server, demo, sign_in, assert_accessible):
    citizen = sign_in("burger@leuvenhelpt.test")
    reference = citizen_asks_for_help(citizen, live_server, assert_accessible)

    coordinator = sign_in("coordinator@leuvenhelpt.test")
    coordinator_refers_to_the_partner(coordinator, live_server, assert_accessible, reference)

    citizen_reads_the_status(citizen, reference, f"Doorverwezen naar {PARTNER} — zij nemen contact met u op")
    expect(citizen.locator(".public-timeline")).to_contain_text(f"We hebben {PARTNER} gevraagd om u te helpen.")

    caseworker = sign_in("hulpverlener@leuvenhelpt.test")
    caseworker_opens_the_referral(caseworker, live_server, assert_accessible, reference)
    started_on = timezone.localdate()
    caseworker.get_by_label("Contactpersoon voor de hulpvrager").fill("Fatima Benali")
    caseworker.get_by_label("De begeleiding start op").fill(started_on.isoformat())
    caseworker.get_by_role("button", name="Aanvaarden en de begeleiding starten").click()
    expect(caseworker.locator(".alert-success")).to_contain_text("U hebt de doorverwijzing aanvaard")
    expect(caseworker.locator("#track-title")).to_be_visible()
    expect(caseworker.locator("h1 .referral-status")).to_have_text("Aanvaard")
    # The support track's facts (closing the loop shows them as a list: contact person, started, under way).
    expect(caseworker.locator("dt", has_text="Contactpersoon").locator("xpath=following-sibling::dd[1]")).to_have_text(
        "Fatima Benali"
    )

    citizen_reads_the_status(citizen, reference, f"Uw begeleiding is gestart: {PARTNER} (Fatima Benali)")
    expect(citizen.locator(".public-timeline")).to_contain_text("Uw begeleiding is gestart.")


def test_a_declined_referral_sends_the_request_back_to_triage(live_server, demo, sign_in):
    # Every page here is checked with axe in the test above: no second run.
    citizen = sign_in("burger@leuvenhelpt.test")
    reference = citizen_asks_for_help(citizen, live_server, skip_axe)
    coordinator = sign_in("coordinator@leuvenhelpt.test")
    coordinator_refers_to_the_partner(coordinator, live_server, skip_axe, reference)

    caseworker = sign_in("hulpverlener@leuvenhelpt.test")
    caseworker_opens_the_referral(caseworker, live_server, skip_axe, reference)
    caseworker.get_by_label("Op dit moment geen plaats").check()
    caseworker.get_by_label("Toelichting").fill("Onze budgetbegeleiders zitten vol tot na de zomer.")
    caseworker.get_by_role("button", name="Weigeren", exact=True).click()
    expect(caseworker.locator(".alert-success")).to_contain_text("U hebt de doorverwijzing geweigerd")
    expect(caseworker.locator("h1 .referral-status")).to_have_text("Geweigerd")
    expect(caseworker.locator("#main")).to_contain_text(
        "Reden: Op dit moment geen plaats — Onze budgetbegeleiders zitten vol tot na de zomer."
    )

    coordinator.get_by_role("link", name="Terug naar de triagelijst").click()
    expect(coordinator.get_by_role("heading", level=1)).to_have_text("Triagelijst")
    coordinator.get_by_label("Status").select_option(label="Triage")
    coordinator.get_by_role("button", name="Filteren").click()
    expect(coordinator).to_have_url(re.compile(r"/coordinatie/\?.*state=triage"))
    row = coordinator.locator("tr", has_text=reference)
    expect(row.locator(".request-state")).to_have_text("Triage")
    row.get_by_role("link", name=reference).click()
    expect(coordinator.locator("h1 .request-state")).to_have_text("Triage")
    declined = coordinator.locator(".referral-item", has_text=PARTNER)
    expect(declined.locator(".referral-status")).to_have_text("Geweigerd")
    expect(declined).to_contain_text("Reden: Op dit moment geen plaats")

    citizen_reads_the_status(citizen, reference, "We bekijken uw vraag")
