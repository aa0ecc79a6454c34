"""The public product catalogue at /assistent/producten/: browse by theme and audience, search, one page per product."""

import copy
import re

import pytest
from django.contrib.postgres.lookups import TrigramWordSimilar
from django.contrib.postgres.search import SearchQuery
from django.core.cache import caches
from django.db import connection
from django.db.models import F, Q, Value
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from assistant import search
from assistant.demo import LEUVEN_CATALOGUE
from assistant.engine import load_catalogue_text
from assistant.models import CatalogueProduct, Edition
from assistant.search import search_products
from assistant.services import edition_import, edition_publish

pytestmark = pytest.mark.django_db

LEUVEN = load_catalogue_text(LEUVEN_CATALOGUE.read_text(encoding="utf-8"))
LIST_URL = "/assistent/producten/"


def small_document(label: str = "klein", products=None) -> dict:
    """A catalogue with three products: an obligation, a service with a help route, one for businesses."""
    return {
        "format": "leuvenhelpt-catalogue/1",
        "edition": label,
        "default_language": "nl",
        "questions": [{"key": "lives_in_leuven", "type": "boolean", "text": {"nl": "Woont u in Leuven?"}}],
        "products": products
        or [
            {
                "key": "adreswijziging",
                "name": {"nl": "Adreswijziging: uw verhuizing doorgeven", "en": "Change of address: report your move"},
                "kind": "obligation",
                "audiences": ["citizen"],
                "theme": "burgerzaken",
                "summary": {"nl": "Geef uw nieuwe adres door binnen 8 werkdagen.", "en": "Report your new address."},
                "how_to": {"nl": "Geef uw verhuizing online door of kom naar het stadskantoor."},
                "service": {"nl": "Stad Leuven – dienst bevolking", "en": "City of Leuven – population service"},
                "url": "https://leuven.be/verhuizen-en-adres",
                "applies_if": {"var": "lives_in_leuven"},
            },
            {
                "key": "leuven-helpt-boodschappen",
                "name": {"nl": "Hulp bij boodschappen"},
                "kind": "service",
                "audiences": ["citizen", "association"],
                "theme": "welzijn",
                "summary": {"nl": "Een vrijwilliger doet boodschappen met u, of drinkt iets met u op een terras."},
                "applies_if": {"var": "lives_in_leuven"},
                "help_route": "volunteer",
            },
            {
                "key": "terrasvergunning",
                "name": {"nl": "Terrasvergunning"},
                "kind": "obligation",
                "audiences": ["business"],
                "theme": "ondernemen",
                "summary": {"nl": "Een terras op het voetpad vraagt een vergunning."},
                "applies_if": {"var": "lives_in_leuven"},
            },
        ],
    }


@pytest.fixture
def small():
    return edition_import(document=small_document(), publish=True)


@pytest.fixture
def leuven():
    return edition_import(document=copy.deepcopy(LEUVEN), publish=True)


def keys(rows) -> list[str]:
    return [row.key for row in rows]


def nl(message: str) -> str:
    """A string of ours as Dutch visitors see it (the catalogue is compiled by the lead)."""
    with translation.override("nl"):
        return gettext(message)


def assert_no_inline_code(html: str) -> None:
    for tag in re.findall(r"<script\b[^>]*>", html):
        assert "src=" in tag, tag
    assert "<style" not in html
    assert not re.search(r"\sstyle=", html)
    assert not re.search(r"\son[a-z]+=", html)


# -- the list page ------------------------------------------------------------------------------


