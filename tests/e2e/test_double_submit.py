"""A double click on "Mijn vraag versturen" sends the form once: the button disables itself right after the
first click (static/js/site.js); the server's one-time token catches a second post anyway
(tests/security/test_once.py)."""

import pytest
from playwright.sync_api import expect

from tests.e2e.test_ask_for_help import fill_the_question

pytestmark = [pytest.mark.e2e]


def test_the_send_button_disables_itself_after_one_click(page, live_server, transactional_db):
    page.goto(f"{live_server.url}/hulp/")
    fill_the_question(page)
    # Count the form's submissions and keep the page here (as a slow connection would), after site.js ran.
    page.evaluate(
        """() => { window.submits = 0;
        window.addEventListener("submit", (event) => { window.submits += 1; event.preventDefault(); }); }"""
    )
    button = page.get_by_role("button", name="Mijn vraag versturen")
    button.click()
    expect(button).to_be_disabled()
    expect(button).to_have_attribute("aria-busy", "true")
    button.click(force=True)
    assert page.evaluate("() => window.submits") == 1
