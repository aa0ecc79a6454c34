"""The Leuven catalogue's facts can be trusted: every product links to a page of its own (no bare home page) that
the research notes justify, carries checked_on and source, and the rules named in issue #19 match their own
descriptions. The engine reads, checks and exports checked_on and source; the editor lists facts not checked
for 12 months."""

import copy
import re
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings

from assistant import editor, services
from assistant.engine import CatalogueError, dump_catalogue_text, load_catalogue_text, parse_catalogue
from tests.fixtures.assistant import html, url

LEUVEN = Path(settings.BASE_DIR) / "assistant" / "catalogues" / "leuven.yaml"
# The research notes sit in shared/ beside the checkout (as on the developers' machines and in CI).
NOTES = Path(settings.BASE_DIR).parent / "shared" / "leuven-products.md"


@pytest.fixture(scope="module")
def leuven() -> dict:
    return load_catalogue_text(LEUVEN.read_text(encoding="utf-8"))


def test_every_product_links_to_a_page_of_its_own(leuven):
    """No bare home page, nor a site's home page in another language (https://leuven.be/en/)."""
    for product in leuven["products"]:
        parts = urlsplit(product["url"])
        path = parts.path.strip("/")
        assert parts.scheme == "https" and path, f"{product['key']}: {product['url']} is a home page"
        assert path.lower() not in {"nl", "en", "fr", "de", "index.php", "home"}, f"{product['key']}: {product['url']}"


def test_a_product_without_a_page_of_its_own_says_why_in_its_source(leuven):
    """Either the page is the product's own (the source names it as where the facts come from), or the source says
    that no own page was found and why the page linked is the nearest."""
    for product in leuven["products"]:
        address = product["url"].replace("www.", "")
        source = product["source"].replace("www.", "")
        assert address in source or "eigen productpagina niet gevonden:" in source, product["key"]


# Product pages found in stored copies of the public pages (the search tool's "pages" corpus, December 2026), beyond
# those the research notes name; each with what the page says.
FOUND_IN_PUBLIC_PAGES = {
    "https://leuven.be/en/driving-licence": "Driving licence: request, renew, provisional licence, at the city office",
    "https://www.leuven.be/overlijden-aangeven": "Overlijden aangeven: een overlijden in Leuven meld je bij de stad",
    "https://www.leuven.be/kinderkuren": "KinderKuren: opvang voor en na school in de deelnemende basisscholen",
    "https://www.onprvp.fgov.be/NL/profes/benefits/igo/request/paginas/default.aspx": "Federale Pensioendienst: "
    "de inkomensgarantie voor ouderen aanvragen (gemeentebestuur, Pensioendienst of online)",
    "https://leuven.be/en/registering-birth": "Registering a birth: if your child was born in Leuven, within 15 days",
    "https://leuven.be/en/registered-partnership": "Registered partnership: at least 18, at the city office by appointment",
    "https://economie.fgov.be/nl/themas/ondernemingen/een-onderneming-oprichten/belangrijkste-stappen-om-een/"
    "te-ondernemen-stappen-bij-een": "FOD Economie: te ondernemen stappen bij een erkend ondernemingsloket (KBO)",
    "https://www.vlaanderen.be/parkeerkaart-voor-personen-met-een-handicap": "Parkeerkaart voor personen met een "
    "handicap: voorwaarden, aanvraag via MyHandicap (FOD Sociale Zekerheid)",
    "https://www.socialsecurity.be/citizen/nl/hulp-ocmw/hulp-bij-medische-kosten/verhoogde-tegemoetkoming": "De "
    "verhoogde tegemoetkoming: wie er automatisch recht op heeft, aanvraag bij het ziekenfonds",
}


@pytest.mark.skipif(not NOTES.exists(), reason="the research notes are not on this machine")
def test_every_product_page_is_one_the_research_notes_name(leuven):
    notes = NOTES.read_text(encoding="utf-8").replace("www.", "")
    for product in leuven["products"]:
        address = re.sub(r"^https://(www\.)?", "", product["url"])
        assert address in notes or product["url"] in FOUND_IN_PUBLIC_PAGES, (
            f"{product['key']}: {product['url']} is neither in leuven-products.md nor a page found in public pages"
        )


def test_every_product_says_when_and_where_its_facts_were_checked(leuven):
    for product in leuven["products"]:
        assert date.fromisoformat(product["checked_on"]) <= date.today(), product["key"]  # noqa: DTZ011 - a calendar date
        assert product["source"].strip(), product["key"]


def test_checked_on_and_source_round_trip_and_a_bad_date_is_refused(leuven):
    document = copy.deepcopy(leuven)
    assert parse_catalogue(document).to_document() == document
    assert load_catalogue_text(dump_catalogue_text(document)) == document  # a date stays a string
    document["products"][0]["checked_on"] = "5 december 2026"
    with pytest.raises(CatalogueError) as error:
        parse_catalogue(document)
    assert error.value.problems == [
        'products[0].checked_on: must be a date written as YYYY-MM-DD, not "5 december 2026"'
    ]


def _outcome(document, answers, product):
    return parse_catalogue(document).evaluate(answers).outcome(product)


CITIZEN = {"audience": "citizen", "lives_in_leuven": True, "postcode": "3000", "age": 50}