def test_the_list_shows_every_product_grouped_by_theme_with_counts(client, leuven):
    response = client.get(LIST_URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<h1") == 1
    assert html.count('class="card product-card') == 74
    groups = response.context["groups"]
    assert [group.key for group in groups][:3] == ["burgerzaken", "wonen", "mobiliteit"]
    assert sum(len(group.products) for group in groups) == response.context["count"] == 74
    burgerzaken = groups[0]
    assert burgerzaken.products[0].name == "Adreswijziging: uw verhuizing doorgeven"
    assert f"({len(burgerzaken.products)})" in html
    assert 'href="/assistent/producten/adreswijziging/"' in html


def test_each_card_has_a_kind_badge_and_a_summary(client, small):
    html = client.get(LIST_URL).content.decode()
    assert f'kind-obligation">{nl("Obligation")}<' in html
    assert f'kind-service">{nl("Service")}<' in html
    assert "Geef uw nieuwe adres door binnen 8 werkdagen." in html


def test_the_search_form_is_a_labelled_get_form(client, small):
    html = client.get(LIST_URL).content.decode()
    form = re.search(r'<form class="product-search[^>]*>', html).group(0)
    assert 'method="get"' in form and f'action="{LIST_URL}"' in form
    assert '<label class="form-label" for="product-search-q">' in html
    assert 'id="product-search-q" name="q"' in html
    assert '<button class="btn btn-primary" type="submit">' in html


def test_the_list_links_to_the_assistant(client, small):
    assert f'href="{reverse("assistant:start")}"' in client.get(LIST_URL).content.decode()


def test_filter_by_audience(client, small):
    response = client.get(LIST_URL, {"doelgroep": "ondernemingen"})
    assert [card.key for group in response.context["groups"] for card in group.products] == ["terrasvergunning"]
    response = client.get(LIST_URL, {"doelgroep": "verenigingen"})
    assert [card.key for group in response.context["groups"] for card in group.products] == [
        "leuven-helpt-boodschappen"
    ]
    html = response.content.decode()
    assert f'<a href="{LIST_URL}?doelgroep=verenigingen" aria-current="true" class="current">' in html


def test_filter_by_theme_still_offers_the_other_themes_with_their_counts(client, small):
    response = client.get(LIST_URL, {"thema": "welzijn"})
    assert [group.key for group in response.context["groups"]] == ["welzijn"]
    themes = {theme["key"]: theme["count"] for theme in response.context["themes"]}
    assert themes == {"burgerzaken": 1, "welzijn": 1, "ondernemen": 1}
    html = response.content.decode()
    assert f'href="{LIST_URL}?thema=burgerzaken"' in html
    assert f'<a href="{LIST_URL}?thema=welzijn" aria-current="true" class="current">' in html


def test_filters_combine_with_the_search_and_keep_each_other(client, small):
    response = client.get(LIST_URL, {"q": "terras", "doelgroep": "ondernemingen"})
    assert response.context["count"] == 1
    html = response.content.decode()
    assert f'href="{LIST_URL}?q=terras&amp;doelgroep=ondernemingen&amp;thema=ondernemen"' in html
    assert '<input type="hidden" name="doelgroep" value="ondernemingen">' in html


def test_a_filter_that_makes_no_sense_is_ignored(client, small):
    response = client.get(LIST_URL, {"doelgroep": "iedereen", "thema": "<script>"})
    assert response.status_code == 200
    assert response.context["count"] == 3


def test_search_from_the_page_tolerates_dutch_word_forms(client, leuven):
    response = client.get(LIST_URL, {"q": "verhuizen"})
    cards = [card.key for group in response.context["groups"] for card in group.products]
    assert cards[0] == "adreswijziging"
    assert "verhuizen" in response.content.decode()


def test_no_results_gives_a_helpful_message_with_the_phone_number(client, small, settings):
    response = client.get(LIST_URL, {"q": "xyzzy", "doelgroep": "burgers"})
    assert response.context["count"] == 0
    html = response.content.decode()
    assert nl("We found nothing") in html
    assert settings.LEUVENHELPT["PHONE"] in html
    assert f'href="tel:{settings.LEUVENHELPT["PHONE"].replace(" ", "")}"' in html
    assert f'href="{LIST_URL}?q=xyzzy"' in html  # search again in all themes and for everyone


def test_the_list_page_does_not_query_per_product(client, leuven, django_assert_max_num_queries):
    client.get(LIST_URL)  # the first visit may warm caches; the count is about every visit
    caches["pages"].clear()  # rendered again, not served from the page kept for visitors without a session
    with django_assert_max_num_queries(3):
        response = client.get(LIST_URL)
    assert response.context["count"] == 74
    with django_assert_max_num_queries(0):  # the next visitor without a session gets the kept page
        client.get(LIST_URL)
    with django_assert_max_num_queries(3):
        client.get(LIST_URL, {"q": "parkeerkaart", "doelgroep": "burgers", "thema": "mobiliteit"})
    with django_assert_max_num_queries(3):  # no product has every word: a second search for any of them
        client.get(LIST_URL, {"q": "ik ga verhuizen"})


def test_product_pages_have_no_inline_script_or_style(client, small):
    assert_no_inline_code(client.get(LIST_URL).content.decode())
    assert_no_inline_code(client.get(LIST_URL, {"q": "xyzzy"}).content.decode())
    html = client.get(LIST_URL, {"q": "<script>alert(1)</script>"}).content.decode()
    assert_no_inline_code(html)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert_no_inline_code(client.get(f"{LIST_URL}adreswijziging/").content.decode())
    assert_no_inline_code(client.get(f"{LIST_URL}leuven-helpt-boodschappen/").content.decode())


def test_the_list_speaks_english_with_english_product_names(client, small):
    client.cookies["django_language"] = "en"
    html = client.get(LIST_URL).content.decode()
    assert "Change of address: report your move" in html
    assert "Products and services of the city" in html
    # a product without an English name falls back to Dutch
    assert "Terrasvergunning" in html


def test_only_post_is_refused(client, small):
    assert client.post(LIST_URL).status_code == 405
    assert client.post(f"{LIST_URL}adreswijziging/").status_code == 405


# -- the product page ---------------------------------------------------------------------------


def test_the_product_page_shows_what_to_do_who_is_responsible_and_where_to_read_more(client, small):
    response = client.get(reverse("assistant:product_detail", kwargs={"key": "adreswijziging"}))
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<h1") == 1
    assert '<h1 class="mb-3">Adreswijziging: uw verhuizing doorgeven</h1>' in html
    assert "Geef uw nieuwe adres door binnen 8 werkdagen." in html  # summary
    assert nl("What do you need to do?") in html
    assert "Geef uw verhuizing online door of kom naar het stadskantoor." in html  # how_to
    assert nl("Responsible service") in html
    assert "Stad Leuven – dienst bevolking" in html
    assert '<a href="https://leuven.be/verhuizen-en-adres" rel="noopener" class="external-link">' in html
    assert nl("Read more on %(host)s") % {"host": "leuven.be"} in html
    assert f'kind-obligation">{nl("Obligation")}<' in html
    assert nl("Citizens") in html
    assert f'href="{LIST_URL}"' in html  # breadcrumb back to the list
    assert f'href="{LIST_URL}?thema=burgerzaken"' in html
    assert f'href="{reverse("assistant:start")}"' in html


def test_a_product_without_help_route_shows_no_help_block(client, small, settings):
    html = client.get(f"{LIST_URL}adreswijziging/").content.decode()
    assert 'class="help-route' not in html
    assert nl("Ask Leuven Helpt for help") not in html


def test_a_product_with_a_help_route_offers_leuven_helpt_by_phone(client, small, settings):
    html = client.get(f"{LIST_URL}leuven-helpt-boodschappen/").content.decode()
    block = html[html.index('class="help-route') :]
    block = block[: block.index("</section>")]
    assert nl("Ask Leuven Helpt for help") in block
    assert f'href="tel:{settings.LEUVENHELPT["PHONE"].replace(" ", "")}"' in block
    assert settings.LEUVENHELPT["PHONE"] in block
    # audiences of this service, and its kind
    assert nl("Citizens") in html and nl("Associations") in html
    assert f'kind-service">{nl("Service")}<' in html


def test_an_unknown_product_is_not_found(client, small):
    assert client.get(f"{LIST_URL}bestaat-niet/").status_code == 404


def test_a_product_only_in_a_draft_is_not_found(client, small):
    draft = small_document("concept")
    draft["products"].append(
        {
            "key": "nieuw-product",
            "name": {"nl": "Nieuw product"},
            "kind": "service",
            "audiences": ["citizen"],
            "theme": "welzijn",
            "summary": {"nl": "Nog niet gepubliceerd."},
            "applies_if": {"var": "lives_in_leuven"},
        }
    )
    edition_import(document=draft)
    assert client.get(f"{LIST_URL}nieuw-product/").status_code == 404
    response = client.get(LIST_URL, {"q": "nieuw product"})
    assert "Nieuw product" not in response.content.decode()
    assert client.get(LIST_URL).context["count"] == 3


def test_after_publishing_another_edition_only_that_one_is_shown(client, small):
    newer = edition_import(document=small_document("nieuwer", products=small_document()["products"][:1]))
    edition_publish(edition=newer, actor=None, review=False)
    assert Edition.objects.get(pk=small.pk).state == Edition.State.ARCHIVED
    assert client.get(f"{LIST_URL}terrasvergunning/").status_code == 404
    assert client.get(LIST_URL).context["count"] == 1


def test_without_a_published_edition_both_pages_are_not_found(client):
    edition_import(document=small_document())  # a draft only
    assert client.get(LIST_URL).status_code == 404
    assert client.get(f"{LIST_URL}adreswijziging/").status_code == 404


def test_the_product_page_takes_few_queries(client, small, django_assert_max_num_queries):
    client.get(f"{LIST_URL}adreswijziging/")
    with django_assert_max_num_queries(2):
        assert client.get(f"{LIST_URL}adreswijziging/").status_code == 200


# -- search_products, on every database ---------------------------------------------------------


def test_without_a_query_products_come_in_catalogue_order(small):
    rows = search_products(edition_id=small.pk, query="  ", language="nl")
    assert keys(rows) == ["adreswijziging", "leuven-helpt-boodschappen", "terrasvergunning"]
    assert all(isinstance(row, CatalogueProduct) for row in rows)


def test_audience_and_theme_filter_the_products(small):
    assert keys(search_products(edition_id=small.pk, query="", audience="association", language="nl")) == [
        "leuven-helpt-boodschappen"
    ]
    assert keys(search_products(edition_id=small.pk, query="", theme="ondernemen", language="nl")) == [
        "terrasvergunning"
    ]
    assert search_products(edition_id=small.pk, query="terrasvergunning", audience="citizen", language="nl") == []


def test_only_the_given_edition_is_searched(small):
    draft = edition_import(document=small_document("concept"))
    rows = search_products(edition_id=small.pk, query="terrasvergunning", language="nl")
    assert [row.edition_id for row in rows] == [small.pk]
    assert keys(search_products(edition_id=draft.pk, query="terrasvergunning", language="nl")) == ["terrasvergunning"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("verhuizen", "adreswijziging"),  # a verb form of "verhuizing"
        ("verhuis", "adreswijziging"),  # the stem, as someone starts typing
        ("parkeerkaarten", "bewonerskaart"),  # plural, inside "bewonersparkeerkaart"
        ("identiteitkaart", "eid"),  # a letter missing
        ("uitpass", "uitpas-kansentarief"),  # a letter too many
        ("financiele steun", "aanvullende-financiele-steun"),  # no diaeresis
        ("Terrasvergunning", "terrasvergunning"),  # capitals
    ],
)
def test_search_tolerates_word_forms_and_typing_errors(leuven, query, expected):
    rows = search_products(edition_id=leuven.pk, query=query, language="nl")
    assert expected in keys(rows)[:3], keys(rows)[:5]


