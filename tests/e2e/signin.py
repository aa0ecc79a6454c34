"""Signing a demo user in through the real sign-in form: every browser test goes through here, so a
change to the sign-in (a second factor, say) is made in one place.

Staff demo accounts have a TOTP authenticator with the demo secret (``accounts.demo``): after the
password, the second step is completed with the current code, as a person with the app would."""

from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from django.core.cache import cache
from django.urls import reverse
from playwright.sync_api import expect

from accounts.demo import DEMO_PASSWORD, demo_totp_code
from accounts.models import User
from accounts.roles import work_area


def fresh_demo_code(email: str) -> str | None:
    """The current demo code for a staff demo account (None when it has no TOTP). A code can be used once;
    a test that signs the same person in twice within 30 seconds gets it released again."""
    user = User.objects.filter(email=email).first()
    authenticator = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first() if user else None
    if authenticator is None:
        return None
    code = demo_totp_code()
    cache.delete(TOTP(authenticator)._get_used_cache_key(code))
    return code


def landing_path(email: str) -> str:
    """Where this account lands after signing in: staff on their work area, the public side on /mijn/."""
    return reverse(work_area(User.objects.get(email=email)))


def sign_in(page, live_server, email: str, password: str = DEMO_PASSWORD) -> None:
    """Sign ``email`` in on ``page`` (its cookies are cleared first) and wait for their landing page."""
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/accounts/login/")
    page.locator("input[name=login]").fill(email)
    page.locator("input[name=password]").fill(password)
    page.locator("form button[type=submit]").last.click()
    if (code := fresh_demo_code(email)) is not None:
        expect(page).to_have_url(f"{live_server.url}/accounts/2fa/authenticate/")
        page.locator("input[name=code]").fill(code)
        page.locator("form:has(input[name=code]) button[type=submit]").first.click()  # not "Annuleren"
    expect(page).to_have_url(f"{live_server.url}{landing_path(email)}")
