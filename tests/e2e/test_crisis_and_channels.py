"""People in crisis and people without e-mail, in Chromium (axe-core on every screen):

- an urgent question on /hulp/ shows the emergency numbers at once, gets its own confirmation, and the
  coordinators get an urgent mail and a banner in /coordinatie/;
- a KCC caller without e-mail chooses SMS; a later status change sends one text message (the test backend);
- a person who chose letters gets a letter in the print queue whose PDF, rendered to PNG with pdftoppm, is a
  real A4 page (and whose text shows the address and the reference).
"""

import re
import shutil
import subprocess

import pytest
from playwright.sync_api import expect

from tests.e2e.signin import sign_in

pytestmark = [pytest.mark.e2e]

REFERENCE = re.compile(r"^LH-[A-Z0-9]{4}-[0-9]{2}$")


@pytest.fixture(autouse=True)
def _empty_sms_outbox():
    from messaging import sms

    sms.outbox.clear()
    yield
    sms.outbox.clear()


def test_an_urgent_question_shows_the_emergency_numbers_and_alerts_the_coordinators(
    page, live_server, demo, assert_accessible
):
    from outbox.models import OutboxMessage

    page.goto(f"{live_server.url}/hulp/")
    top = page.locator("#emergency-top")
    expect(top).to_be_hidden()
    # Beside the urgency choice the numbers are there from the start (also without JavaScript).
    expect(page.locator("#emergency-inline")).to_contain_text("112")
    expect(page.locator("#emergency-inline")).to_contain_text("1813")
    assert_accessible(page)

    page.get_by_label("Veiligheid").check()
    page.get_by_label("Waarbij hebt u hulp nodig?").fill("Mijn partner bedreigt mij. Ik durf niet naar huis.")
    page.get_by_label("Vandaag nog: het is een noodsituatie").check()
    expect(top).to_be_visible()  # at once, above everything
    expect(top.get_by_role("link", name="112")).to_be_visible()
    box = top.bounding_box()
    assert box is not None and box["y"] < page.get_by_role("heading", level=1).bounding_box()["y"]
    assert_accessible(page)

    page.get_by_label("Uw naam").fill("Sara Peeters")
    page.get_by_label("Telefoonnummer").fill("0470 12 34 56")
    page.get_by_label("Ik ga akkoord dat Leuven Helpt mij over mijn vraag contacteert").check()
    page.get_by_role("button", name="Mijn vraag versturen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("We hebben uw vraag ontvangen")
    reference = page.locator("#reference").inner_text()
    assert REFERENCE.match(reference)
    expect(page.locator("#emergency")).to_be_visible()
    expect(page.locator("#promise")).to_contain_text(re.compile(r"We bellen u (vandaag nog|op .+) voor \d\d:\d\d"))
    expect(page.locator("#promise")).to_contain_text("Bent u in gevaar?")
    assert_accessible(page)

    alerts = OutboxMessage.objects.filter(subject__startswith="DRINGEND", subject__contains=reference)
    assert alerts.filter(recipient="coordinator@leuvenhelpt.test").count() == 1

    sign_in(page, live_server, "coordinator@leuvenhelpt.test")
    page.goto(f"{live_server.url}/coordinatie/")
    banner = page.locator("#urgent-banner")
    expect(banner).to_contain_text(reference)
    # The urgent requests head the queue (the demo data has one that came in earlier).
    rows = page.locator("tbody tr").all_inner_texts()
    mine = next(number for number, row in enumerate(rows) if reference in row)
    assert all("Crisis: vandaag" in row for row in rows[: mine + 1])
    assert_accessible(page)


def test_a_kcc_caller_without_e_mail_chooses_sms_and_a_status_change_sends_one_text(
    page, live_server, demo, assert_accessible
):
    from messaging import sms
    from people.models import Person
    from requests_app import services
    from requests_app.models import HelpRequest

    sign_in(page, live_server, "kcc@leuvenhelpt.test")
    page.goto(f"{live_server.url}/kcc/")
    page.get_by_role("button", name="Contact starten").click()
    expect(page).to_have_url(re.compile(r"/kcc/contact/\d+/$"))
    page.get_by_text("Onbekende beller? Registreer hem of haar").click()
    page.locator("input[name=register-full_name]").fill("Jef Claessens")
    page.locator("input[name=register-phone]").fill("016 27 27 72")
    page.locator("select[name=register-notify_channel]").select_option("sms")
    page.get_by_role("button", name="Beller registreren").click()
    # A landline cannot get a text message: said clearly, what was typed is kept.
    expect(page.locator("#caller")).to_contain_text("Voor een sms is een gsm-nummer nodig")
    expect(page.locator("input[name=register-full_name]")).to_have_value("Jef Claessens")
    assert_accessible(page)
    page.locator("input[name=register-phone]").fill("+32 470 99 88 77")
    page.get_by_role("button", name="Beller registreren").click()
    expect(page.locator("#caller .kcc-person")).to_contain_text("Jef Claessens")
    person = Person.objects.get(full_name="Jef Claessens")
    assert person.phone == "0470 99 88 77" and person.notify_channel == "sms" and person.email == ""

    page.locator("input[name=refer-route]").first.check()
    page.locator("input[name=refer-needs][value=finances]").check()
    page.locator("textarea[name=refer-description]").fill("Hij krijgt zijn facturen niet meer betaald.")
    page.locator("input[name=refer-consent_contact]").check()
    page.get_by_role("button", name="Hulpvraag maken").click()
    reference = page.locator("#reference-code").inner_text().strip()
    assert REFERENCE.match(reference)
    assert_accessible(page)
    assert sms.outbox == []  # asking is not news yet

    # Later a coordinator takes the question up: one text message, with the reference and the number to call.
    request = HelpRequest.objects.get(reference=reference)
    from accounts.models import User

    services.request_take_up(request=request, actor=User.objects.get(email="coordinator@leuvenhelpt.test"))
    [text] = sms.outbox
    assert text.to == "+32470998877" and reference in text.text and "016 27 27 72" in text.text
    assert "Jef" not in text.text and "facturen" not in text.text


def test_a_letter_in_the_print_queue_shows_the_address_and_the_reference(
    page, live_server, demo, assert_accessible, tmp_path
):
    from accounts.models import User
    from people.services import person_create
    from requests_app import services
    from tests.factories import make_request

    person = person_create(
        full_name="Georgette Wouters",
        phone="016 44 55 66",
        notify_channel="letter",
        street="Diestsesteenweg",
        house_number="112",
        postcode="3010",
        municipality="Kessel-Lo",
    )
    request = make_request(person=person)
    services.request_take_up(request=request, actor=User.objects.get(email="coordinator@leuvenhelpt.test"))

    sign_in(page, live_server, "coordinator@leuvenhelpt.test")
    page.goto(f"{live_server.url}/coordinatie/")
    page.get_by_role("link", name="Brieven om te posten").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Brieven om te posten")
    row = page.locator("tr", has_text=request.reference)
    expect(row).to_contain_text("Georgette Wouters, Diestsesteenweg 112, 3010 Kessel-Lo")
    assert_accessible(page)

    with page.expect_download() as download:
        page.locator("#download-letters").click()
    pdf = tmp_path / "letters.pdf"
    download.value.save_as(pdf)
    assert pdf.read_bytes().startswith(b"%PDF")
    assert shutil.which("pdftoppm"), "install poppler-utils"
    subprocess.run(["pdftoppm", "-png", "-r", "50", str(pdf), str(tmp_path / "page")], check=True)  # noqa: S603, S607
    pngs = sorted(tmp_path.glob("page*.png"))
    assert pngs and pngs[0].read_bytes().startswith(b"\x89PNG")
    text = subprocess.run(  # noqa: S603, S607
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, check=True
    ).stdout.decode()
    assert "Georgette Wouters" in text and "Diestsesteenweg 112" in text and "3010 Kessel-Lo" in text
    assert request.reference in text

    # Posted: ticked by default, marked, gone from the queue.
    page.get_by_role("button", name="Duid de aangevinkte brieven aan als gepost").click()
    expect(page.locator("#no-letters")).to_be_visible()
    assert_accessible(page)