def test_a_query_of_only_common_words_finds_nothing(leuven):
    assert search_products(edition_id=leuven.pk, query="de", language="nl") == []
    assert search_products(edition_id=leuven.pk, query="hoe het een", language="nl") == []


def test_when_no_product_has_every_word_those_with_some_of_them_are_shown(leuven):
    rows = keys(search_products(edition_id=leuven.pk, query="ik ga verhuizen", language="nl"))
    assert rows[0] == "adreswijziging"


def test_a_dutch_plural_with_an_apostrophe_is_found(leuven):
    # "pasfoto" is only in how-to texts (eID, reispas, kids-ID ...), never in a name
    rows = keys(search_products(edition_id=leuven.pk, query="pasfoto’s", language="nl"))
    assert {"eid", "reispas", "kids-id"} <= set(rows)


def test_english_readers_can_search_english_names(leuven):
    rows = search_products(edition_id=leuven.pk, query="passport", language="en")
    assert keys(rows)[0] == "reispas"


# -- the Python fallback (what SQLite uses), tested directly -------------------------------------


def fallback(edition, query, language="nl"):
    return keys(search._fallback_search(CatalogueProduct.objects.filter(edition=edition), query, language))


@pytest.mark.parametrize(
    ("word", "stem"),
    [("parkeerkaarten", "parkeerkaart"), ("verhuizing", "verhuiz"), ("uitpass", "uitpas"), ("huis", "huis")],
)
def test_fallback_cuts_common_dutch_endings(word, stem):
    assert search.stem(word) == stem


