"""Asking for help in Chromium: without an account (reference and follow-up link on screen) and as the
demo citizen (the question appears under Mijn aanvragen with status "Ontvangen")."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.e2e]

REFERENCE = re.compile(r"^LH-[A-Z0-9]{4}-[0-9]{2}$")


def fill_the_question(page):
    page.get_by_label("Papieren en digitale hulp").check()
    page.get_by_label("Waarbij hebt u hulp nodig?").fill("Ik begrijp de brief van de belastingen niet.")
    page.get_by_label("Zo snel mogelijk").check()


def test_an_anonymous_citizen_asks_for_help_and_sees_the_reference(page, live_server, demo, assert_accessible):
    page.goto(f"{live_server.url}/")
    page.get_by_role("link", name="Vraag hulp").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Vraag hulp")
    assert_accessible(page)

    fill_the_question(page)
    page.get_by_label("Uw naam").fill("Jan Janssens")
    page.get_by_role("button", name="Mijn vraag versturen").click()
    expect(page.locator(".error-summary")).to_contain_text("Vul een telefoonnummer of een e-mailadres in")
    expect(page.locator(".error-summary")).to_contain_text("Vink het vakje aan")
    expect(page.get_by_label("Uw naam")).to_have_value("Jan Janssens")
    assert_accessible(page)

    page.get_by_label("Telefoonnummer").fill("0470 12 34 56")
    page.get_by_label("Ik ga akkoord dat Leuven Helpt mij over mijn vraag contacteert").check()
    page.get_by_role("button", name="Mijn vraag versturen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("We hebben uw vraag ontvangen")
    reference = page.locator("#reference").inner_text()
    assert REFERENCE.match(reference)
    assert_accessible(page)

    page.locator(".follow-link a").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(reference)
    expect(page.locator("#status")).to_have_text("Ontvangen")
    assert_accessible(page)


def test_the_demo_citizen_asks_and_follows_it_under_my_requests(page, live_server, demo, assert_accessible):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("E-mailadres").fill("burger@leuvenhelpt.test")
    page.get_by_label("Wachtwoord").fill("LeuvenHelpt-demo")
    page.get_by_role("button", name="Aanmelden").click()
    expect(page).to_have_url(f"{live_server.url}/mijn/")

    page.goto(f"{live_server.url}/hulp/")
    fill_the_question(page)
    page.get_by_label("Ik ga akkoord dat Leuven Helpt mij over mijn vraag contacteert").check()
    page.get_by_role("button", name="Mijn vraag versturen").click()
    reference = page.locator("#reference").inner_text()
    assert REFERENCE.match(reference)

    page.get_by_role("link", name="Mijn aanvragen").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mijn aanvragen")
    row = page.locator("tr", has_text=reference)
    expect(row).to_contain_text("Ontvangen")
    assert_accessible(page)

    row.get_by_role("link", name=reference).click()
    expect(page.locator("#status")).to_have_text("Ontvangen")
    expect(page.locator(".public-timeline")).to_contain_text("We hebben uw vraag ontvangen.")
    assert_accessible(page)
