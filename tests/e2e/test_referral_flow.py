"""A coordinator refers a request to CAW Oost-Brabant; the caseworker accepts (support starts) or declines
(back to triage). Selectors use names and addresses, not texts, so they hold in Dutch and English."""

import pytest
from playwright.sync_api import expect

from accounts.models import Organization
from requests_app.models import HelpRequest, Referral
from requests_app.workflow import State
from tests.e2e.signin import sign_in
from tests.factories import PersonFactory, make_request

pytestmark = [pytest.mark.e2e]


def coordinator_refers_to_caw(page, live_server, assert_accessible) -> HelpRequest:
    request = make_request(person=PersonFactory(full_name="Gerda Vanderlinden"), urgency=4, needs=["finances"])
    caw = Organization.objects.get(slug="caw-oost-brabant")
    sign_in(page, live_server, "coordinator@leuvenhelpt.test")
    page.goto(f"{live_server.url}/coordinatie/")
    assert_accessible(page)
    page.get_by_role("table").locator(f"a[href='/coordinatie/{request.reference}/']").click()
    expect(page.locator("h1")).to_contain_text(request.reference)
    assert_accessible(page)
    page.locator("button[value=take_up]").click()
    expect(page.locator(".alert-success")).to_be_visible()
    page.locator(f"input[name=refer-organizations][value='{caw.pk}']").check()
    page.locator("textarea[name=refer-note]").fill("Graag budgetbegeleiding.")
    # The help seeker agreed on the phone to share their question with the CAW.
    page.locator("input[name=refer-consent_recorded]").check()
    page.locator("select[name=refer-consent_channel]").select_option("phone")
    page.locator("button[value=refer]").click()
    expect(page.locator(".alert-success")).to_contain_text("CAW Oost-Brabant")
    expect(page.locator(".referral-item")).to_contain_text("CAW Oost-Brabant")
    assert_accessible(page)
    assert HelpRequest.objects.get(pk=request.pk).state == State.REFERRED
    return request


def caseworker_opens_the_referral(page, live_server, assert_accessible, request: HelpRequest) -> None:
    referral = Referral.objects.get(request=request, organization__slug="caw-oost-brabant")
    sign_in(page, live_server, "hulpverlener@leuvenhelpt.test")
    page.goto(f"{live_server.url}/partners/")
    assert_accessible(page)
    page.locator(f"a[href='/partners/{referral.pk}/']").click()
    expect(page.locator("#main")).to_contain_text("Gerda Vanderlinden")
    expect(page.locator("#main")).to_contain_text("Graag budgetbegeleiding.")
    assert_accessible(page)


def test_a_referral_is_accepted_and_the_support_starts(page, live_server, demo, assert_accessible):
    request = coordinator_refers_to_caw(page, live_server, assert_accessible)
    caseworker_opens_the_referral(page, live_server, assert_accessible, request)
    page.locator("input[name=accept-contact_person]").fill("Fatima Benali")
    page.locator("button[value=accept]").click()
    expect(page.locator(".alert-success")).to_be_visible()
    expect(page.locator("#track-title")).to_be_visible()
    assert_accessible(page)
    request.refresh_from_db()
    assert request.state == State.SUPPORT_STARTED
    assert request.support_track.contact_person == "Fatima Benali"


def test_a_declined_referral_goes_back_to_triage(page, live_server, demo, assert_accessible):
    request = coordinator_refers_to_caw(page, live_server, assert_accessible)
    caseworker_opens_the_referral(page, live_server, assert_accessible, request)
    page.locator("button[value=decline]").click()  # no reason: the form says what is missing
    expect(page.locator(".error-summary")).to_be_visible()
    assert_accessible(page)
    page.locator("input[name=decline-reason][value=no_capacity]").check()
    page.locator("button[value=decline]").click()
    expect(page.locator(".alert-success")).to_be_visible()
    request.refresh_from_db()
    assert request.state == State.TRIAGE

    sign_in(page, live_server, "coordinator@leuvenhelpt.test")
    page.goto(f"{live_server.url}/coordinatie/?state=triage")
    expect(page.get_by_role("table").locator(f"a[href='/coordinatie/{request.reference}/']")).to_be_visible()
    page.get_by_role("table").locator(f"a[href='/coordinatie/{request.reference}/']").click()
    expect(page.locator(".referral-item")).to_contain_text("CAW Oost-Brabant")
    expect(page.locator(".status-declined")).to_be_visible()
