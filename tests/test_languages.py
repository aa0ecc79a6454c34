"""Languages as configuration (issue 21): the offered set, the policy per page group with its notice, the
language links, right to left, catalogue texts falling back to Dutch, and messages in the person's language."""

import copy
import re

import pytest
from django.conf import settings
from django.urls import reverse

from accounts.roles import Role
from assistant.engine import CatalogueError, parse_catalogue
from assistant.models import Edition
from assistant.services import edition_import
from leuvenhelpt.languages import message_language, page_group
from outbox.models import OutboxMessage
from requests_app import services as request_services
from tests.conftest import _catalogue_document
from tests.factories import PersonFactory, UserFactory, make_request
from tests.test_settings import manage

pytestmark = pytest.mark.django_db

NAMES = {"nl": "Nederlands", "en": "English", "fr": "Français", "ar": "العربية", "tr": "Türkçe", "uk": "Українська"}


def in_language(client, code):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = code
    return client


def test_six_languages_are_offered_by_default_with_dutch_first():
    assert settings.LANGUAGES_OFFERED == ["nl", "en", "fr", "ar", "tr", "uk"]
    assert settings.LANGUAGE_POLICY["staff"] == ["nl", "en"]
    assert settings.LANGUAGE_POLICY["public"] == settings.LANGUAGE_POLICY["help"] == settings.LANGUAGES_OFFERED


def test_every_page_links_every_language_under_its_own_name_without_javascript(client):
    page = client.get("/").content.decode()
    for code, name in NAMES.items():
        link = f'href="/taal/{code}/?volgende=/" lang="{code}"'
        assert link in page, code
        assert f">{name}</a>" in page
    assert 'dir="rtl" hreflang="ar"' in page


def test_the_browser_language_alone_never_chooses(client):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="ar,uk;q=0.9")
    assert response["Content-Language"] == "nl"
    assert '<html lang="nl" dir="ltr">' in response.content.decode()


def test_choosing_a_language_sets_the_cookie_and_goes_back(client):
    response = client.get(reverse("switch_language", args=["uk"]), {"volgende": "/assistent/"})
    assert (response.status_code, response.url) == (302, "/assistent/")
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "uk"
    page = client.get("/").content.decode()
    assert '<html lang="uk" dir="ltr">' in page
    assert 'lang="uk" dir="ltr" hreflang="uk" rel="nofollow"\n             class="btn btn-sm btn-light active"' in page


def test_a_language_that_is_not_offered_is_refused_and_an_old_cookie_ignored(client, settings):
    from django.core.cache import caches

    settings.LANGUAGES_OFFERED = ["nl", "en"]
    settings.LANGUAGES = [("nl", "Nederlands"), ("en", "English")]
    caches["fragments"].clear()  # the header is kept per process; a change of languages comes with a restart
    assert client.get(reverse("switch_language", args=["ar"])).status_code == 404
    page = in_language(client, "ar").get("/").content.decode()
    assert '<html lang="nl" dir="ltr">' in page
    assert "language-notice" not in page
    assert 'hreflang="en"' in page and 'hreflang="ar"' not in page  # only the offered languages are linked


def test_arabic_pages_are_right_to_left_with_bootstraps_rtl_stylesheet(client):
    page = in_language(client, "ar").get("/").content.decode()
    assert '<html lang="ar" dir="rtl">' in page
    assert "vendor/bootstrap/bootstrap.rtl.min.css" in page
    assert "vendor/bootstrap/bootstrap.min.css" not in page
    # The phone number keeps its digits in order inside right-to-left text.
    assert f'<bdi dir="ltr" class="text-nowrap">{settings.LEUVENHELPT["PHONE"]}</bdi>' in page


def test_the_rtl_stylesheet_is_bootstraps_own_of_the_same_version():
    vendor = settings.BASE_DIR / "static/vendor/bootstrap"
    ltr = (vendor / "bootstrap.min.css").read_text(encoding="utf-8")[:200]
    rtl = (vendor / "bootstrap.rtl.min.css").read_text(encoding="utf-8")[:200]
    assert "v5.3.9" in ltr and "v5.3.9" in rtl


