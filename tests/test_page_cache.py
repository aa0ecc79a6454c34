"""Public pages kept in memory for visitors without a session (leuvenhelpt.pagecache): the same page as a fresh
render, with fresh tokens for every visitor, and never for a visitor whose page could differ."""

import re

import pytest
from django.core.cache import caches
from django.test import Client

from emergency.models import HelpLine
from leuvenhelpt.pagecache import CSRF_PLACEHOLDER, ONCE_PLACEHOLDER
from requests_app.models import HelpRequest

pytestmark = pytest.mark.django_db

PUBLIC_PAGES = ["/", "/assistent/", "/hulp/", "/accounts/login/", "/assistent/producten/"]
TOKENS = re.compile(r'name="(csrfmiddlewaretoken|once)" value="[^"]+"')


def without_tokens(html: str) -> str:
    return TOKENS.sub(r'name="\1" value=""', html)


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_the_kept_page_is_the_page_a_fresh_render_gives(path, published_catalogue):
    fresh = Client().get(path)
    assert fresh.status_code == 200
    kept = Client().get(path)
    assert caches["pages"]._cache, "the page was not kept"  # the second visitor was served from memory
    assert without_tokens(kept.content.decode()) == without_tokens(fresh.content.decode())
    assert kept["Content-Type"] == fresh["Content-Type"]
    assert kept.get("Cache-Control") == fresh.get("Cache-Control")
    for response in (fresh, kept):
        html = response.content.decode()
        assert CSRF_PLACEHOLDER not in html and ONCE_PLACEHOLDER not in html


