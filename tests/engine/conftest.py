"""Shared fixtures of the rules-engine tests (no database, no Django needed)."""

import copy

import pytest

from assistant.engine import parse_catalogue

SAMPLE = {
    "format": "leuvenhelpt-catalogue/1",
    "edition": "2026-12",
    "default_language": "nl",
    "questions": [
        {
            "key": "audience",
            "type": "choice",
            "text": {"nl": "Voor wie zoekt u?", "en": "Who are you looking for?"},
            "agent_text": {"nl": "Vraag voor wie de beller zoekt."},
            "help": {"nl": "Kies een inwoner, een onderneming of een vereniging."},
            "options": [
                {"value": "citizen", "label": {"nl": "Een inwoner", "en": "A resident"}},
                {"value": "business", "label": {"nl": "Een onderneming", "en": "A business"}},
                {"value": "association", "label": {"nl": "Een vereniging", "en": "An association"}},
            ],
        },
        {
            "key": "lives_in_leuven",
            "type": "boolean",
            "text": {"nl": "Woont u in Leuven?", "en": "Do you live in Leuven?"},
            "ask_if": {"==": [{"var": "audience"}, "citizen"]},
        },
        {
            "key": "age",
            "type": "number",
            "text": {"nl": "Wat is uw leeftijd?", "en": "How old are you?"},
            "min": 0,
            "max": 120,
            "ask_if": {"var": "lives_in_leuven"},
        },
        {
            "key": "has_car",
            "type": "boolean",
            "text": {"nl": "Heeft u een auto?", "en": "Do you have a car?"},
            "ask_if": {"==": [{"var": "audience"}, "citizen"]},
        },
        {
            "key": "postcode",
            "type": "postcode",
            "text": {"nl": "Wat is uw postcode?", "en": "What is your postcode?"},
            "ask_if": {"var": "lives_in_leuven"},
        },
        {
            "key": "vehicles",
            "type": "multi",
            "text": {"nl": "Welke voertuigen gebruikt u?", "en": "Which vehicles do you use?"},
            "options": [
                {"value": "bike", "label": {"nl": "Fiets", "en": "Bike"}},
                {"value": "moped", "label": {"nl": "Bromfiets", "en": "Moped"}},
            ],
            "ask_if": {"!": {"var": "has_car"}},
        },
    ],
    "products": [
        {
            "key": "sociaal-tarief-ouderen",
            "name": {"nl": "Sociaal tarief voor ouderen", "en": "Social rate for older people"},
            "kind": "service",
            "audiences": ["citizen"],
            "theme": "welzijn",
            "summary": {"nl": "Korting voor Leuvenaars vanaf 65 jaar."},
            "how_to": {"nl": "Vraag het aan bij het stadskantoor."},
            "service": "OCMW Leuven",
            "url": "https://www.leuven.be/sociaal-tarief",
            "applies_if": {"and": [{"var": "lives_in_leuven"}, {">=": [{"var": "age"}, 65]}]},
            "help_route": "volunteer",
        },
        {
            "key": "bewonersparkeerkaart",
            "name": {"nl": "Bewonersparkeerkaart"},
            "kind": "service",
            "audiences": ["citizen"],
            "theme": "mobiliteit",
            "summary": {"nl": "Parkeren in uw eigen buurt."},
            "applies_if": {"and": [{"var": "lives_in_leuven"}, {"var": "has_car"}]},
        },
        {
            "key": "fietsgravering",
            "name": {"nl": "Fietsgravering"},
            "kind": "service",
            "audiences": ["citizen"],
            "theme": "mobiliteit",
            "summary": {"nl": "Laat uw fiets graveren tegen diefstal."},
            "applies_if": {"or": [{"in": ["bike", {"var": "vehicles"}]}, {"in": ["moped", {"var": "vehicles"}]}]},
            "help_route": "none",
        },
        {
            "key": "buurtwerk-kessel-lo",
            "name": {"nl": "Buurtwerk Kessel-Lo"},
            "kind": "service",
            "audiences": ["citizen", "association"],
            "theme": "welzijn",
            "summary": {"nl": "Activiteiten in uw buurt."},
            "applies_if": {"or": [{"==": [{"var": "postcode"}, "3010"]}, {"==": [{"var": "postcode"}, "3012"]}]},
        },
        {
            "key": "ondernemingsloket",
            "name": {"nl": "Ondernemingsloket"},
            "kind": "obligation",
            "audiences": ["business"],
            "theme": "ondernemen",
            "summary": {"nl": "Registreer uw onderneming."},
            "applies_if": {"!=": [{"var": "audience"}, "citizen"]},
            "help_route": "professional",
        },
    ],
    "cases": [
        {
            "name": "Senior in Leuven without a car",
            "answers": {"audience": "citizen", "lives_in_leuven": True, "age": 70, "has_car": False},
            "applies": ["sociaal-tarief-ouderen"],
            "not_applies": ["bewonersparkeerkaart"],
        }
    ],
}


@pytest.fixture
def doc():
    """A fresh copy of a small valid document that uses every question type."""
    return copy.deepcopy(SAMPLE)


@pytest.fixture
def catalogue(doc):
    return parse_catalogue(doc)


def _minimal(questions, products, **extra):
    out = {
        "format": "leuvenhelpt-catalogue/1",
        "edition": "test",
        "default_language": "nl",
        "questions": questions,
        "products": products,
    }
    out.update(extra)
    return out


@pytest.fixture
def make_doc():
    """Build a document from short question and product specs.

    ``make_doc(questions=[("a", "boolean", {...extra}), ...], rules={"p": rule, ...})``
    """

    def make(questions=(), rules=None, cases=None):
        built = []
        for spec in questions:
            key, qtype, *rest = spec
            question = {"key": key, "type": qtype, "text": {"nl": f"Vraag {key}?"}}
            if qtype in ("choice", "multi"):
                question["options"] = [{"value": value, "label": {"nl": value.upper()}} for value in ("a", "b", "c")]
            if rest:
                question.update(rest[0])
            built.append(question)
        products = [
            {
                "key": key,
                "name": {"nl": key},
                "kind": "service",
                "audiences": ["citizen"],
                "theme": "welzijn",
                "summary": {"nl": "Samenvatting."},
                "applies_if": rule,
            }
            for key, rule in (rules or {}).items()
        ]
        extra = {"cases": cases} if cases is not None else {}
        return _minimal(built, products, **extra)

    return make