def test_our_stylesheets_use_logical_properties():
    physical = re.compile(r"(margin|padding|border)-(left|right)|text-align: (left|right)|[{;]\s*(left|right):")
    for path in (settings.BASE_DIR / "static/css").glob("*.css"):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if line.startswith('[dir="rtl"]'):
                continue  # a rule for right-to-left pages only may name a side
            assert not physical.search(line), f"{path.name}:{number}: {line} (use the logical property)"


@pytest.mark.parametrize(
    ("path", "group"),
    [
        ("/", "public"),
        ("/assistent/vraag/x/", "public"),
        ("/assistent/hulp/x/", "help"),
        ("/hulp/", "help"),
        ("/mijn/aanvragen/abc/", "help"),
        ("/assistent/redactie/", "staff"),
        ("/kcc/", "staff"),
        ("/coordinatie/", "staff"),
        ("/vrijwilligers/coordinatie/", "staff"),
        ("/vrijwilligers/aanmelden/", "public"),
    ],
)
def test_each_address_belongs_to_a_page_group(path, group):
    assert page_group(path) == group


def test_a_page_group_the_policy_keeps_dutch_says_so_in_the_visitors_language(client, settings):
    settings.LANGUAGE_POLICY = {**settings.LANGUAGE_POLICY, "help": ["nl", "en"]}
    page = in_language(client, "ar").get(reverse("help:ask")).content.decode()
    assert '<html lang="nl" dir="ltr">' in page
    assert (
        '<p class="language-notice" lang="ar" dir="rtl"><i class="bi bi-translate" aria-hidden="true"></i> '
        "هذه الصفحة متوفرة باللغة الهولندية فقط.</p>"
    ) in page
    # The language chosen stays marked in the language links, so the visitor sees where they are.
    assert 'lang="ar" dir="rtl" hreflang="ar" rel="nofollow"\n             class="btn btn-sm btn-light active"' in page
    # Public pages are still in Arabic.
    assert '<html lang="ar" dir="rtl">' in client.get("/").content.decode()


def test_staff_pages_stay_dutch_or_english_with_the_notice(client):
    client.force_login(UserFactory(roles=[Role.KCC_AGENT]))
    page = in_language(client, "uk").get(reverse("helpdesk:console")).content.decode()
    assert '<html lang="nl" dir="ltr">' in page
    assert (
        'lang="uk" dir="ltr"><i class="bi bi-translate" aria-hidden="true"></i> Ця сторінка є лише нідерландською мовою.'
        in page
    )
    english = in_language(client, "en").get(reverse("helpdesk:console")).content.decode()
    assert '<html lang="en" dir="ltr">' in english and "language-notice" not in english


def test_an_unknown_language_in_the_settings_stops_start_up():
    result = manage("check", LANGUAGES_OFFERED="nl,fr,xx")
    assert result.returncode != 0
    assert "LANGUAGES_OFFERED has a language this site cannot offer: xx" in result.stderr


def test_a_policy_language_that_is_not_offered_stops_start_up():
    result = manage("check", LANGUAGES_OFFERED="nl,en", LANGUAGES_STAFF="nl,ar")
    assert result.returncode != 0
    assert "LANGUAGES_STAFF has a language this site cannot offer: ar (possible: nl, en)" in result.stderr


# --- Catalogue texts ---------------------------------------------------------------------------------------------
def test_an_import_with_an_unknown_language_code_is_refused_with_a_clear_message():
    document = _catalogue_document("xx-test")
    document["products"][0]["name"]["xx"] = "Bewonerskaart?"
    with pytest.raises(CatalogueError) as error:
        edition_import(document=document)
    assert error.value.problems == [
        'products[0].name: "xx" is not a known language code (ISO 639-1, such as nl, fr, ar, tr or uk)'
    ]
    assert not Edition.objects.filter(label="xx-test").exists()