def test_fallback_normalises_case_and_accents():
    assert search.words("Extra FINANCIËLE steun!") == ["extra", "financiele", "steun"]


def test_fallback_finds_word_forms_compounds_and_typing_errors(leuven):
    assert fallback(leuven, "verhuizen")[0] == "adreswijziging"
    assert "bewonerskaart" in fallback(leuven, "parkeerkaarten")
    assert fallback(leuven, "identiteitkaart")[0] == "eid"
    assert fallback(leuven, "uitpass")[0] == "uitpas-kansentarief"
    assert fallback(leuven, "xyzzy") == []


def test_fallback_shows_products_with_every_word_or_else_with_some(small):
    assert fallback(small, "hoe geef ik mijn verhuizing door") == ["adreswijziging"]  # common words do not count
    assert fallback(small, "terras vrijwilliger") == ["leuven-helpt-boodschappen"]
    assert fallback(small, "verhuizing terras") == ["adreswijziging", "terrasvergunning", "leuven-helpt-boodschappen"]
    assert fallback(small, "de") == []


def test_fallback_ranks_a_name_above_a_mention_in_the_text(small):
    # "terras" is in the name of the permit, and only in the summary of the shopping help (which comes first)
    assert fallback(small, "terras") == ["terrasvergunning", "leuven-helpt-boodschappen"]


