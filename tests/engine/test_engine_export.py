"""Import followed by export gives back the same document."""

import copy
import pickle

import pytest

from assistant.engine import dump_catalogue_text, load_catalogue_text, parse_catalogue


def test_round_trip_of_the_sample(doc):
    original = copy.deepcopy(doc)
    exported = parse_catalogue(doc).to_document()
    assert exported == original
    assert [q["key"] for q in exported["questions"]] == [q["key"] for q in original["questions"]]
    assert [p["key"] for p in exported["products"]] == [p["key"] for p in original["products"]]


def test_export_keeps_optional_fields_exactly_as_given(doc):
    exported = parse_catalogue(doc).to_document()
    assert "help_route" not in exported["products"][1]
    assert exported["products"][2]["help_route"] == "none"
    assert "agent_text" in exported["questions"][0] and "agent_text" not in exported["questions"][1]
    assert "ask_if" not in exported["questions"][0]


def test_a_document_without_cases_has_none_after_export(doc):
    del doc["cases"]
    assert "cases" not in parse_catalogue(doc).to_document()
    doc["cases"] = []
    assert parse_catalogue(doc).to_document()["cases"] == []


def test_a_case_without_applies_lists(doc):
    doc["cases"] = [{"name": "Only answers", "answers": {"audience": "business"}}]
    assert parse_catalogue(doc).to_document() == doc


def test_rules_are_given_back_as_written(doc):
    doc["products"][0]["applies_if"] = {"!": [{"!": {"var": "has_car"}}]}
    doc["products"][1]["applies_if"] = {"and": [{"<=": [18, {"var": "age"}, 65.0]}]}
    doc["products"][2]["applies_if"] = {"==": [{"var": "age"}, None]}
    exported = parse_catalogue(doc).to_document()
    assert exported == doc
    assert isinstance(exported["products"][1]["applies_if"]["and"][0]["<="][2], float)


def test_service_may_be_a_string_or_a_text(doc):
    doc["products"][1]["service"] = {"nl": "Dienst mobiliteit", "en": "Mobility department"}
    assert parse_catalogue(doc).to_document() == doc


def test_exported_document_is_independent_of_the_catalogue(catalogue):
    first = catalogue.to_document()
    first["products"][0]["applies_if"]["and"].append(False)
    first["questions"][0]["text"]["nl"] = "Gewijzigd"
    assert catalogue.to_document() != first
    assert catalogue.evaluate({"audience": "citizen", "lives_in_leuven": True, "age": 70}).applies == [
        "sociaal-tarief-ouderen"
    ]


@pytest.mark.parametrize("fmt", ["yaml", "json"])
def test_text_round_trip(doc, fmt):
    text = dump_catalogue_text(parse_catalogue(doc).to_document(), fmt=fmt)
    assert load_catalogue_text(text) == doc
    assert parse_catalogue(load_catalogue_text(text)).to_document() == doc


def test_yaml_export_quotes_what_yaml_would_misread(make_doc):
    doc = make_doc(
        [("pc", "postcode"), ("a", "choice", {"options": [{"value": "no", "label": {"nl": "Nee"}}]})],
        {"p": {"or": [{"==": [{"var": "pc"}, "3000"]}, {"==": [{"var": "a"}, "no"]}]}},
    )
    doc["edition"] = "2026-12-01"
    text = dump_catalogue_text(parse_catalogue(doc).to_document())
    assert "'3000'" in text and "'no'" in text and "'2026-12-01'" in text
    assert load_catalogue_text(text) == doc


def test_export_keeps_document_key_order(catalogue):
    exported = catalogue.to_document()
    assert list(exported) == ["format", "edition", "default_language", "questions", "products", "cases"]
    assert list(exported["questions"][2]) == ["key", "type", "text", "min", "max", "ask_if"]


def test_a_catalogue_survives_pickling(catalogue):
    # a cache (e.g. Django's) pickles what it stores
    restored = pickle.loads(pickle.dumps(catalogue))  # noqa: S301 - our own bytes, just written
    assert restored.to_document() == catalogue.to_document()
    answers = {"audience": "citizen", "lives_in_leuven": True, "age": 70}
    assert restored.evaluate(answers) == catalogue.evaluate(answers)