def test_every_visitor_gets_their_own_tokens_and_can_send_the_form():
    """The kept help form: each visitor gets a CSRF cookie, a valid token and a one-time token of their own, and
    the form they were served is accepted (CSRF checked as in production)."""
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    pages = [first.get("/hulp/"), second.get("/hulp/")]
    tokens = [re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', p.content.decode()).group(1) for p in pages]
    onces = [re.search(r'name="once" value="([^"]+)"', p.content.decode()).group(1) for p in pages]
    assert tokens[0] != tokens[1] and onces[0] != onces[1]
    assert "csrftoken" in first.cookies and "csrftoken" in second.cookies
    response = second.post(
        "/hulp/",
        {
            "csrfmiddlewaretoken": tokens[1],
            "once": onces[1],
            "needs": ["food"],
            "description": "Ik heb hulp nodig met boodschappen.",
            "urgency": "2",
            "contact_way": "phone",
            "contact_time": "voormiddag",
            "full_name": "Mia Janssens",
            "email": "mia@example.test",
            "consent": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    assert HelpRequest.objects.filter(person__full_name="Mia Janssens").exists()


def test_a_help_line_changed_is_on_the_kept_help_form_at_once():
    line = HelpLine.objects.create(name="Zelfmoordlijn", number="1813", purpose="Praten over zelfmoord.")
    assert line.number in Client().get("/hulp/").content.decode()
    Client().get("/hulp/")  # kept
    line.number = "0800 99 999"
    line.save()
    assert "0800 99 999" in Client().get("/hulp/").content.decode()


def test_publishing_a_catalogue_changes_the_kept_product_list(published_catalogue):
    from assistant.services import edition_import
    from tests.conftest import _catalogue_document

    assert "Bewonerskaart" in Client().get("/assistent/producten/").content.decode()
    document = _catalogue_document("second")
    document["products"][0]["name"] = {"nl": "Buurtparkeerkaart"}
    edition_import(document=document, publish=True)
    page = Client().get("/assistent/producten/").content.decode()
    assert "Buurtparkeerkaart" in page and "Bewonerskaart" not in page


def test_a_signed_in_visitor_never_gets_the_kept_page(client, make_user):
    Client().get("/")  # kept for visitors without a session
    client.force_login(make_user())
    page = client.get("/").content.decode()
    assert "Naar mijn profiel" in page


def test_a_visitor_with_answers_sees_them(client, published_catalogue):
    """The assistant's start page offers to continue once the visitor answered a question (kept in their
    browser's cookie, not in a session: the start page is rendered for them, not kept)."""
    kept = Client().get("/assistent/").content.decode()
    client.get("/assistent/vraag/lives_in_leuven/")
    client.post("/assistent/vraag/lives_in_leuven/", {"answer": "ja"})
    page = client.get("/assistent/").content.decode()
    assert page != kept
    assert "/assistent/opnieuw/" in page  # "start again" is only there with answers


def test_a_query_string_is_rendered_for_the_visitor():
    Client().get("/hulp/")
    page = Client().get("/hulp/?dringend=1").content.decode()
    assert 'id="emergency-top" hidden' not in page  # the crisis numbers are shown at the top


def test_the_kept_pages_are_bounded():
    from django.conf import settings

    assert settings.CACHES["pages"]["OPTIONS"]["MAX_ENTRIES"] <= 200


def test_a_process_keeps_a_bounded_number_of_compiled_catalogues(published_catalogue):
    """Editors preview many drafts: each process keeps the last ``COMPILED.max_entries`` compiled catalogues."""
    from assistant import selectors
    from assistant.services import edition_import
    from tests.conftest import _catalogue_document

    kept = selectors.COMPILED.max_entries
    assert kept <= 8
    for number in range(kept + 3):
        edition = edition_import(document=_catalogue_document(f"draft-{number}"))
        ref = selectors.edition_ref(edition.pk)
        selectors.catalogue_for(ref)
    assert len(selectors.COMPILED._items) == kept
    assert selectors.COMPILED.get((ref.id, *ref.version)) is not None  # the last one used is kept


# --- the assistant's question page: kept per answers, for visitors who are not signed in ---------------------


@pytest.fixture
def leuven_catalogue(db):
    from assistant.demo import LEUVEN_CATALOGUE
    from assistant.engine import load_catalogue_text
    from assistant.services import edition_import

    edition_import(document=load_catalogue_text(LEUVEN_CATALOGUE.read_text(encoding="utf-8")), publish=True)


SECOND = "/assistent/vraag/lives_in_leuven/"
WARNING = "Die vraag is nu niet aan de orde."


def citizen(**extra) -> Client:
    visitor = Client(**extra)
    visitor.post("/assistent/vraag/audience/", {"answer": "citizen"})
    return visitor


def test_the_kept_question_page_is_the_page_a_fresh_render_gives(leuven_catalogue):
    fresh = citizen().get(SECOND)
    assert fresh.status_code == 200
    kept_before = len(caches["pages"]._cache)
    kept = citizen().get(SECOND)  # a second visitor at the same point: from memory
    assert len(caches["pages"]._cache) == kept_before, "the second visitor's page was rendered and kept again"
    assert without_tokens(kept.content.decode()) == without_tokens(fresh.content.decode())
    assert kept.get("Cache-Control") == fresh.get("Cache-Control")
    assert "no-store" in kept["Cache-Control"]
    assert CSRF_PLACEHOLDER not in kept.content.decode()


def test_the_kept_question_page_follows_each_visitors_answers(leuven_catalogue):
    """Same question, other answers: other progress, other back link, their own answer ticked when changing."""
    first = citizen()
    first.get(SECOND)
    # Changing the first answer shows it ticked; a visitor who has not answered yet sees nothing ticked.
    first.post(SECOND, {"answer": "ja"})
    changing = first.get("/assistent/vraag/audience/?wijzig=1").content.decode()
    assert re.search(r'value="citizen"[^>]*checked', changing)
    assert 'name="wijzig" value="1"' in changing
    fresh_start = Client().get("/assistent/vraag/audience/").content.decode()
    assert "checked" not in fresh_start
    again = citizen().get("/assistent/vraag/audience/?wijzig=1").content.decode()
    assert re.search(r'value="citizen"[^>]*checked', again)


def test_the_question_page_is_not_kept_for_a_signed_in_visitor_or_with_a_message(leuven_catalogue, make_user):
    citizen().get(SECOND)  # kept for anonymous visitors
    signed_in = Client()
    signed_in.force_login(make_user())
    signed_in.post("/assistent/vraag/audience/", {"answer": "citizen"})
    assert 'action="/accounts/logout/"' in signed_in.get(SECOND).content.decode()  # the signed-in header
    # A message waiting in the session is shown once, not kept for the next visitor.
    warned = citizen()
    warned.post("/assistent/vraag/documents/", {"answer": "x"})  # not asked at this point
    assert WARNING in warned.get(SECOND).content.decode()
    assert WARNING not in citizen().get(SECOND).content.decode()


def test_a_made_up_query_string_is_rendered_not_kept(leuven_catalogue):
    visitor = citizen()
    visitor.get(SECOND)
    kept = len(caches["pages"]._cache)
    for number in range(5):
        assert visitor.get(f"{SECOND}?x={number}").status_code == 200
    assert len(caches["pages"]._cache) == kept


def test_the_dutch_page_of_a_group_kept_dutch_names_each_visitors_own_language(client, settings):
    """A page group the policy keeps in Dutch is one Dutch page with a notice in the visitor's chosen language:
    kept per chosen language, not per page language only."""
    settings.LANGUAGE_POLICY = {**settings.LANGUAGE_POLICY, "help": ["nl", "en"]}
    arabic, ukrainian = Client(), Client()
    arabic.cookies[settings.LANGUAGE_COOKIE_NAME] = "ar"
    ukrainian.cookies[settings.LANGUAGE_COOKIE_NAME] = "uk"
    assert 'class="language-notice" lang="ar"' in arabic.get("/hulp/").content.decode()
    assert 'class="language-notice" lang="uk"' in ukrainian.get("/hulp/").content.decode()
    assert "language-notice" not in Client().get("/hulp/").content.decode()
