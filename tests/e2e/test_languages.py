"""Every offered language in Chromium (issue 21): chosen with the language links (never the browser's language),
laid out right to left in Arabic, accessible (axe, WCAG 2.2 AA) in every language, and photographed at phone
width in Arabic and Ukrainian (set I18N_SCREENSHOTS to a folder to keep the screenshots)."""

import os
import re
from pathlib import Path

import pytest
from django.conf import settings
from playwright.sync_api import expect

pytestmark = [pytest.mark.e2e]

PHONE = {"width": 375, "height": 740}
NAMES = {"nl": "Nederlands", "en": "English", "fr": "Français", "ar": "العربية", "tr": "Türkçe", "uk": "Українська"}
PAGES = ["/", "/assistent/", "/assistent/vraag/audience/", "/assistent/producten/", "/hulp/"]


@pytest.fixture
def shots(tmp_path) -> Path:
    folder = Path(os.environ.get("I18N_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def choose(page, live_server, code: str) -> None:
    """Choose the language as a visitor does: its link in the header, under its own name."""
    page.goto(f"{live_server.url}/")
    page.locator(f'.lang-switch a[hreflang="{code}"]').click()
    expect(page.locator("html")).to_have_attribute("lang", code)


@pytest.mark.parametrize("code", settings.LANGUAGES_OFFERED)
def test_every_language_is_chosen_explicitly_and_accessible(browser, live_server, demo, assert_accessible, code):
    # An Arabic browser still gets Dutch until the visitor chooses (a borrowed phone never traps anyone).
    context = browser.new_context(locale="ar", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(f"{live_server.url}/")
    expect(page.locator("html")).to_have_attribute("lang", "nl")
    expect(page.locator(f'.lang-switch a[hreflang="{code}"]')).to_have_text(NAMES[code])
    choose(page, live_server, code)
    for path in PAGES:
        page.goto(f"{live_server.url}{path}")
        expect(page.locator("html")).to_have_attribute("lang", code)
        expect(page.locator("html")).to_have_attribute("dir", "rtl" if code == "ar" else "ltr")
        assert_accessible(page)
    # The error summary of the help form, in this language.
    page.goto(f"{live_server.url}/hulp/")
    page.locator("form.help-form button[type=submit]").click()
    expect(page.locator(".error-summary")).to_be_visible()
    assert_accessible(page)
    context.close()


def overflow(page) -> int:
    """How far the page sticks out sideways (0 when nothing does)."""
    return page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")


@pytest.mark.parametrize("code", ["ar", "uk"])
def test_phone_width_screenshots(browser, live_server, demo, assert_accessible, shots, code):
    context = browser.new_context(locale="nl-BE", viewport=PHONE)
    page = context.new_page()
    choose(page, live_server, code)
    page.screenshot(path=f"{shots}/{code}_home.png", full_page=True)
    brand = page.locator(".site-header .brand").bounding_box()
    if code == "ar":  # right to left: the logo stands on the right
        assert brand["x"] + brand["width"] > PHONE["width"] - 30, brand
        phone_link = page.locator('.site-footer a[href^="tel:"]')
        assert phone_link.evaluate("el => getComputedStyle(el).direction") == "ltr"
        expect(phone_link).to_have_text(settings.LEUVENHELPT["PHONE"])
    else:
        assert brand["x"] < 30, brand
    assert overflow(page) <= 0

    # The assistant: a question (Dutch catalogue text marked lang="nl", with the notice), then the results.
    page.goto(f"{live_server.url}/assistent/vraag/audience/")
    expect(page.locator(".language-notice")).to_have_attribute("lang", code)
    expect(page.locator("h1.h2")).to_have_attribute("lang", "nl")
    page.screenshot(path=f"{shots}/{code}_question.png", full_page=True)
    assert overflow(page) <= 0
    page.locator("input[name=answer]").first.check()
    page.locator("form.question-form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/assistent/vraag/"))
    page.goto(f"{live_server.url}/assistent/resultaat/")
    page.screenshot(path=f"{shots}/{code}_results.png", full_page=True)
    assert_accessible(page)
    page.emulate_media(media="print")
    page.screenshot(path=f"{shots}/{code}_results_print.png", full_page=True)
    page.emulate_media(media="screen")

    # The help form with its error summary.
    page.goto(f"{live_server.url}/hulp/")
    page.locator("form.help-form button[type=submit]").click()
    expect(page.locator(".error-summary")).to_be_visible()
    page.screenshot(path=f"{shots}/{code}_help_errors.png", full_page=True)
    assert overflow(page) <= 0

    page.goto(f"{live_server.url}/assistent/producten/")
    page.screenshot(path=f"{shots}/{code}_products.png", full_page=False)
    assert overflow(page) <= 0
    context.close()


def test_an_editor_translates_a_product_side_by_side_and_the_arabic_page_shows_it(
    page, live_server, demo, assert_accessible, shots
):
    from assistant.models import Edition
    from tests.e2e.signin import sign_in

    sign_in(page, live_server, "redacteur@leuvenhelpt.test")
    published = Edition.objects.get(state="published")
    page.goto(f"{live_server.url}/assistent/redactie/edities/{published.pk}/")
    page.get_by_role("button", name="Maak een concept om deze editie te veranderen").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("-v2")
    draft = Edition.objects.get(state="draft")
    page.get_by_role("link", name="Vertalingen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Vertalingen")
    assert_accessible(page)
    product = draft.document["products"][0]
    page.goto(f"{live_server.url}/assistent/redactie/edities/{draft.pk}/vertalingen/producten/{product['key']}/")
    page.screenshot(path=f"{shots}/editor_translations.png", full_page=True)
    assert_accessible(page)
    field = page.locator(f'input[name="products.{product["key"]}.name:ar"]')
    expect(field).to_have_attribute("dir", "rtl")
    field.fill("اسم تجريبي")
    page.locator(f'input[name="products.{product["key"]}.name:ar:machine"]').check()
    page.get_by_role("button", name="Vertalingen bewaren").click()
    expect(page.locator(".alert-success")).to_contain_text("De vertalingen zijn bewaard.")
    expect(page.locator(f'input[name="products.{product["key"]}.name:ar:machine"]')).to_be_checked()
    draft.refresh_from_db()
    assert draft.document["unchecked"]["ar"] == [f"products.{product['key']}.name"]