def test_machine_made_marks_travel_with_the_document():
    document = _catalogue_document("marks")
    document["products"][0]["name"]["fr"] = "Carte de riverain"
    document["unchecked"] = {"fr": ["products.bewonerskaart.name"]}
    assert parse_catalogue(copy.deepcopy(document)).to_document() == document
    document["unchecked"] = {"fr": ["products.bewonerskaart.price"]}
    with pytest.raises(CatalogueError) as error:
        parse_catalogue(document)
    assert error.value.problems == ["unchecked.fr: must be a list of text paths such as products.<key>.name"]


@pytest.fixture
def catalogue_with_french():
    document = _catalogue_document("talen")
    document["products"][0]["name"]["fr"] = "Carte de riverain"
    return edition_import(document=document, publish=True)


def test_a_text_missing_in_a_language_falls_back_to_dutch_marked_as_dutch_with_the_notice(
    client, catalogue_with_french
):
    french = in_language(client, "fr").get(reverse("assistant:product_detail", args=["bewonerskaart"])).content.decode()
    assert '<h1 class="mb-3">Carte de riverain</h1>' in french
    # The summary has no French: the Dutch text, never an empty one, marked as Dutch; and one line says so.
    assert '<span lang="nl" dir="ltr">Parkeren in uw eigen buurt.</span>' in french
    assert 'class="language-notice" lang="fr" dir="ltr"' in french
    arabic = in_language(client, "ar").get(reverse("assistant:product_detail", args=["bewonerskaart"])).content.decode()
    assert '<span lang="nl" dir="ltr">Bewonerskaart</span>' in arabic
    assert "بعض النصوص في هذه الصفحة متوفرة باللغة الهولندية فقط." in arabic
    dutch = in_language(client, "nl").get(reverse("assistant:product_detail", args=["bewonerskaart"])).content.decode()
    assert "language-notice" not in dutch and '<span lang="nl"' not in dutch


def test_the_product_list_and_the_question_mark_dutch_fallbacks(client, catalogue_with_french):
    listing = in_language(client, "fr").get(reverse("assistant:product_list")).content.decode()
    assert ">Carte de riverain</a>" in listing
    assert '<p class="card-text mb-0" lang="nl" dir="ltr">Parkeren in uw eigen buurt.</p>' in listing
    assert 'class="language-notice" lang="fr"' in listing
    question = in_language(client, "tr").get(reverse("assistant:question", args=["lives_in_leuven"])).content.decode()
    assert '<h1 class="h2" lang="nl" dir="auto">Woont u in Leuven?</h1>' in question
    assert "Bu sayfadaki bazı metinler yalnızca Felemenkçe mevcuttur." in question


# --- The person's language ---------------------------------------------------------------------------------------
def test_messages_go_out_in_the_persons_language_while_it_is_offered(settings, django_capture_on_commit_callbacks):
    coordinator = UserFactory(roles=[Role.COORDINATOR])
    request = make_request(person=PersonFactory(email="olena@example.test", preferred_language="uk"))
    with django_capture_on_commit_callbacks(execute=True):
        request_services.request_take_up(request=request, actor=coordinator)
    assert list(OutboxMessage.objects.filter(recipient="olena@example.test").values_list("language", flat=True)) == [
        "uk"
    ]


def test_a_person_whose_language_is_no_longer_offered_gets_dutch(settings, django_capture_on_commit_callbacks):
    settings.LANGUAGE_POLICY = {**settings.LANGUAGE_POLICY, "messages": ["nl", "en", "fr"]}
    assert message_language("ar") == "nl" and message_language("fr") == "fr" and message_language(None) == "nl"
    coordinator = UserFactory(roles=[Role.COORDINATOR])
    request = make_request(person=PersonFactory(email="amal@example.test", preferred_language="ar"))
    with django_capture_on_commit_callbacks(execute=True):
        request_services.request_take_up(request=request, actor=coordinator)
    message = OutboxMessage.objects.get(recipient="amal@example.test")
    assert message.language == "nl"
    assert message.subject == f"Nieuws over uw vraag {request.reference}"


