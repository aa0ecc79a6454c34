"""The session list in the browser: the demo citizen sees this device, ends the other one, on a desktop and
a phone, accessibly; a staff member reaches it after the second factor."""

import pytest
from playwright.sync_api import expect

from tests.e2e.signin import sign_in

pytestmark = [pytest.mark.e2e]


@pytest.mark.parametrize("width", [1280, 390], ids=["desktop", "phone"])
def test_the_citizen_sees_and_ends_their_other_session(browser, live_server, demo, assert_accessible, width):
    viewport = {"width": width, "height": 900}
    other = browser.new_context(locale="nl-BE", viewport=viewport)
    mine = browser.new_context(locale="nl-BE", viewport=viewport)
    try:
        other_page, page = other.new_page(), mine.new_page()
        sign_in(other_page, live_server, "burger@leuvenhelpt.test")
        sign_in(page, live_server, "burger@leuvenhelpt.test")
        page.get_by_role("link", name="Waar u aangemeld bent").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Waar u aangemeld bent")
        expect(page.get_by_text("dit toestel")).to_have_count(1)
        assert_accessible(page)
        page.get_by_role("button", name="Deze sessie beëindigen").click()
        expect(page.get_by_role("status")).to_contain_text("De sessie is beëindigd")
        expect(page.get_by_role("button", name="Deze sessie beëindigen")).to_have_count(0)
        other_page.goto(f"{live_server.url}/mijn/")
        expect(other_page).to_have_url(f"{live_server.url}/accounts/login/?next=/mijn/")
    finally:
        other.close()
        mine.close()


def test_a_staff_member_opens_the_session_list_after_the_second_factor(page, live_server, demo, assert_accessible):
    sign_in(page, live_server, "dpo@leuvenhelpt.test")
    page.goto(f"{live_server.url}/mijn/sessies/")
    expect(page.get_by_text("dit toestel")).to_have_count(1)
    assert_accessible(page)
