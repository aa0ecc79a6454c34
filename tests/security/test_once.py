"""Idempotent form posts: forms that create something carry a one-time token; a second post of the token
shows the first result and creates nothing; 30 posts at once make one request; the submit button disables
itself after one click (and the form works without JavaScript)."""

import re
import threading
import uuid
from pathlib import Path

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from accounts.roles import Role
from helpdesk.models import ContactMoment
from once.models import Submission
from once.services import submissions_prune
from requests_app.models import HelpRequest, TimelineEvent
from tests.factories import UserFactory, make_request

ROOT = Path(__file__).resolve().parents[2]
TOKEN = re.compile(r'name="once" value="([0-9a-f-]{36})"')

# Every form that creates a new row each time it is posted, and its template. (State changes — take up,
# refer, accept, close… — are refused the second time by their workflow; they need no token.)
CREATE_FORMS = {
    "help:ask": "requests_app/public/ask.html",
    "helpdesk:contact_start": "helpdesk/console.html",
    "helpdesk:question_add": "helpdesk/_questions.html",
    "coordination:note": "requests_app/coordination/request.html",
    "privacy:consent_give": "privacy/consents.html",
    "assistant:mail_results": "assistant/results.html",
}

ASK = {
    "needs": ["finances"],
    "description": "Ik heb hulp nodig met mijn papieren.",
    "urgency": "1",
    "contact_way": "phone",
    "full_name": "An Peeters",
    "phone": "0470 12 34 56",
    "consent": "on",
}


@pytest.mark.parametrize(("url_name", "template"), CREATE_FORMS.items())
def test_every_create_form_carries_a_token_and_disables_its_button(url_name, template):
    text = (ROOT / "templates" / template).read_text()
    name = url_name.split(":")[1]
    form = next(tag for tag in re.findall(r"<form\b[^>]*>", text, re.DOTALL) if f":{name}'" in tag)
    assert "data-once" in form
    start = text.index(form)
    assert "{% once_token %}" in text[start : text.index("</form>", start)]


def test_the_button_script_is_progressive():
    script = (ROOT / "static/js/site.js").read_text()
    assert "form[data-once]" in script and "disabled = true" in script and "pageshow" in script


@pytest.mark.django_db
def test_a_second_post_of_the_token_shows_the_first_result(django_capture_on_commit_callbacks):
    from django.core import mail

    client = Client()
    page = client.get(reverse("help:ask")).content.decode()
    token = TOKEN.search(page).group(1)
    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(reverse("help:ask"), {**ASK, "email": "an@example.test", "once": token})
        again = client.post(reverse("help:ask"), {**ASK, "email": "an@example.test", "once": token})
    assert first.status_code == again.status_code == 302 and first.url == again.url == reverse("help:done")
    assert HelpRequest.objects.count() == 1 and len(mail.outbox) == 1
    done = client.get(reverse("help:done")).content.decode()
    assert HelpRequest.objects.get().reference in done
    # A new page has a new token: a new question is a new request.
    token2 = TOKEN.search(client.get(reverse("help:ask")).content.decode()).group(1)
    assert token2 != token
    client.post(reverse("help:ask"), {**ASK, "once": token2})
    assert HelpRequest.objects.count() == 2


@pytest.mark.django_db
def test_a_refused_post_does_not_use_the_token():
    client = Client()
    token = str(uuid.uuid4())
    refused = client.post(reverse("help:ask"), {**ASK, "description": "", "once": token})
    assert refused.status_code == 400 and 'name="once"' in refused.content.decode()
    assert client.post(reverse("help:ask"), {**ASK, "once": token}).status_code == 302
    assert HelpRequest.objects.count() == 1


@pytest.mark.django_db
def test_the_kcc_start_and_a_note_are_made_once():
    client = Client()
    client.force_login(UserFactory(roles=[Role.KCC_AGENT]))
    console = client.get(reverse("helpdesk:console"))
    assert console.status_code == 200, console.content.decode()[-3000:]
    token = TOKEN.search(console.content.decode()).group(1)
    answers = [client.post(reverse("helpdesk:contact_start"), {"channel": "phone", "once": token}) for _ in range(2)]
    assert ContactMoment.objects.count() == 1
    assert (
        answers[0].url == answers[1].url == reverse("helpdesk:contact", kwargs={"pk": ContactMoment.objects.get().pk})
    )

    client.force_login(UserFactory(roles=[Role.COORDINATOR]))
    request = make_request()
    notes = TimelineEvent.objects.filter(request=request, kind=TimelineEvent.Kind.NOTE)
    token = TOKEN.search(client.get(reverse("coordination:request", args=[request.reference])).content.decode())[1]
    for _ in range(2):
        client.post(reverse("coordination:note", args=[request.reference]), {"note-note": "Gebeld", "once": token})
    assert notes.count() == 1


@pytest.mark.django_db
def test_tokens_older_than_a_day_are_forgotten():
    from datetime import timedelta

    from django.utils import timezone

    old = Submission.objects.create(token=uuid.uuid4())
    Submission.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=2))
    Submission.objects.create(token=uuid.uuid4())
    assert submissions_prune() == 1 and Submission.objects.count() == 1


def _in_own_connection(work):
    """Run ``work`` in a thread with its own database connection: it commits, outside the test's transaction."""
    result = []

    def run():
        try:
            result.append(work())
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    return result[0] if result else None


@pytest.mark.postgres
@pytest.mark.django_db
def test_thirty_posts_at_once_make_one_request(settings):
    """A form sent 30 times at the same moment (a script, a stuck button, a bad connection resending).

    Each post runs in its own thread and connection and commits, as under a real server (not a
    transactional test: its flush would empty the tables the data migrations fill); the rows are removed
    at the end the same way."""
    settings.ACCOUNT_RATE_LIMITS = False  # all from one client; the limits have their own tests
    token = str(uuid.uuid4())
    barrier = threading.Barrier(30)
    answers: list[tuple[int, str]] = []
    lock = threading.Lock()

    def post():
        try:
            client = Client()
            barrier.wait()
            response = client.post(reverse("help:ask"), {**ASK, "once": token})
            with lock:
                answers.append((response.status_code, response.get("Location", "")))
        finally:
            connection.close()

    def made():
        return list(HelpRequest.objects.filter(person__full_name=ASK["full_name"]).values_list("pk", flat=True))

    def clean_up():
        from django.contrib.sessions.models import Session

        from people.models import Person

        HelpRequest.objects.filter(person__full_name=ASK["full_name"]).delete()
        Person.objects.filter(full_name=ASK["full_name"]).delete()
        Submission.objects.filter(token=token).delete()
        Session.objects.all().delete()

    threads = [threading.Thread(target=post) for _ in range(30)]
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert len(_in_own_connection(made)) == 1
        assert answers == [(302, reverse("help:done"))] * 30
    finally:
        _in_own_connection(clean_up)