def test_the_import_page_refuses_an_unknown_language_code_in_plain_words(client):
    import json

    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(UserFactory(roles=[Role.CATALOGUE_EDITOR]))
    document = _catalogue_document("met-xx")
    document["questions"][0]["text"]["zz"] = "?"
    upload = SimpleUploadedFile("catalogus.json", json.dumps(document).encode(), content_type="application/json")
    response = client.post(reverse("assistant:editor_import"), {"file": upload})
    page = response.content.decode()
    assert response.status_code == 200  # the import page again, with the problems (as for every refused import)
    assert (
        "De vraag ‘Woont u in Leuven?’ heeft een tekst in ‘zz’, dat is geen gekende taalcode. "
        "Gebruik een code zoals nl, fr, ar, tr of uk."
    ) in page
    assert not Edition.objects.filter(label="met-xx").exists()


def test_the_assistants_result_by_mail_follows_the_message_policy(client, catalogue_with_french, settings):
    settings.LANGUAGE_POLICY = {**settings.LANGUAGE_POLICY, "messages": ["nl", "en"]}
    in_language(client, "fr")
    client.post(reverse("assistant:question", args=["lives_in_leuven"]), {"answer": "ja"})
    client.post(reverse("assistant:mail_results"), {"email": "claire@example.test"})
    message = OutboxMessage.objects.get(event_key__contains="assistant-results")
    assert message.language == "nl"
    assert message.subject == "Uw resultaat van de digitale assistent van Leuven"
    assert "Bewonerskaart" in message.body  # the Dutch name in a Dutch mail, not the French one


@pytest.mark.parametrize(
    ("language", "messages_policy", "printed_in"),
    [
        ("fr", None, "fr"),
        ("uk", None, "uk"),
        ("ar", None, "ar"),
        ("tr", None, "tr"),
        ("ar", ["nl", "en", "fr"], "nl"),  # a language the city does not offer for messages: Dutch
    ],
)
def test_a_letter_follows_the_message_policy(
    language, messages_policy, printed_in, django_capture_on_commit_callbacks, settings
):
    if messages_policy:
        settings.LANGUAGE_POLICY = {**settings.LANGUAGE_POLICY, "messages": messages_policy}
    from messaging.models import PrintedLetter
    from people import services as people_services

    person = people_services.person_create(
        full_name="Georgette Wouters",
        phone="016 44 55 66",
        language=language,
        notify_channel="letter",
        street="Diestsesteenweg",
        house_number="112",
        postcode="3010",
        municipality="Kessel-Lo",
    )
    request = make_request(person=person)
    with django_capture_on_commit_callbacks(execute=True):
        request_services.request_take_up(request=request, actor=UserFactory(roles=[Role.COORDINATOR]))
    assert PrintedLetter.objects.get().message.language == printed_in


def test_asking_for_help_in_a_language_records_it_even_where_the_form_stays_dutch(client, settings):
    from people.models import Person

    settings.LANGUAGE_POLICY = {**settings.LANGUAGE_POLICY, "help": ["nl", "en"]}
    in_language(client, "uk")
    page = client.get(reverse("help:ask")).content.decode()
    assert '<html lang="nl" dir="ltr">' in page  # the form in Dutch, by the city's policy
    data = {
        "needs": ["administration"],
        "description": "Ik heb hulp nodig met een formulier.",
        "urgency": "2",
        "contact_way": "phone",
        "contact_time": "voormiddag",
        "full_name": "Olena Kovalenko",
        "email": "olena@example.test",
        "consent": "on",
    }
    assert client.post(reverse("help:ask"), data).status_code == 302
    assert Person.objects.get(full_name="Olena Kovalenko").preferred_language == "uk"


def test_the_emergency_numbers_say_which_language_their_names_are_in(client):
    from emergency.models import HelpLine

    HelpLine.objects.all().delete()
    HelpLine.objects.create(
        name="Noodnummer 112",
        name_en="Emergency number 112",
        number="112",
        purpose="Levensgevaar",
        purpose_en="Danger",
        kind=HelpLine.Kind.DANGER,
        order=1,
    )
    arabic = in_language(client, "ar").get(reverse("help:ask")).content.decode()
    assert '<span class="emergency-name" lang="nl">Noodnummer 112</span>' in arabic
    english = in_language(client, "en").get(reverse("help:ask")).content.decode()
    assert '<span class="emergency-name" lang="en">Emergency number 112</span>' in english
