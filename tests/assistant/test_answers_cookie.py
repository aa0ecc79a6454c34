"""The assistant's answers live in the visitor's own browser (a signed cookie), never on the server.

What the cookie must hold to: no session or database row for someone who only uses the assistant; a cookie that
was changed, is too old or belongs to an account that is not signed in now is ignored (never an error); it is sent
only to the assistant's pages, unreadable for scripts, gone when the browser closes; and it stays well under the
4 KB a browser keeps per cookie, even for the longest walk through the Leuven catalogue.
"""

from unittest import mock

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.core import signing
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import reverse

from assistant.guide import ANSWERS_COOKIE, Guide, keep_answers
from assistant.selectors import catalogue_for, published_edition
from tests.answers_cookie import answers_in_browser

pytestmark = pytest.mark.django_db

FIRST, SECOND = "audience", "lives_in_leuven"  # the Leuven catalogue: who it is for, then where they live


@pytest.fixture
def leuven(db):
    from assistant.demo import LEUVEN_CATALOGUE
    from assistant.engine import load_catalogue_text
    from assistant.services import edition_import

    edition_import(document=load_catalogue_text(LEUVEN_CATALOGUE.read_text()), publish=True)


def answer(client, key, value):
    return client.post(reverse("assistant:question", args=[key]), {"answer": value})


@pytest.fixture
def walk(client, leuven):
    """An anonymous citizen who answered the first question."""
    response = answer(client, FIRST, "citizen")
    assert response.url == reverse("assistant:question", args=[SECOND])
    return client


def test_the_answers_are_in_the_browser_and_nowhere_on_the_server(walk):
    answer(walk, SECOND, "ja")
    walk.get(reverse("assistant:results"))
    assert answers_in_browser(walk) == {FIRST: "citizen", SECOND: True}
    assert settings.SESSION_COOKIE_NAME not in walk.cookies
    assert Session.objects.count() == 0
    page = walk.get(reverse("assistant:summary")).content.decode()
    assert "Voor mezelf" in page  # "Uw antwoorden" reads them back from the cookie


def test_the_cookie_is_for_the_assistant_only_unreadable_for_scripts_and_ends_with_the_browser(walk):
    cookie = walk.cookies[ANSWERS_COOKIE]
    assert cookie["path"] == reverse("assistant:start")
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"
    assert not cookie["max-age"] and not cookie["expires"]  # a browser-session cookie
    assert ANSWERS_COOKIE not in walk.get("/").cookies  # other pages neither set nor renew it


def test_a_changed_cookie_is_ignored_and_the_walk_starts_again(walk):
    value = walk.cookies[ANSWERS_COOKIE].value
    payload, rest = value.split(":", 1)
    walk.cookies[ANSWERS_COOKIE] = payload[:-2] + ("AA" if not payload.endswith("AA") else "BB") + ":" + rest
    assert answers_in_browser(walk) == {}
    response = walk.get(reverse("assistant:question", args=[SECOND]))
    assert response.status_code == 302 and response.url == reverse("assistant:question", args=[FIRST])
    start = walk.get(reverse("assistant:start"))
    assert start.status_code == 200 and reverse("assistant:restart") not in start.content.decode()


def test_a_cookie_signed_for_something_else_is_not_taken(walk):
    forged = signing.dumps({"guide": {"answers": {FIRST: "business"}}, "account": None}, compress=True)
    walk.cookies[ANSWERS_COOKIE] = forged  # signed with the site's key, but not with the assistant's salt
    assert answers_in_browser(walk) == {}


def test_answers_older_than_a_session_lives_are_not_taken(client, leuven):
    now = 1_900_000_000
    with mock.patch("django.core.signing.time.time", return_value=now):
        answer(client, FIRST, "citizen")
    later = now + settings.SESSION_ABSOLUTE_TIMEOUT
    with mock.patch("django.core.signing.time.time", return_value=later - 60):
        assert answers_in_browser(client) == {FIRST: "citizen"}
    with mock.patch("django.core.signing.time.time", return_value=later + 60):
        assert answers_in_browser(client) == {}


def test_answers_given_before_signing_in_are_kept_after(walk, citizen):
    walk.force_login(citizen)
    response = walk.get(reverse("assistant:question", args=[SECOND]))
    assert response.status_code == 200  # the walk goes on where it was
    assert "Voor mezelf" in walk.get(reverse("assistant:summary")).content.decode()


def test_after_signing_out_the_next_person_on_the_computer_sees_nothing(client, leuven, citizen):
    client.force_login(citizen)
    answer(client, FIRST, "citizen")
    answer(client, SECOND, "ja")
    assert answers_in_browser(client, citizen) == {FIRST: "citizen", SECOND: True}
    assert client.post(reverse("account_logout")).status_code == 302
    assert ANSWERS_COOKIE in client.cookies  # the browser still has it, but it names the account
    assert answers_in_browser(client) == {}
    response = client.get(reverse("assistant:question", args=[SECOND]))
    assert response.url == reverse("assistant:question", args=[FIRST])
    assert "Voor mezelf" not in client.get(reverse("assistant:summary")).content.decode()


def test_another_account_on_the_same_browser_does_not_see_them(client, leuven, make_user):
    first, second = make_user(), make_user()
    client.force_login(first)
    answer(client, FIRST, "citizen")
    client.force_login(second)
    assert answers_in_browser(client, second) == {}
    assert "Voor mezelf" not in client.get(reverse("assistant:summary")).content.decode()


def test_start_again_deletes_the_cookie(walk):
    response = walk.post(reverse("assistant:restart"))
    assert response.cookies[ANSWERS_COOKIE].value == ""
    assert response.cookies[ANSWERS_COOKIE]["path"] == reverse("assistant:start")
    assert answers_in_browser(walk) == {}


def test_the_start_page_with_answers_is_never_stored(walk):
    response = walk.get(reverse("assistant:start"))
    assert reverse("assistant:restart") in response.content.decode()
    assert "no-store" in response["Cache-Control"]


def test_the_longest_walk_through_the_leuven_catalogue_fits_in_a_cookie(leuven):
    ref = published_edition()
    catalogue = catalogue_for(ref)
    answers: dict = {}
    for question in catalogue.questions:
        options = [option.value for option in question.options or ()]
        answers[question.key] = {
            "boolean": True,
            "choice": max(options, key=len) if options else "",
            "multi": options,
            "number": question.max if question.max is not None else 10**6,
            "postcode": "3010",
        }[question.type]
    everything = ["session_started", "session_finished", "product_applied", "no_product"]
    guide = Guide(ref=ref, catalogue=catalogue, answers=answers, history=list(answers), counted=everything)
    response = HttpResponse()
    keep_answers(RequestFactory().get("/"), response, guide, "/assistent/")
    size = len(response.cookies[ANSWERS_COOKIE].OutputString())
    assert len(answers) >= 20
    assert size < 2048, size  # browsers keep 4096 bytes per cookie: room for a catalogue twice as long
