"""The citizen guide at /assistent/: one question per page, answers kept in the visitor's browser only."""

import pytest
from django.core import mail
from django.urls import reverse

from assistant import services
from assistant.guide import ANSWERS_COOKIE, PREVIEW_KEY
from assistant.models import UsageCount
from tests.answers_cookie import answers_in_browser

pytestmark = pytest.mark.django_db


def text(nl: str, en: str) -> dict:
    return {"nl": nl, "en": en}


GUIDE_DOC = {
    "format": "leuvenhelpt-catalogue/1",
    "edition": "guide-1",
    "default_language": "nl",
    "questions": [
        {
            "key": "audience",
            "type": "choice",
            "text": text("Voor wie zoekt u informatie?", "Who are you looking for?"),
            "options": [
                {"value": "citizen", "label": text("Voor mezelf", "For myself")},
                {"value": "business", "label": text("Voor mijn zaak", "For my business")},
            ],
        },
        {
            "key": "lives_in_leuven",
            "type": "boolean",
            "text": text("Woont u in Leuven?", "Do you live in Leuven?"),
            "help": text("Ook Heverlee en Kessel-Lo.", "Heverlee and Kessel-Lo too."),
            "ask_if": {"==": [{"var": "audience"}, "citizen"]},
        },
        {
            "key": "age",
            "type": "number",
            "text": text("Hoe oud bent u?", "How old are you?"),
            "min": 0,
            "max": 120,
            "ask_if": {"var": "lives_in_leuven"},
        },
        {
            "key": "events",
            "type": "multi",
            "text": text("Wat verandert er?", "What is changing?"),
            "options": [
                {"value": "moving", "label": text("Ik verhuis", "I am moving")},
                {"value": "birth", "label": text("Een geboorte", "A birth")},
            ],
            "ask_if": {"var": "lives_in_leuven"},
        },
        {
            "key": "starting",
            "type": "boolean",
            "text": text("Start u een zaak?", "Are you starting a business?"),
            "ask_if": {"==": [{"var": "audience"}, "business"]},
        },
        {
            "key": "shop_postcode",
            "type": "postcode",
            "text": text("Postcode van de zaak?", "Postcode of the shop?"),
            "ask_if": {"var": "starting"},
        },
    ],
    "products": [
        {
            "key": "adreswijziging",
            "name": text("Adreswijziging", "Change of address"),
            "kind": "obligation",
            "audiences": ["citizen"],
            "theme": "burgerzaken",
            "summary": text("Geef uw nieuwe adres door.", "Report your new address."),
            "how_to": text("Kom naar het stadskantoor.", "Come to the city office."),
            "service": "Dienst bevolking",
            "url": "https://leuven.be/verhuizen-en-adres",
            "applies_if": {"and": [{"var": "lives_in_leuven"}, {"in": ["moving", {"var": "events"}]}]},
        },
        {
            "key": "seniorenhulp",
            "name": text("Hulp voor senioren", "Help for older people"),
            "kind": "service",
            "audiences": ["citizen"],
            "theme": "welzijn",
            "summary": text("Praktische hulp aan huis.", "Practical help at home."),
            "applies_if": {"and": [{"var": "lives_in_leuven"}, {">=": [{"var": "age"}, 65]}]},
            "help_route": "volunteer",
        },
        {
            "key": "ondernemingsloket",
            "name": text("Een onderneming starten", "Starting a business"),
            "kind": "obligation",
            "audiences": ["business"],
            "theme": "ondernemen",
            "summary": text("Schrijf uw zaak in.", "Register your business."),
            "applies_if": {"and": [{"var": "starting"}, {"==": [{"var": "shop_postcode"}, "3000"]}]},
        },
    ],
    "cases": [
        {
            "name": "Verhuizende senior",
            "answers": {"audience": "citizen", "lives_in_leuven": True, "age": 70, "events": ["moving"]},
            "applies": ["adreswijziging", "seniorenhulp"],
            "not_applies": ["ondernemingsloket"],
        }
    ],
}


@pytest.fixture
def edition():
    return services.edition_import(document=GUIDE_DOC, publish=True)


def answer(client, key, value, **extra):
    data = {"answer": value, **extra}
    return client.post(reverse("assistant:question", args=[key]), data)


def stored(client) -> dict:
    """The answers the visitor's browser keeps."""
    return answers_in_browser(client)


def test_start_page_links_to_the_first_question(client, edition):
    response = client.get(reverse("assistant:start"))
    assert response.status_code == 200
    assert reverse("assistant:question", args=["audience"]) in response.content.decode()
    assert "Nu beginnen" in response.content.decode()


def test_without_a_published_catalogue_the_assistant_is_not_found(client):
    assert client.get(reverse("assistant:start")).status_code == 404


