"""A call at the KCC in Chromium, keyboard only: the agent starts the contact, finds the caller, runs the
guided intake, ticks a debt signal, makes the referral with the caller's consent, reads out the reference
code and ends the contact; the request is then in the coordinators' queue. axe-core on every screen."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.signin import sign_in

pytestmark = [pytest.mark.e2e]

REFERENCE = re.compile(r"^LH-[A-Z0-9]{4}-[0-9]{2}$")


def focused(page) -> str:
    """What has the keyboard focus: its text, value or label."""
    return page.evaluate(
        """() => {
            const el = document.activeElement;
            const label = el.id ? document.querySelector(`label[for="${el.id}"]`) : null;
            return (label ? label.innerText : el.innerText || el.value || el.getAttribute('aria-label') || '').trim();
        }"""
    )


def tab_to(page, text: str, limit: int = 60) -> None:
    """Press Tab until the focused element says ``text`` (as a keyboard user moves through the page)."""
    for _press in range(limit):
        if focused(page).startswith(text):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"{text!r} is not reachable with Tab (last: {focused(page)!r})")


def test_an_agent_takes_a_call_with_the_keyboard_only(page, live_server, demo, assert_accessible):
    sign_in(page, live_server, "kcc@leuvenhelpt.test")
    page.goto(f"{live_server.url}/kcc/")
    expect(page.get_by_role("heading", level=1)).to_have_text("KCC-console")
    assert_accessible(page)

    # The start button has the focus: Enter starts a phone contact, and the focus is in the search box.
    expect(page.get_by_role("button", name="Contact starten")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/kcc/contact/\d+/$"))
    expect(page.get_by_label("Beller zoeken")).to_be_focused()
    page.keyboard.type("jozef broeck")
    expect(page.locator("#search-results")).to_contain_text("Jozef Van den Broeck")
    assert_accessible(page)
    tab_to(page, "Dit is de beller")
    page.keyboard.press("Enter")

    # The caller is known: the card, the questions and the referral are swapped in (no page load, the search
    # results are gone) and the focus is on the question field.
    expect(page.locator("#search-results")).to_have_count(0)
    expect(page).to_have_url(re.compile(r"/kcc/contact/\d+/$"))
    expect(page.locator("#caller .kcc-person")).to_contain_text("Jozef Van den Broeck")
    expect(page.get_by_label("Vraag van de beller")).to_be_focused()
    page.keyboard.type("Ik krijg mijn facturen niet meer betaald.")
    page.keyboard.press("Enter")
    expect(page.locator("#questions ol")).to_contain_text("Ik krijg mijn facturen niet meer betaald.")

    # Guided intake: the agent reads the agent text and types the answers; the products update beside it.
    page.keyboard.press("Alt+Shift+KeyA")
    expect(page.locator("#intake legend")).to_contain_text("Vraag of de beller belt als inwoner")
    expect(page.get_by_label("Voor mezelf of mijn gezin")).to_be_focused()
    page.keyboard.press("Space")
    page.keyboard.press("Enter")
    expect(page.locator("#intake .kcc-answers")).to_contain_text("Voor mezelf of mijn gezin")
    page.keyboard.press("Space")  # the focus is on the next question's first option
    page.keyboard.press("Enter")
    expect(page.locator("#intake .kcc-answers dd")).to_have_count(2)
    expect(page.locator("#intake .kcc-products h3")).to_contain_text("van toepassing")

    # The question behind the question: a debt signal suggests the GBO.
    page.keyboard.press("Alt+Shift+KeyS")
    expect(page.get_by_label("heeft achterstallige facturen")).to_be_focused()
    page.keyboard.press("Space")
    page.keyboard.press("Enter")
    expect(page.locator("#screening")).to_contain_text("Voorgestelde routes")
    expect(page.locator("#screening ol")).to_contain_text("GBO")
    assert_accessible(page)

    # Warm referral: prefilled from the screening; the caller consents; the reference code is read out.
    page.keyboard.press("Alt+Shift+KeyD")
    expect(page.get_by_label("GBO – OCMW, CAW en mutualiteiten samen")).to_be_focused()
    expect(page.get_by_label("Geld en schulden")).to_be_checked()
    expect(page.get_by_label("De hulpvraag")).to_have_value(re.compile("achterstallige facturen"))
    tab_to(page, "De beller gaat ermee akkoord")
    page.keyboard.press("Space")
    tab_to(page, "Hulpvraag maken")
    page.keyboard.press("Enter")
    code = page.locator("#reference-code")
    expect(code).to_be_focused()
    reference = code.inner_text().strip()
    assert REFERENCE.match(reference), reference
    assert_accessible(page)

    # End the contact: the outcome is already "referred to GBO/OCMW".
    page.keyboard.press("Alt+Shift+KeyE")
    expect(page.get_by_label("Doorverwezen naar GBO/OCMW")).to_be_focused()
    expect(page.get_by_label("Doorverwezen naar GBO/OCMW")).to_be_checked()
    tab_to(page, "Contact afsluiten")
    page.keyboard.press("Enter")
    expect(page).to_have_url(f"{live_server.url}/kcc/")
    expect(page.locator(".messages")).to_contain_text("Doorverwezen naar GBO/OCMW")

    # The status look-up page is reachable with its shortcut.
    page.keyboard.press("Alt+Shift+KeyT")
    expect(page.get_by_label("Referentiecode")).to_be_focused()
    assert_accessible(page)

    # The coordinators see the request in their queue.
    sign_in(page, live_server, "coordinator@leuvenhelpt.test")
    page.goto(f"{live_server.url}/coordinatie/")
    expect(page.locator("main")).to_contain_text(reference)


def test_an_agent_handles_a_callback_with_the_keyboard_only(page, live_server, demo, assert_accessible):
    """The demo agent has a callback: from the console to its page, a mistake explained, then put back in
    the queue for a new time with a note."""
    from helpdesk.models import Callback

    callback = Callback.objects.get(assignee__email="kcc@leuvenhelpt.test", done_at__isnull=True)
    name = callback.contact.person.full_name
    sign_in(page, live_server, "kcc@leuvenhelpt.test")
    page.goto(f"{live_server.url}/kcc/")
    tab_to(page, name)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Terugbellen: {name}")
    expect(page.locator("#who-title + *")).to_contain_text(name)
    expect(page.get_by_text("Kan ik een premie krijgen voor mijn stookolietank?")).to_be_visible()
    assert_accessible(page)

    # Not reached, but no new time: the problem is explained, the note typed is kept.
    expect(page.get_by_label("Ja, ik heb de beller bereikt")).to_be_focused()
    page.keyboard.press("ArrowDown")  # "Nee: later opnieuw proberen"
    expect(page.get_by_label("Nee: later opnieuw proberen")).to_be_checked()
    tab_to(page, "Opnieuw proberen vóór")
    page.keyboard.press("Control+a")
    page.keyboard.press("Delete")
    tab_to(page, "Notitie")
    page.keyboard.type("Voicemail ingesproken")
    tab_to(page, "Bewaren")
    page.keyboard.press("Enter")
    expect(page.locator(".error-summary")).to_be_focused()
    expect(page.locator(".error-summary")).to_contain_text("Vul in wanneer u het opnieuw probeert.")
    expect(page.get_by_label("Notitie")).to_have_value("Voicemail ingesproken")
    assert_accessible(page)

    # A new time: back in the queue, with the attempt counted.
    page.get_by_label("Opnieuw proberen vóór").fill("2099-01-15T10:00")
    page.get_by_role("button", name="Bewaren").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("KCC-console")
    expect(page.get_by_role("alert").or_(page.locator(".alert-success"))).to_contain_text("Niet bereikt")
    expect(page.locator("#callbacks-title + *")).to_contain_text("1 poging")
    callback.refresh_from_db()
    assert callback.attempts == 1 and callback.done_at is None and "Voicemail ingesproken" in callback.note
