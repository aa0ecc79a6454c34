"""The citizen's privacy pages and the DPO area in Chromium, with axe: the demo citizen withdraws the consent
that let the CAW see their question, and the CAW's caseworker can no longer open it."""

import pytest
from playwright.sync_api import expect

from requests_app.models import Referral
from tests.e2e.signin import sign_in

pytestmark = [pytest.mark.e2e]


def test_the_citizen_withdraws_a_referral_consent_and_the_partner_loses_access(
    page, live_server, demo, assert_accessible
):
    referral = Referral.objects.get(request__person__user__email="burger@leuvenhelpt.test")
    sign_in(page, live_server, "burger@leuvenhelpt.test")
    page.goto(f"{live_server.url}/mijn/gegevens/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Wie bekeek mijn gegevens")
    assert_accessible(page)
    page.get_by_role("link", name="Mijn toestemmingen").click()
    card = page.locator(".card", has_text="CAW Oost-Brabant")
    expect(card).to_contain_text("geldig")
    assert_accessible(page)
    card.get_by_role("link", name="Deze toestemming intrekken").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Uw toestemming intrekken?")
    page.reload()  # a reload shows the confirmation again (it was a 405)
    expect(page.get_by_role("heading", level=1)).to_have_text("Uw toestemming intrekken?")
    assert_accessible(page)
    page.get_by_role("button", name="Ja, trek mijn toestemming in").click()
    expect(page.locator(".alert-success")).to_contain_text("ingetrokken")
    expect(page.locator(".card", has_text="CAW Oost-Brabant")).to_contain_text("ingetrokken")

    page.goto(f"{live_server.url}/mijn/gegevens/overzicht/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Al mijn gegevens")
    assert_accessible(page)

    sign_in(page, live_server, "hulpverlener@leuvenhelpt.test")
    response = page.goto(f"{live_server.url}/partners/{referral.pk}/")
    assert response.status == 403  # their own organisation's referral: a page that says why, not a 404
    expect(page.get_by_role("heading", name="U kunt deze aanvraag niet meer openen")).to_be_visible()
    assert_accessible(page)


def test_the_dpo_sees_the_waiting_erasure_request(page, live_server, demo, assert_accessible):
    sign_in(page, live_server, "dpo@leuvenhelpt.test")
    page.goto(f"{live_server.url}/privacy/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Verzoeken tot wissen")
    assert_accessible(page)
    page.locator("a[href^='/privacy/verzoeken/']").last.click()
    expect(page.get_by_role("heading", level=2, name="Beslissen")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Beslissing registreren").click()
    expect(page.locator(".error-summary")).to_contain_text("Kies of u de gegevens wist of beperkt bewaart.")
    assert_accessible(page)