def test_a_walk_through_to_the_results(client, edition):
    response = answer(client, "audience", "citizen")
    assert response.url == reverse("assistant:question", args=["lives_in_leuven"])
    page = client.get(response.url).content.decode()
    assert "Woont u in Leuven?" in page and "Ook Heverlee en Kessel-Lo." in page
    assert "Vraag 2 van ongeveer" in page
    assert reverse("assistant:question", args=["audience"]) in page  # the back link
    response = answer(client, "lives_in_leuven", "ja")
    assert response.url == reverse("assistant:question", args=["age"])
    assert "Vraag 3 van ongeveer" in client.get(response.url).content.decode()
    # Changing an earlier answer shows that question's own place in the walk, not the number answered so far.
    changing = reverse("assistant:question", args=["audience"]) + "?wijzig=1"
    assert "Vraag 1 van ongeveer" in client.get(changing).content.decode()
    changing = reverse("assistant:question", args=["lives_in_leuven"]) + "?wijzig=1"
    assert "Vraag 2 van ongeveer" in client.get(changing).content.decode()
    response = answer(client, "age", "70")
    assert response.url == reverse("assistant:question", args=["events"])
    response = answer(client, "events", ["moving"], shown="1")
    assert response.url == reverse("assistant:results")
    assert stored(client) == {"audience": "citizen", "lives_in_leuven": True, "age": 70, "events": ["moving"]}
    html = client.get(response.url).content.decode()
    assert html.index("Wat u moet doen") < html.index("Adreswijziging") < html.index("Hulp voor senioren")
    assert "Burgerzaken en documenten" in html and "Welzijn, zorg en ondersteuning" in html
    assert "Kom naar het stadskantoor." in html and "Dienst bevolking" in html
    assert "Waarom dit voor u geldt" in html and "Hoe oud bent u? 70" in html
    assert reverse("assistant:ask_help", args=["seniorenhulp"]) in html
    assert reverse("assistant:ask_help", args=["adreswijziging"]) not in html
    assert "Een onderneming starten" not in html


def test_an_empty_multi_answer_is_an_answer(client, edition):
    for key, value in [("audience", "citizen"), ("lives_in_leuven", "ja"), ("age", "30")]:
        answer(client, key, value)
    response = client.post(reverse("assistant:question", args=["events"]), {"shown": "1"})
    assert response.url == reverse("assistant:results")
    assert stored(client)["events"] == []


def test_stopping_early_shows_undecided_products_apart_never_as_applying(client, edition):
    answer(client, "audience", "citizen")
    answer(client, "lives_in_leuven", "ja")
    html = client.get(reverse("assistant:results")).content.decode()
    assert "U bent gestopt voor het einde" in html
    undecided = html[html.index("Nog niet zeker") :]
    assert "Adreswijziging" in undecided and "Hulp voor senioren" in undecided
    assert "Wat u moet doen" not in html and "Waar u recht op hebt" not in html
    assert reverse("assistant:question", args=["age"]) in html


def test_changing_an_earlier_answer_drops_answers_that_no_longer_apply(client, edition):
    for key, value in [("audience", "citizen"), ("lives_in_leuven", "ja"), ("age", "70")]:
        answer(client, key, value)
    answer(client, "events", ["birth"], shown="1")
    summary = client.get(reverse("assistant:summary")).content.decode()
    assert f"{reverse('assistant:question', args=['lives_in_leuven'])}?wijzig=1" in summary
    response = answer(client, "lives_in_leuven", "nee", wijzig="1")
    assert response.url == reverse("assistant:summary")
    assert stored(client) == {"audience": "citizen", "lives_in_leuven": False}
    html = client.get(reverse("assistant:results")).content.decode()
    assert "We vonden geen product dat op u van toepassing is" in html


def test_changing_to_another_audience_asks_the_new_questions(client, edition):
    answer(client, "audience", "citizen")
    answer(client, "lives_in_leuven", "ja")
    response = answer(client, "audience", "business", wijzig="1")
    assert response.url == reverse("assistant:question", args=["starting"])
    assert stored(client) == {"audience": "business"}


@pytest.mark.parametrize(
    ("key", "data", "message"),
    [
        ("audience", {"answer": "alien"}, "Kies een van de getoonde mogelijkheden."),
        ("audience", {}, "Kies een van de mogelijkheden."),
    ],
)
def test_a_tampered_choice_gets_a_clear_message_and_keeps_answers(client, edition, key, data, message):
    response = client.post(reverse("assistant:question", args=[key]), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert "Er is een probleem" in response.content.decode()


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("130", "Vul een getal in van 0 tot 120."),
        ("zeventig", "Vul een getal in, bijvoorbeeld 42."),
        ("-1", "van 0 tot 120"),
    ],
)
def test_a_number_out_of_bounds_keeps_what_was_typed(client, edition, value, message):
    answer(client, "audience", "citizen")
    answer(client, "lives_in_leuven", "ja")
    response = answer(client, "age", value)
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    assert f'value="{value}"' in html
    assert stored(client) == {"audience": "citizen", "lives_in_leuven": True}


def test_a_decimal_comma_is_understood(client, edition):
    answer(client, "audience", "citizen")
    answer(client, "lives_in_leuven", "ja")
    answer(client, "age", "65,5")
    assert stored(client)["age"] == 65.5


