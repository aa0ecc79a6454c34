"""The API's documentation page in Chromium: Swagger UI renders every endpoint from the vendored files under the
site's Content-Security-Policy, and asks nothing of another origin."""

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_swagger_ui_shows_the_api_from_our_own_origin_only(page, live_server):
    requested, refused = [], []
    page.on("request", lambda request: requested.append(request.url))
    page.on(
        "console", lambda message: refused.append(message.text) if "Content Security Policy" in message.text else None
    )
    page.goto(f"{live_server.url}/api/v1/docs/")
    expect(page.get_by_text("Leuven Helpt API for partner organisations")).to_be_visible()
    expect(page.get_by_text("/api/v1/referrals/{referral_id}/accept/")).to_be_visible()
    assert requested and all(url.startswith(live_server.url) or url.startswith("data:") for url in requested), requested
    assert [text for text in refused if "script" in text] == [], refused
