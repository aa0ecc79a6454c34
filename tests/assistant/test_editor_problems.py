"""Problems reach catalogue editors in their own language: sentences that name the question, product or
example case by its visible text and link to the field, never an engine path such as
``products[23].applies_if`` nor the engine's English; and a rule nested too deeply is refused before parsing."""

import copy
import re

import pytest
from django.conf import settings

from assistant import problems, services
from assistant.engine import CatalogueError, dump_catalogue_text, load_catalogue_text
from assistant.engine.document import MAX_TEXT_DEPTH, text_depth
from assistant.models import Edition
from tests.fixtures.assistant import html, make_doc, product_data, question_data, upload, url

pytestmark = pytest.mark.django_db

# An engine path, or a fragment of the engine's own English, anywhere in a page.
ENGINE_TEXT = re.compile(
    r"(questions|products|cases)\[\d+\]|expected to apply|expected not to apply|mentions unknown|"
    r"can never be true, so|does not come earlier|unknown operator|duplicate key|missing required field"
)


def assert_no_engine_text(page: str) -> None:
    found = ENGINE_TEXT.search(page)
    assert found is None, f"engine text on an editor's page: {page[max(found.start() - 80, 0) : found.end() + 80]!r}"


@pytest.fixture
def broken_draft(draft, editor_user):
    """A draft with a never-true rule, a question no rule uses and a failing case."""
    product = copy.deepcopy(draft.document["products"][1])
    product["applies_if"] = {"and": [{"var": "has_car"}, {"!": {"var": "has_car"}}]}
    services.edition_item_save(edition=draft, kind="products", key="bewonerskaart", item=product, actor=editor_user)
    draft.refresh_from_db()
    case = copy.deepcopy(draft.document["cases"][0])
    case["applies"] = ["sociaal-tarief-ouderen", "ondernemersloket"]
    services.edition_item_save(edition=draft, kind="cases", key=case["name"], item=case, actor=editor_user)
    draft.refresh_from_db()
    return draft


@pytest.mark.parametrize("language", ["nl", "en"])
def test_no_editor_page_shows_an_engine_path(client, editor_user, broken_draft, language):
    """Every page where the engine's problems and warnings appear, in both languages."""
    client.force_login(editor_user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    draft = broken_draft
    pages = [
        client.get(url("edition", draft.pk)),
        client.get(url("publish", draft.pk)),
        client.post(url("publish", draft.pk)),
        client.get(url("case_edit", draft.pk, 1)),
        client.get(url("diff", draft.pk)),
        client.post(url("product_remove", draft.pk, "bewonerskaart")),
        client.post(url("question_remove", draft.pk, "has_car")),
        client.post(
            url("product_edit", draft.pk, "bewonerskaart"),
            product_data(draft, "bewonerskaart", applies_if='{"xor": [{"var": "nothing"}]}', key="ondernemersloket"),
        ),
        client.post(url("question_edit", draft.pk, "has_car"), question_data(draft, "has_car", key="car")),
        client.post(
            url("rule_check", draft.pk),
            {"original_key": "bewonerskaart", "applies_if": '{"==": [{"var": "age"}, "oud"]}'},
        ),
        client.post(url("import"), {"file": upload(dump_catalogue_text(_broken_document()))}),
    ]
    for response in pages:
        assert response.status_code in (200, 409)
        assert_no_engine_text(html(response))


def _broken_document() -> dict:
    document = make_doc("kapot")
    document["products"][0]["applies_if"] = {"xor": [True, False]}
    document["products"][1]["url"] = "leuven.be"
    document["questions"][1]["ask_if"] = {"var": "age"}
    document["questions"][3]["key"] = "age"
    document["cases"][0]["applies"] = ["onbekend"]
    return document


def test_the_issue_example_reads_as_a_dutch_sentence_with_a_link(draft):
    document = copy.deepcopy(draft.document)
    message = 'products[1].applies_if: mentions unknown question "inkomen"'
    problem = problems.explain(message, document, "nl", edition_id=draft.pk)
    assert (
        problem.text == "De regel van ‘Bewonerskaart’ gebruikt de vraag ‘inkomen’, maar die vraag bestaat niet (meer)."
    )
    assert problem.url == url("product_edit", draft.pk, "bewonerskaart") + "#id_applies_if"
    english = problems.explain_all([message], document, "en")[0]
    assert (
        english.text
        == "The rule of ‘Bewonerskaart’ uses the question ‘inkomen’, but that question does not exist (any more)."
    )


def test_an_unknown_engine_message_becomes_a_general_sentence_about_the_field(draft):
    problem = problems.explain_all(["products[0].how_to: something new the engine says"], draft.document, "nl")[0]
    assert problem.text == "De volgende stap van het product ‘Sociaal tarief voor ouderen’ is niet geldig."
    assert_no_engine_text(problem.text)


def test_options_and_questions_are_named_by_their_labels(draft):
    document = copy.deepcopy(draft.document)
    warning = 'questions[0].options[1]: no rule uses option "business" of question "audience"'
    assert (
        problems.explain_all([warning], document, "nl")[0].text
        == "Geen enkele regel gebruikt het antwoord ‘Een onderneming’ van de vraag ‘Voor wie zoekt u?’."
    )


# ---------------------------------------------------------------------------
# Nesting depth, before parsing


def deep_rule(levels: int) -> str:
    return '{"!": ' * levels + "true" + "}" * levels


def test_the_depth_scan_ignores_brackets_inside_strings():
    assert text_depth('{"a": "[[[[[[[[", "b": [1, {"c": "\\"{{{"}]}') == 3
    assert text_depth("[" * 10_000) == MAX_TEXT_DEPTH + 1  # it stops counting past the limit
    assert text_depth("a:\n  - b: 1\n    c: [2]\n") == 2
    assert text_depth("- " * 10_000 + "x") > MAX_TEXT_DEPTH


def test_a_deeply_nested_file_is_refused_before_parsing():
    text = '{"format": "leuvenhelpt-catalogue/1", "x": ' + deep_rule(100_000) + "}"
    with pytest.raises(CatalogueError) as error:
        load_catalogue_text(text)
    assert error.value.problems == [f"document: nested too deeply (more than {MAX_TEXT_DEPTH} levels)"]


def test_deep_yaml_block_nesting_is_refused_not_a_crash():
    text = "- " * 20_000 + "x\n"
    with pytest.raises(CatalogueError, match="nested too deeply"):
        load_catalogue_text(text)


def test_the_import_page_refuses_a_deeply_nested_rule_in_dutch(editor_client):
    document = dump_catalogue_text(make_doc("diep"), fmt="json")
    text = document.rstrip()[:-1] + ', "diep": ' + deep_rule(50_000) + "}"
    response = editor_client.post(url("import"), {"file": upload(text, "diep.json")})
    assert response.status_code == 200
    assert "Het bestand heeft te veel niveaus in elkaar." in html(response)
    assert not Edition.objects.exists()


def test_the_rule_check_refuses_a_deeply_nested_rule(editor_client, draft):
    response = editor_client.post(
        url("rule_check", draft.pk), {"original_key": "bewonerskaart", "applies_if": deep_rule(50_000)}
    )
    assert response.status_code == 200
    assert "Deze regel heeft te veel groepen in elkaar." in html(response)
