"""Journeys from the walk through the whole site (issue #18), where the browser is what went wrong."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.signin import sign_in

pytestmark = [pytest.mark.e2e]

PHONE = {"width": 375, "height": 740}


def test_on_a_phone_the_menu_is_folded_and_opens(browser, live_server, demo, assert_accessible):
    """The navigation filled the top third of a phone screen: now it folds behind "Menu"."""
    # Reduced motion: axe must judge the toggle's colours, not a frame of Bootstrap's colour transition while
    # the pointer still hovers it after the click (it read white on white once, mid-transition).
    context = browser.new_context(locale="nl-BE", viewport=PHONE, reduced_motion="reduce")
    context.set_default_timeout(10_000)
    page = context.new_page()
    try:
        sign_in(page, live_server, "coordinator@leuvenhelpt.test")
        menu = page.get_by_role("navigation", name="Hoofdmenu")
        expect(menu).to_be_hidden()
        # The content starts in the top third (measured at the main region: on the triage queue an urgent
        # request's banner rightly comes first in it, above the heading).
        main = page.locator("#main")
        assert main.bounding_box()["y"] < PHONE["height"] / 3
        toggle = page.get_by_role("button", name="Menu")
        expect(toggle).to_have_attribute("aria-expanded", "false")
        toggle.click()
        expect(menu).to_be_visible()
        expect(toggle).to_have_attribute("aria-expanded", "true")
        assert_accessible(page)
        menu.get_by_role("link", name="Mijn profiel").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Mijn profiel")
        expect(page.get_by_role("navigation", name="Hoofdmenu")).to_be_hidden()
    finally:
        context.close()


def test_on_a_phone_without_javascript_the_menu_opens_as_the_links_target(browser, live_server, demo):
    context = browser.new_context(locale="nl-BE", viewport=PHONE, java_script_enabled=False)
    context.set_default_timeout(10_000)
    page = context.new_page()
    try:
        page.goto(live_server.url)
        menu = page.get_by_role("navigation", name="Hoofdmenu")
        expect(menu).to_be_hidden()
        page.get_by_role("link", name="Menu").click()
        expect(menu).to_be_visible()
        expect(menu.get_by_role("link", name="Digitale assistent")).to_be_visible()
        menu.get_by_role("link", name="Menu sluiten").click()
        expect(menu).to_be_hidden()
    finally:
        context.close()


def test_on_a_desktop_the_menu_is_always_shown(page, live_server, demo):
    sign_in(page, live_server, "coordinator@leuvenhelpt.test")
    expect(page.get_by_role("navigation", name="Hoofdmenu")).to_be_visible()
    expect(page.locator("[data-menu-toggle]")).to_be_hidden()


def test_alt_shift_n_starts_the_kcc_contact(page, live_server, demo):
    """It focused the channel but did not start the contact."""
    sign_in(page, live_server, "kcc@leuvenhelpt.test")
    page.goto(f"{live_server.url}/kcc/")
    page.get_by_label("Loket").check()  # a channel other than the default
    page.keyboard.press("Alt+Shift+KeyN")
    expect(page).to_have_url(re.compile(r"/kcc/contact/\d+/$"))
    expect(page.locator("#main")).to_contain_text("Loket")
