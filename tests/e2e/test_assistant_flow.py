"""A citizen completes the Leuven assistant in Chromium, with JavaScript on and off."""

import re

import pytest
from playwright.sync_api import expect

from assistant.demo import LEUVEN_CATALOGUE
from assistant.engine import load_catalogue_text, parse_catalogue

pytestmark = [pytest.mark.e2e]

CATALOGUE = parse_catalogue(load_catalogue_text(LEUVEN_CATALOGUE.read_text(encoding="utf-8")))
SENIOR = next(case for case in CATALOGUE.cases if case.name.startswith("Alleenwonende senior"))
QUESTION_URL = re.compile(r"/assistent/vraag/([a-z0-9_]+)/")


def nl(text: dict) -> str:
    return text.get("nl")


def answer_current_question(page, answers: dict) -> str:
    """Answer the question on screen: from ``answers`` where given, else a plain default."""
    expect(page).to_have_url(QUESTION_URL)  # HTMX swaps the page in: wait for it
    key = QUESTION_URL.search(page.url).group(1)
    question = CATALOGUE.question(key)
    value = answers.get(key)
    if question.type == "boolean":
        page.get_by_label("Ja" if value else "Nee", exact=True).check()
    elif question.type == "choice":
        option = question.option(value) if value else question.options[0]
        page.get_by_label(nl(option.label), exact=True).check()
    elif question.type == "multi":
        for chosen in value or []:
            page.get_by_label(nl(question.option(chosen).label), exact=True).check()
    else:
        default = "3000" if question.type == "postcode" else "30"
        page.locator("input[name=answer]").fill(str(value if value is not None else default))
    before = page.url
    page.get_by_role("button", name="Volgende").click()
    page.wait_for_url(lambda url: url != before)  # the next question (or the results) is on screen
    return key


def walk_to_results(page, answers: dict, assert_accessible) -> list[str]:
    asked = []
    for _ in range(len(CATALOGUE.questions)):
        expect(page).to_have_url(re.compile(r"/assistent/(vraag/[a-z0-9_]+|resultaat)/$"))
        if "/resultaat/" in page.url:
            return asked
        if not asked:
            assert_accessible(page)
        asked.append(answer_current_question(page, answers))
    raise AssertionError(f"no results after {asked}")


@pytest.fixture(params=[True, False], ids=["javascript", "no-javascript"])
def citizen(request, browser, live_server, demo, assert_accessible):
    """A browser page on the assistant's start page, and the accessibility check.

    axe-core runs inside the page, so it needs JavaScript: without it the check is skipped
    (the pages are the same HTML either way, and the JavaScript run checks them).
    """
    context = browser.new_context(java_script_enabled=request.param, locale="nl-BE")
    page = context.new_page()
    page.goto(f"{live_server.url}/assistent/")
    yield page, assert_accessible if request.param else (lambda page: None)
    context.close()


def test_citizen_completes_the_assistant_and_changes_an_answer(citizen):
    page, assert_accessible = citizen
    assert_accessible(page)
    page.get_by_role("link", name="Nu beginnen").click()
    asked = walk_to_results(page, SENIOR.answers, assert_accessible)
    assert asked[:2] == ["audience", "lives_in_leuven"]

    expect(page.get_by_role("heading", level=1)).to_have_text("Uw resultaat")
    titles = page.locator(".result-card .card-title").all_inner_texts()
    for key in SENIOR.applies:
        assert nl(CATALOGUE.product(key).name) in titles
    for key in SENIOR.not_applies:
        assert nl(CATALOGUE.product(key).name) not in titles
    expect(page.locator("#main")).to_contain_text("Waarom dit voor u geldt")
    assert_accessible(page)

    page.get_by_role("link", name="Uw antwoorden bekijken of wijzigen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Uw antwoorden")
    assert_accessible(page)
    page.get_by_role("link", name=re.compile("Wijzigen uw antwoord op: Woont u in Leuven")).click()
    expect(page.get_by_label("Ja", exact=True)).to_be_checked()
    page.get_by_label("Nee", exact=True).check()
    page.get_by_role("button", name="Bewaren en verder").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Uw antwoorden")
    expect(page.locator(".summary-list")).not_to_contain_text("Wat is uw postcode?")  # asked only in Leuven
    page.get_by_role("link", name="Toon mijn resultaat").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Uw resultaat")
    titles = page.locator(".result-card .card-title").all_inner_texts()
    assert nl(CATALOGUE.product("huisbezoek-eid").name) not in titles


def test_bad_input_gets_a_clear_message_and_keeps_the_answer(citizen):
    page, assert_accessible = citizen
    page.get_by_role("link", name="Nu beginnen").click()
    answer_current_question(page, {"audience": "citizen"})
    answer_current_question(page, {"lives_in_leuven": True})
    answer_current_question(page, {"postcode": "3001"})
    expect(page).to_have_url(re.compile("/vraag/age/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Hoe oud bent u?")
    page.locator("input[name=answer]").fill("150")
    page.get_by_role("button", name="Volgende").click()
    expect(page.locator(".error-summary")).to_contain_text("Vul een getal in van 0 tot 120.")
    expect(page.locator("input[name=answer]")).to_have_value("150")
    assert_accessible(page)
    page.get_by_role("link", name="Stoppen en mijn resultaat tonen").click()
    expect(page.locator("#undecided-title")).to_have_text("Nog niet zeker")


def test_product_pages_search_and_detail(page, live_server, demo, assert_accessible):
    page.goto(f"{live_server.url}/assistent/producten/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert_accessible(page)
    page.get_by_role("searchbox").fill("verhuizen")
    page.get_by_role("button", name="Zoeken").click()
    adreswijziging = nl(CATALOGUE.product("adreswijziging").name)
    expect(page.get_by_role("link", name=adreswijziging)).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name=adreswijziging).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(adreswijziging)
    assert_accessible(page)