def test_a_bad_postcode(client, edition):
    answer(client, "audience", "business")
    answer(client, "starting", "ja")
    response = answer(client, "shop_postcode", "30000")
    assert "Vul een Belgische postcode van vier cijfers in" in response.content.decode()
    response = answer(client, "shop_postcode", "0999")
    assert response.status_code == 200
    response = answer(client, "shop_postcode", "3000")
    assert response.url == reverse("assistant:results")


def test_a_question_that_is_not_the_current_one_is_refused_and_answers_kept(client, edition):
    answer(client, "audience", "citizen")
    response = answer(client, "age", "40")  # lives_in_leuven comes first
    assert response.status_code == 302
    assert response.url == reverse("assistant:question", args=["lives_in_leuven"])
    assert stored(client) == {"audience": "citizen"}
    page = client.get(response.url).content.decode()
    assert "Die vraag is nu niet aan de orde" in page
    response = answer(client, "starting", "ja")  # a skipped question
    assert response.url == reverse("assistant:question", args=["lives_in_leuven"])
    assert client.get(reverse("assistant:question", args=["nope"])).status_code == 404


def test_restart_forgets_everything(client, edition):
    answer(client, "audience", "citizen")
    response = client.post(reverse("assistant:restart"))
    assert response.url == reverse("assistant:start")
    assert client.cookies[ANSWERS_COOKIE].value == ""  # deleted
    assert stored(client) == {}
    assert client.get(reverse("assistant:restart")).status_code == 405


def test_english(client, edition):
    client.cookies["django_language"] = "en"
    answer(client, "audience", "citizen")
    html = client.get(reverse("assistant:question", args=["lives_in_leuven"])).content.decode()
    assert "Do you live in Leuven?" in html and "Question 2 of about" in html


def test_mailing_the_results(client, edition, django_capture_on_commit_callbacks):
    for key, value in [("audience", "citizen"), ("lives_in_leuven", "ja"), ("age", "70")]:
        answer(client, key, value)
    answer(client, "events", ["moving"], shown="1")
    response = client.post(reverse("assistant:mail_results"), {"email": "niet-goed"})
    assert response.status_code == 400
    assert "Vul een e-mailadres in zoals naam@voorbeeld.be." in response.content.decode()
    assert 'value="niet-goed"' in response.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("assistant:mail_results"), {"email": "an@example.test"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["an@example.test"]
    assert "Adreswijziging" in message.body and "Hulp voor senioren" in message.body
    assert "an@example.test" not in str(dict(client.session))
    assert "an@example.test" not in str(stored(client))


def test_anonymous_usage_is_counted_once_per_session(client, edition):
    client.get(reverse("assistant:question", args=["audience"]))
    client.get(reverse("assistant:question", args=["audience"]))
    for key, value in [("audience", "citizen"), ("lives_in_leuven", "nee")]:
        answer(client, key, value)
    client.get(reverse("assistant:results"))
    client.get(reverse("assistant:results"))
    counts = {(e, k): c for e, k, c in UsageCount.objects.values_list("event", "key", "count")}
    assert counts[("session_started", "")] == 1
    assert counts[("question_shown", "audience")] == 1  # a reload is not counted again
    assert counts[("question_shown", "lives_in_leuven")] == 1  # counted when the answer before it was given
    assert counts[("question_answered", "audience")] == 1
    assert counts[("session_finished", "")] == 1
    assert counts[("no_product", "")] == 1


def test_help_route_page_counts_the_click(client, edition):
    """The click is counted, then the help form opens with the product filled in."""
    response = client.get(reverse("assistant:ask_help", args=["seniorenhulp"]))
    assert response.status_code == 302
    assert response.url == reverse("help:ask") + "?product=seniorenhulp"
    assert UsageCount.objects.get(event="help_clicked").key == "seniorenhulp"
    assert client.get(reverse("assistant:ask_help", args=["adreswijziging"])).status_code == 404


def test_question_page_uses_at_most_three_queries(client, edition, django_assert_max_num_queries):
    answer(client, "audience", "citizen")
    client.get(reverse("assistant:question", args=["lives_in_leuven"]))  # compiles and caches the catalogue
    with django_assert_max_num_queries(3):
        response = client.get(reverse("assistant:question", args=["lives_in_leuven"]))
    assert response.status_code == 200


def test_a_catalogue_editor_previews_a_draft_without_counting(client, make_user, edition):
    draft = services.edition_draft_from(edition=edition, actor=None)
    client.force_login(make_user("catalogue_editor"))
    session = client.session
    session[PREVIEW_KEY] = draft.id
    session.save()
    html = client.get(reverse("assistant:start")).content.decode()
    assert "Voorbeeld van een concept" in html and draft.label in html
    client.get(reverse("assistant:question", args=["audience"]))
    assert not UsageCount.objects.exists()


def test_others_cannot_preview_a_draft(client, make_user, edition):
    draft = services.edition_draft_from(edition=edition, actor=None)
    client.force_login(make_user("citizen"))
    session = client.session
    session[PREVIEW_KEY] = draft.id
    session.save()
    assert "Voorbeeld van een concept" not in client.get(reverse("assistant:start")).content.decode()
