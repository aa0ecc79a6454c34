"""Readable rules for editors and reasons for the results page."""

import pytest

from assistant.engine import CatalogueError, describe_rule


def var(key):
    return {"var": key}


@pytest.mark.parametrize(
    ("rule", "dutch", "english"),
    [
        (
            {"and": [var("lives_in_leuven"), {">=": [var("age"), 65]}]},
            "Woont u in Leuven? = Ja EN Wat is uw leeftijd? ≥ 65",
            "Do you live in Leuven? = Yes AND How old are you? ≥ 65",
        ),
        (
            {"or": [{"==": [var("audience"), "business"]}, {"!": {"and": [var("has_car"), True]}}]},
            "Voor wie zoekt u? = Een onderneming OF NIET (Heeft u een auto? = Ja EN altijd)",
            "Who are you looking for? = A business OR NOT (Do you have a car? = Yes AND always)",
        ),
        (
            {"and": [{"in": ["bike", var("vehicles")]}, {"or": [var("has_car"), {"!=": [var("postcode"), "3000"]}]}]},
            "Welke voertuigen gebruikt u? bevat Fiets EN (Heeft u een auto? = Ja OF Wat is uw postcode? ≠ 3000)",
            "Which vehicles do you use? includes Bike AND (Do you have a car? = Yes OR What is your postcode? ≠ 3000)",
        ),
        (
            {"<=": [18, var("age"), 65.5]},
            "18 ≤ Wat is uw leeftijd? ≤ 65,5",
            "18 ≤ How old are you? ≤ 65.5",
        ),
        ({"<": [65, var("age")]}, "Wat is uw leeftijd? > 65", "How old are you? > 65"),
        ({"==": [var("has_car"), None]}, "Heeft u een auto? = geen antwoord", "Do you have a car? = no answer"),
        ({"!": [var("has_car")]}, "NIET (Heeft u een auto? = Ja)", "NOT (Do you have a car? = Yes)"),
        (False, "nooit", "never"),
    ],
)
def test_describe_rule(catalogue, rule, dutch, english):
    assert describe_rule(rule, catalogue) == dutch
    assert describe_rule(rule, catalogue, "en") == english
    assert catalogue.describe_rule(rule, "en") == english


def test_describe_rule_falls_back_to_the_default_language(catalogue):
    rule = {"==": [var("audience"), "business"]}
    assert describe_rule(rule, catalogue, "fr") == "Voor wie zoekt u? = Een onderneming"
    assert describe_rule({"and": [var("has_car"), var("lives_in_leuven")]}, catalogue, "fr") == (
        "Heeft u een auto? = Oui ET Woont u in Leuven? = Oui"
    )


def test_describe_rule_rejects_an_invalid_rule(catalogue):
    with pytest.raises(CatalogueError) as caught:
        describe_rule({"xor": [1]}, catalogue)
    assert caught.value.problems == ['rule: unknown operator "xor"']


SENIOR = {"audience": "citizen", "lives_in_leuven": True, "age": 70, "has_car": False}


def test_explain_gives_the_answers_that_make_a_product_apply(catalogue):
    assert catalogue.explain("sociaal-tarief-ouderen", SENIOR) == ["Woont u in Leuven? Ja", "Wat is uw leeftijd? 70"]
    assert catalogue.explain("sociaal-tarief-ouderen", SENIOR, "en") == [
        "Do you live in Leuven? Yes",
        "How old are you? 70",
    ]


def test_explain_takes_only_the_true_branches_of_an_or(catalogue):
    answers = {**SENIOR, "postcode": "3012", "vehicles": ["moped"]}
    assert catalogue.explain("buurtwerk-kessel-lo", answers) == ["Wat is uw postcode? 3012"]
    assert catalogue.explain("fietsgravering", answers) == ["Welke voertuigen gebruikt u? Bromfiets"]
    answers["vehicles"] = ["moped", "bike"]
    assert catalogue.explain("fietsgravering", answers, "en") == ["Which vehicles do you use? Bike, Moped"]


def test_explain_a_negation_gives_the_answer_that_made_it_false(catalogue):
    assert catalogue.explain("ondernemingsloket", {"audience": "association"}) == ["Voor wie zoekt u? Een vereniging"]


def test_explain_is_empty_when_a_product_does_not_apply(catalogue):
    assert catalogue.explain("bewonersparkeerkaart", SENIOR) == []
    assert catalogue.explain("fietsgravering", {}) == []


def test_explain_leaves_out_skipped_questions(make_doc):
    from assistant.engine import parse_catalogue

    doc = make_doc(
        [("a", "boolean"), ("b", "boolean", {"ask_if": var("a")})],
        {"p": {"and": [{"!": var("b")}, {"!": var("a")}]}},
    )
    assert parse_catalogue(doc).explain("p", {"a": False}) == ["Vraag a? Nee"]


def test_explain_unknown_product(catalogue):
    with pytest.raises(KeyError):
        catalogue.explain("nothing", {})


def test_format_answer(catalogue):
    assert catalogue.format_answer("lives_in_leuven", False) == "Nee"
    assert catalogue.format_answer("audience", "citizen", "en") == "A resident"
    assert catalogue.format_answer("vehicles", []) == "geen"
    assert catalogue.format_answer("age", 70.0) == "70"
