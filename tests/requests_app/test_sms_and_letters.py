"""News for people without e-mail, through the same outbox: a text message (the reference and a number to
call, nothing more) or a letter in the print queue (A4 PDF with the address in the envelope window)."""

import io
import json
import shutil
import subprocess
import urllib.error

import pytest
from django.core import mail
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from accounts.roles import Role
from messaging import sms
from messaging.letters import letters_pdf
from messaging.models import PrintedLetter
from outbox.channels import PermanentFailure
from outbox.models import Channel, OutboxMessage
from people import services as people_services
from requests_app import services
from tests.factories import make_request

pytestmark = pytest.mark.django_db

ADDRESS = {"street": "Diestsesteenweg", "house_number": "112", "postcode": "3010", "municipality": "Kessel-Lo"}


@pytest.fixture(autouse=True)
def _empty_sms_outbox():
    sms.outbox.clear()
    yield
    sms.outbox.clear()


def pdf_text(pdf: bytes) -> str:
    """The text of a PDF, read by poppler's pdftotext (apt package poppler-utils, installed by .ci/run)."""
    tool = shutil.which("pdftotext")
    assert tool, "install poppler-utils"
    return subprocess.run([tool, "-layout", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()  # noqa: S603


def take_up(request, make_user, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.request_take_up(request=request, actor=make_user(Role.COORDINATOR))


def test_a_status_change_for_someone_who_chose_sms_sends_one_short_text(make_user, django_capture_on_commit_callbacks):
    person = people_services.person_create(full_name="Jef Claes", phone="+32 470 99 88 77", notify_channel="sms")
    request = make_request(person=person, description="Mijn schulden groeien mij boven het hoofd.")
    take_up(request, make_user, django_capture_on_commit_callbacks)
    [text] = sms.outbox
    assert text.to == "+32470998877"
    assert request.reference in text.text and "016 27 27 72" in text.text and len(text.text) <= 160
    assert "Jef" not in text.text and "schulden" not in text.text
    message = OutboxMessage.objects.get(channel=Channel.SMS)
    assert message.status == OutboxMessage.Status.SENT and message.person_id == person.pk
    assert mail.outbox == []  # not by e-mail as well


def test_no_text_message_to_a_landline_and_the_backend_refuses_one_clearly():
    with pytest.raises(PermanentFailure, match="not a mobile number"):
        sms.sms_send(to="016 27 27 72", text="Leuven Helpt")
    with pytest.raises(PermanentFailure):
        sms.sms_send(to="0470 99 88 77", text="x" * 161)
    assert sms.outbox == []


def test_after_withdrawing_the_contact_consent_no_text_is_sent(make_user, django_capture_on_commit_callbacks):
    from privacy.models import Consent

    person = people_services.person_create(full_name="Jef Claes", phone="0470 99 88 77", notify_channel="sms")
    request = make_request(person=person)
    Consent.objects.filter(person=person).update(withdrawn_at=timezone.now())
    take_up(request, make_user, django_capture_on_commit_callbacks)
    assert sms.outbox == [] and not OutboxMessage.objects.filter(channel=Channel.SMS).exists()


class _Answer(io.BytesIO):
    def __enter__(self):
        return self

    def __exit__(self, *args):
        return False


@override_settings(SMS_URL="https://s3cr3t@sms.example.test/v1/messages", SMS_SENDER="LeuvenHelpt")
def test_the_http_provider_gets_a_json_post_with_the_token(monkeypatch):
    sent = []

    def fake_urlopen(request, timeout):
        sent.append(request)
        return _Answer(b'{"id": "1"}')

    monkeypatch.setattr(sms.urllib.request, "urlopen", fake_urlopen)
    sms.sms_send(to="0470 99 88 77", text="Leuven Helpt: LH-7K3Q-92")
    [request] = sent
    assert request.full_url == "https://sms.example.test/v1/messages"
    assert request.get_header("Authorization") == "Bearer s3cr3t"
    assert json.loads(request.data) == {"to": "+32470998877", "from": "LeuvenHelpt", "text": "Leuven Helpt: LH-7K3Q-92"}

    def refused(request, timeout):
        raise urllib.error.HTTPError(request.full_url, 400, "Bad Request", {}, None)

    monkeypatch.setattr(sms.urllib.request, "urlopen", refused)
    with pytest.raises(PermanentFailure, match="refused"):
        sms.sms_send(to="0470 99 88 77", text="Leuven Helpt")


def letter_request(make_user, django_capture_on_commit_callbacks, **address):
    person = people_services.person_create(
        full_name="Georgette Wouters", phone="016 44 55 66", notify_channel="letter", **(address or ADDRESS)
    )
    request = make_request(person=person)
    take_up(request, make_user, django_capture_on_commit_callbacks)
    return request


def test_a_status_change_for_someone_who_chose_letters_lands_in_the_print_queue(
    client, make_user, django_capture_on_commit_callbacks
):
    request = letter_request(make_user, django_capture_on_commit_callbacks)
    letter = PrintedLetter.objects.get()
    assert letter.message.context == {
        "address": ["Georgette Wouters", "Diestsesteenweg 112", "3010 Kessel-Lo"],
        "reference": request.reference,
    }
    coordinator = make_user(Role.COORDINATOR)
    client.force_login(coordinator)
    page = client.get(reverse("coordination:letters")).content.decode()
    assert request.reference in page and "Diestsesteenweg 112" in page
    pdf = client.get(reverse("coordination:letters_pdf"))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    text = pdf_text(pdf.content)
    assert "Georgette Wouters" in text and "3010 Kessel-Lo" in text and request.reference in text
    assert "Stad Leuven" in text and "Professor Van Overstraetenplein 1" in text
    response = client.post(reverse("coordination:letters_posted"), {"brief": [letter.pk]})
    assert response.status_code == 302
    letter.refresh_from_db()
    assert letter.posted_at is not None and letter.posted_by == coordinator
    assert "Er wachten geen brieven" in client.get(reverse("coordination:letters")).content.decode()
    assert client.get(reverse("coordination:letters_pdf")).status_code == 404


def test_a_letter_without_a_complete_address_is_never_queued(make_user, django_capture_on_commit_callbacks):
    from messaging.letters import deliver_letter

    message = OutboxMessage(channel=Channel.LETTER, context={"address": ["Georgette Wouters", "3010"]})
    with pytest.raises(PermanentFailure, match="complete address"):
        deliver_letter(message)
    # A person whose address is incomplete gets no letter at all (the forms refuse the choice too).
    person = people_services.person_create(full_name="Zonder Adres", phone="016 44 55 66", notify_channel="letter")
    take_up(make_request(person=person), make_user, django_capture_on_commit_callbacks)
    assert not PrintedLetter.objects.exists()


def test_letters_are_in_the_persons_language():
    message = OutboxMessage(
        channel=Channel.LETTER,
        language="en",
        subject="News about your question LH-7K3Q-92",
        body="Hello,\n\nThere is news.",
        context={"address": ["Jane Doe", "Naamsestraat 3", "3000 Leuven"], "reference": "LH-7K3Q-92"},
    )
    pdf = letters_pdf([message])
    assert pdf.startswith(b"%PDF")
    text = pdf_text(pdf)
    assert "Your reference number: LH-7K3Q-92" in text and "City of Leuven" in text


def test_the_print_queue_refuses_other_roles_and_wants_a_tick(client, make_user):
    client.force_login(make_user(Role.KCC_AGENT))
    assert client.get(reverse("coordination:letters")).status_code == 403
    assert client.post(reverse("coordination:letters_posted"), {"brief": ["1"]}).status_code == 403
    client.force_login(make_user(Role.COORDINATOR))
    response = client.post(reverse("coordination:letters_posted"), {}, follow=True)
    assert "Vink de brieven aan" in response.content.decode()


def test_the_print_queue_reads_the_same_number_of_queries_for_one_letter_as_for_four(
    client, make_user, django_capture_on_commit_callbacks
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(make_user(Role.COORDINATOR))
    counts = []
    for letters in (1, 4):
        while PrintedLetter.objects.count() < letters:
            letter_request(make_user, django_capture_on_commit_callbacks)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("coordination:letters")).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], counts