def test_search_products_uses_the_fallback_off_postgresql(small, monkeypatch):
    if connection.vendor == "postgresql":
        pytest.skip("the fallback path is chosen on other databases")
    called = []
    monkeypatch.setattr(search, "_fallback_search", lambda *args: called.append(args) or [])
    search_products(edition_id=small.pk, query="verhuizing", language="nl")
    assert called


# -- PostgreSQL: full-text search in Dutch and trigram similarity, with their indexes -------------


@pytest.mark.postgres
def test_postgres_has_the_extensions_and_search_indexes():
    with connection.cursor() as cursor:
        cursor.execute("SELECT extname FROM pg_extension")
        extensions = {row[0] for row in cursor.fetchall()}
        cursor.execute("SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'assistant_catalogueproduct'")
        indexes = dict(cursor.fetchall())
    assert {"pg_trgm", "unaccent"} <= extensions
    assert "to_tsvector('dutch'::regconfig, search_text)" in indexes["assistant_product_search_nl"]
    assert "gin_trgm_ops" in indexes["assistant_product_name_nl_trgm"]
    assert "gin_trgm_ops" in indexes["assistant_product_name_en_trgm"]


@pytest.mark.postgres
def test_postgres_search_uses_dutch_full_text_search_and_trigrams(leuven):
    with CaptureQueriesContext(connection) as captured:
        rows = search_products(edition_id=leuven.pk, query="verhuizen", language="nl")
    sql = captured.captured_queries[-1]["sql"]
    assert "to_tsvector('dutch'::regconfig, " in sql
    assert "websearch_to_tsquery('dutch'::regconfig" in sql
    assert "%>" in sql and "WORD_SIMILARITY" in sql.upper()
    assert keys(rows)[0] == "adreswijziging"


@pytest.mark.postgres
@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("verhuizen", "adreswijziging"),  # full-text: "verhuizen" and "verhuizing" share the stem "verhuiz"
        ("verhuis", "adreswijziging"),  # trigram: close to "verhuizing" in the name
        ("parkeerkaarten", "bewonerskaart"),  # trigram: inside "bewonersparkeerkaart"
        ("identiteitkaart", "eid"),
        ("uitpass", "uitpas-kansentarief"),
    ],
)
def test_postgres_search_finds_the_product_first_or_nearly(leuven, query, expected):
    assert expected in keys(search_products(edition_id=leuven.pk, query=query, language="nl"))[:3]


@pytest.mark.postgres
def test_postgres_full_text_search_finds_words_in_the_summary_and_next_step(leuven):
    # "pasfoto" is only in how-to texts (eID, reispas, kids-ID ...), never in a name
    rows = keys(search_products(edition_id=leuven.pk, query="pasfoto's", language="nl"))
    assert {"eid", "reispas", "kids-id"} <= set(rows)


@pytest.mark.postgres
def test_postgres_can_use_the_search_indexes(leuven):
    """The query's expressions are the indexed ones: with sequential scans off, the plan uses the indexes."""
    query = CatalogueProduct.objects.alias(document=search.DutchDocument("search_text")).filter(
        Q(document=SearchQuery("verhuizen", config="dutch", search_type="websearch"))
        | Q(TrigramWordSimilar(F("name_nl"), Value("verhuizen")))
    )
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        plan = query.explain()
    assert "assistant_product_search_nl" in plan
    assert "assistant_product_name_nl_trgm" in plan
