"""Signing a demo user in through the real sign-in form: every browser test goes through here, so a
change to the sign-in (a second factor, say) is made in one place."""

from playwright.sync_api import expect

from accounts.demo import DEMO_PASSWORD


def sign_in(page, live_server, email: str, password: str = DEMO_PASSWORD) -> None:
    """Sign ``email`` in on ``page`` (its cookies are cleared first) and wait for the profile page."""
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/accounts/login/")
    page.locator("input[name=login]").fill(email)
    page.locator("input[name=password]").fill(password)
    page.locator("form button[type=submit]").last.click()
    expect(page).to_have_url(f"{live_server.url}/mijn/")