def test_the_heating_allowance_rule_itself_asks_for_a_low_income(leuven):
    """Even if the heating question were asked of everyone, someone who manages on their income does not get it."""
    document = copy.deepcopy(leuven)
    for question in document["questions"]:
        if question["key"] == "heats_with_oil":
            question.pop("ask_if")
    comfortable = CITIZEN | {"income_situation": "sufficient", "benefits": [], "heats_with_oil": True}
    assert _outcome(document, comfortable, "verwarmingstoelage") == "not_applies"
    in_debt = comfortable | {"benefits": ["debt_help"]}
    assert _outcome(document, in_debt, "verwarmingstoelage") == "applies"


def test_the_leefloon_also_tops_up_a_low_income(leuven):
    low = CITIZEN | {"income_situation": "low", "benefits": []}
    assert _outcome(leuven, low, "leefloon") == "applies"
    assert _outcome(leuven, low | {"income_situation": "sufficient"}, "leefloon") == "not_applies"
    assert _outcome(leuven, low | {"benefits": ["leefloon"]}, "leefloon") == "not_applies"


def test_the_leefloon_is_for_adults_under_pension_age_and_minors_with_a_child(leuven):
    """Law of 26 May 2002: 18 or older, or a minor who is pregnant or has a child; from the legal pension age (66
    since 2025) the income guarantee for older people (IGO) comes first, so an 82-year-old is not sent to the
    leefloon but to the IGO (a product of its own now) and still to the OCMW's extra support."""
    low = CITIZEN | {"income_situation": "none", "benefits": [], "lives_alone": False, "children": []}
    assert _outcome(leuven, low | {"age": 65}, "leefloon") == "applies"
    assert _outcome(leuven, low | {"age": 66}, "leefloon") == "not_applies"
    assert _outcome(leuven, low | {"age": 82}, "leefloon") == "not_applies"
    assert _outcome(leuven, low | {"age": 82}, "aanvullende-financiele-steun") == "applies"
    assert _outcome(leuven, low | {"age": 82}, "inkomensgarantie-ouderen") == "applies"
    assert _outcome(leuven, low | {"age": 65}, "inkomensgarantie-ouderen") == "not_applies"
    assert _outcome(leuven, low | {"age": 82, "income_situation": "sufficient"}, "inkomensgarantie-ouderen") == (
        "not_applies"
    )
    assert _outcome(leuven, low | {"age": 17}, "leefloon") == "not_applies"
    assert _outcome(leuven, low | {"age": 17, "children": ["expecting"]}, "leefloon") == "applies"


def test_a_birth_is_registered_where_the_child_was_born(leuven):
    answers = CITIZEN | {"life_events": ["birth"]}
    assert _outcome(leuven, answers, "geboorteaangifte") == "undecided"  # the new question is asked
    assert _outcome(leuven, answers | {"born_in_leuven": True}, "geboorteaangifte") == "applies"
    assert _outcome(leuven, answers | {"born_in_leuven": False}, "geboorteaangifte") == "not_applies"
    assert _outcome(leuven, answers | {"born_in_leuven": False}, "gratis-huisvuilzakken") == "applies"


def test_a_legal_cohabitation_is_declared_from_18(leuven):
    answers = CITIZEN | {"life_events": ["cohabitation"]}
    assert _outcome(leuven, answers, "wettelijke-samenwoning") == "applies"
    assert _outcome(leuven, answers | {"age": 17}, "wettelijke-samenwoning") == "not_applies"


def test_the_huis_van_het_kind_is_for_families_with_older_children_too(leuven):
    answers = CITIZEN | {"lives_alone": False, "life_events": [], "children": ["age_12_17"]}
    assert _outcome(leuven, answers, "huis-van-het-kind") == "applies"
    assert _outcome(leuven, answers | {"children": []}, "huis-van-het-kind") == "not_applies"


def test_free_waste_bags_need_more_than_the_increased_reimbursement(leuven):
    answers = CITIZEN | {"life_events": [], "income_situation": "sufficient", "benefits": ["verhoogde_tegemoetkoming"]}
    assert _outcome(leuven, answers | {"head_or_medical_certificate": False}, "gratis-huisvuilzakken") == "not_applies"
    assert _outcome(leuven, answers | {"head_or_medical_certificate": True}, "gratis-huisvuilzakken") == "applies"
    assert _outcome(leuven, answers | {"life_events": ["birth"], "benefits": []}, "gratis-huisvuilzakken") == "applies"


def test_every_leuven_case_passes(leuven):
    assert [result.name for result in parse_catalogue(leuven).run_cases() if not result.passed] == []


@pytest.mark.django_db
def test_the_edition_page_lists_products_not_checked_for_12_months(editor_client, draft, editor_user):
    product = copy.deepcopy(draft.document["products"][1]) | {"checked_on": "2025-11-30", "source": "https://x.test/a"}
    services.edition_item_save(edition=draft, kind="products", key="bewonerskaart", item=product, actor=editor_user)
    draft.refresh_from_db()
    rows = editor.unchecked_products(parse_catalogue(draft.document), "nl", date(2026, 12, 5))
    assert [(row.key, row.checked_on) for row in rows] == [
        ("ondernemersloket", None),
        ("sociaal-tarief-ouderen", None),
        ("bewonerskaart", date(2025, 11, 30)),
    ]
    page = html(editor_client.get(url("edition", draft.pk)))
    assert "3 producten waarvan de gegevens de laatste 12 maanden niet gecontroleerd zijn" in page
    assert f"{url('product_edit', draft.pk, 'bewonerskaart')}#id_checked_on" in page
