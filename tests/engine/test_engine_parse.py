"""Importing a catalogue: every problem is reported, once, with its path."""

import pytest

from assistant.engine import FORMAT, CatalogueError, load_catalogue_text, parse_catalogue


def problems_of(doc):
    with pytest.raises(CatalogueError) as caught:
        parse_catalogue(doc)
    assert str(caught.value) == "\n".join(caught.value.problems)
    return caught.value.problems


def test_the_sample_document_is_valid(catalogue):
    assert [question.key for question in catalogue.questions] == [
        "audience",
        "lives_in_leuven",
        "age",
        "has_car",
        "postcode",
        "vehicles",
    ]
    assert catalogue.products[0].key == "sociaal-tarief-ouderen"
    assert catalogue.products[0].effective_help_route == "volunteer"
    assert catalogue.products[1].effective_help_route == "none"
    assert catalogue.question("age").min == 0
    assert catalogue.question("vehicles").option("bike").label == {"nl": "Fiets", "en": "Bike"}


# -- the document -----------------------------------------------------------------


def test_format_must_be_exactly_the_format_string(doc):
    doc["format"] = "leuvenhelpt-catalogue/2"
    assert problems_of(doc) == ['format: must be exactly "leuvenhelpt-catalogue/1", not "leuvenhelpt-catalogue/2"']
    assert FORMAT == "leuvenhelpt-catalogue/1"


def test_missing_required_top_level_fields(doc):
    del doc["format"]
    del doc["edition"]
    assert problems_of(doc) == ["format: missing required field", "edition: missing required field"]


def test_unknown_fields_are_rejected(doc):
    doc["author"] = "me"
    doc["questions"][2]["unit"] = "years"
    assert problems_of(doc) == ["author: unknown field", "questions[2].unit: unknown field"]


def test_the_document_must_be_a_mapping():
    assert problems_of(["format"]) == [
        'document: must be a mapping with format, edition, default_language, questions and products, not ["format"]'
    ]


def test_bad_types_at_the_top(doc):
    doc["edition"] = 2026
    doc["products"] = {"key": "x"}
    doc["default_language"] = "Nederlands"
    assert problems_of(doc) == [
        "edition: must be a string, not 2026",
        'default_language: must be a language code such as nl or en, not "Nederlands"',
        'products: must be a list, not {"key": "x"}',
    ]


# -- texts ----------------------------------------------------------------------------


def test_text_in_the_default_language_is_required(doc):
    doc["products"][0]["name"] = {"en": "Social rate"}
    assert problems_of(doc) == ['products[0].name: missing text in default language "nl"']


def test_an_empty_default_text_counts_as_missing(doc):
    doc["questions"][0]["help"] = {"nl": "  "}
    assert problems_of(doc) == ['questions[0].help: missing text in default language "nl"']


def test_a_text_must_be_a_mapping_of_strings(doc):
    doc["questions"][1]["text"] = "Woont u in Leuven?"
    doc["products"][1]["summary"] = {"nl": "Parkeren.", "en": 3}
    assert problems_of(doc) == [
        'questions[1].text: must be a text: a mapping from language to string, e.g. {nl: ...}, not "Woont u in Leuven?"',
        "products[1].summary.en: must be a string, not 3",
    ]


# -- questions --------------------------------------------------------------------


def test_duplicate_question_key(make_doc):
    doc = make_doc([("age", "number"), ("age", "boolean")], {"p": True})
    assert problems_of(doc) == ['questions[1].key: duplicate key "age"']


def test_bad_question_key(make_doc):
    doc = make_doc([("Age", "number"), ("2nd", "boolean")], {"p": True})
    assert problems_of(doc) == [
        'questions[0].key: "Age" is not a valid identifier: use lowercase letters, digits and _, starting with a letter',
        'questions[1].key: "2nd" is not a valid identifier: use lowercase letters, digits and _, starting with a letter',
    ]


def test_missing_question_fields(make_doc):
    doc = make_doc([("a", "boolean")], {"p": True})
    del doc["questions"][0]["type"]
    del doc["questions"][0]["text"]
    assert problems_of(doc) == [
        "questions[0].type: missing required field",
        "questions[0].text: missing required field",
    ]


def test_unknown_question_type(make_doc):
    doc = make_doc([("a", "date")], {"p": True})
    assert problems_of(doc) == [
        'questions[0].type: unknown type "date" (allowed: boolean, choice, multi, number, postcode)'
    ]


@pytest.mark.parametrize("qtype", ["choice", "multi"])
def test_choice_and_multi_need_options(make_doc, qtype):
    doc = make_doc([("a", qtype)], {"p": True})
    del doc["questions"][0]["options"]
    assert problems_of(doc) == [f"questions[0].options: missing required field (a {qtype} question needs options)"]


def test_empty_options(make_doc):
    doc = make_doc([("a", "choice", {"options": []})], {"p": True})
    assert problems_of(doc) == ["questions[0].options: must be a non-empty list of {value, label}, not []"]


def test_options_only_for_choice_and_multi(make_doc):
    doc = make_doc([("a", "boolean", {"options": [{"value": "x", "label": {"nl": "X"}}]})], {"p": True})
    assert problems_of(doc) == ["questions[0].options: only choice and multi questions have options"]


def test_duplicate_option_values(make_doc):
    options = [{"value": "a", "label": {"nl": "A"}}, {"value": "a", "label": {"nl": "Nog eens A"}}]
    doc = make_doc([("q", "multi", {"options": options})], {"p": True})
    assert problems_of(doc) == ['questions[0].options[1].value: duplicate option value "a"']


def test_bad_option_value_and_label(make_doc):
    options = [{"value": "Bike!", "label": {"nl": "Fiets"}}, {"value": "car", "label": {"en": "Car"}}]
    doc = make_doc([("q", "choice", {"options": options})], {"p": True})
    assert problems_of(doc) == [
        'questions[0].options[0].value: "Bike!" is not a valid identifier: '
        "use lowercase letters, digits, - and _, starting with a letter or digit",
        'questions[0].options[1].label: missing text in default language "nl"',
    ]


def test_min_greater_than_max(make_doc):
    doc = make_doc([("n", "number", {"min": 10, "max": 5})], {"p": True})
    assert problems_of(doc) == ["questions[0].min: min 10 is greater than max 5"]


def test_min_and_max_must_be_numbers_on_number_questions(make_doc):
    doc = make_doc([("n", "number", {"min": "0", "max": True}), ("b", "boolean", {"max": 3})], {"p": True})
    assert problems_of(doc) == [
        'questions[0].min: must be a number, not "0"',
        "questions[0].max: must be a number, not true",
        "questions[1].max: only number questions have min and max",
    ]


def test_ask_if_may_only_mention_earlier_questions(doc):
    doc["questions"][1]["ask_if"] = {"and": [{"var": "has_car"}, {">": [{"var": "age"}, 3]}]}
    assert problems_of(doc) == [
        'questions[1].ask_if: mentions "has_car", which does not come earlier',
        'questions[1].ask_if: mentions "age", which does not come earlier',
    ]


def test_ask_if_may_not_mention_its_own_question(doc):
    doc["questions"][3]["ask_if"] = {"var": "has_car"}
    assert problems_of(doc) == ['questions[3].ask_if: mentions "has_car", which does not come earlier']


def test_ask_if_problems_are_reported_with_their_question(doc):
    doc["questions"][1]["ask_if"] = {"var": "has_car"}
    doc["questions"][2]["text"] = {}
    assert problems_of(doc) == [
        'questions[1].ask_if: mentions "has_car", which does not come earlier',
        "questions[2].text: must be a text: a mapping from language to string, e.g. {nl: ...}, not {}",
    ]


# -- products -----------------------------------------------------------------------


def test_duplicate_product_key(doc):
    doc["products"][2]["key"] = "sociaal-tarief-ouderen"
    assert problems_of(doc) == ['products[2].key: duplicate key "sociaal-tarief-ouderen"']


def test_bad_product_key(doc):
    doc["products"][2]["key"] = "Fiets_gravering"
    assert problems_of(doc) == [
        'products[2].key: "Fiets_gravering" is not a valid identifier: '
        "use lowercase letters, digits and -, starting with a letter or digit"
    ]


def test_missing_product_fields(doc):
    del doc["products"][2]["kind"]
    del doc["products"][2]["applies_if"]
    assert problems_of(doc) == [
        "products[2].kind: missing required field",
        "products[2].applies_if: missing required field",
    ]


def test_bad_kind_and_help_route(doc):
    doc["products"][0]["kind"] = "right"
    doc["products"][0]["help_route"] = "family"
    assert problems_of(doc) == [
        'products[0].kind: must be "obligation" or "service", not "right"',
        'products[0].help_route: must be one of "volunteer", "professional", "none", not "family"',
    ]


def test_bad_audiences(doc):
    doc["products"][0]["audiences"] = ["citizen", "student", "citizen"]
    doc["products"][1]["audiences"] = []
    assert problems_of(doc) == [
        'products[0].audiences[1]: unknown audience "student" (allowed: citizen, business, association)',
        'products[0].audiences[2]: duplicate audience "citizen"',
        "products[1].audiences: must be a non-empty list of audiences (citizen, business, association), not []",
    ]


def test_bad_theme_and_url(doc):
    doc["products"][0]["theme"] = "Welzijn & zorg"
    doc["products"][0]["url"] = "leuven.be"
    assert problems_of(doc) == [
        'products[0].theme: "Welzijn & zorg" is not a valid identifier: '
        "use lowercase letters, digits, - and _, starting with a letter",
        'products[0].url: must be a web address starting with https://, not "leuven.be"',
    ]


# -- rules -----------------------------------------------------------------------------


def set_rule(doc, rule, product=0):
    doc["products"][product]["applies_if"] = rule
    return doc


def test_unknown_operator(doc):
    assert problems_of(set_rule(doc, {"xor": [True, False]}, 3)) == ['products[3].applies_if: unknown operator "xor"']


def test_unknown_operator_deep_inside_a_rule(doc):
    rule = {"and": [{"var": "lives_in_leuven"}, {"or": [{"+": [1, 2]}, {"var": "has_car"}]}]}
    assert problems_of(set_rule(doc, rule)) == ['products[0].applies_if: unknown operator "+"']


def test_unknown_question_in_a_rule(doc):
    assert problems_of(set_rule(doc, {"==": [{"var": "foo"}, 1]}, 4)) == [
        'products[4].applies_if: mentions unknown question "foo"'
    ]


def test_every_problem_of_a_rule_is_reported(doc):
    rule = {"and": [{"var": "foo"}, {"xor": []}, {"var": "bar"}]}
    assert problems_of(set_rule(doc, rule)) == [
        'products[0].applies_if: mentions unknown question "foo"',
        'products[0].applies_if: unknown operator "xor"',
        'products[0].applies_if: mentions unknown question "bar"',
    ]


@pytest.mark.parametrize(
    ("rule", "message"),
    [
        (3, "a number (3) where a truth value is expected"),
        ("yes", 'a string ("yes") where a truth value is expected'),
        (None, "null where a truth value is expected"),
        ([True], "a list ([true]) where a truth value is expected"),
        (
            {"var": "age"},
            'the answer to "age" (a number question) where a truth value is expected; compare it with a value instead',
        ),
        (
            {"and": [{"var": "lives_in_leuven"}, {"var": "audience"}]},
            'the answer to "audience" (a choice question) where a truth value is expected; '
            "compare it with a value instead",
        ),
        ({"or": [True, 1]}, "a number (1) where a truth value is expected"),
        ({"!": "no"}, 'a string ("no") where a truth value is expected'),
        (
            {"!": [{"var": "postcode"}]},
            'the answer to "postcode" (a postcode question) where a truth value is '
            "expected; compare it with a value instead",
        ),
    ],
)
def test_wrong_values_where_a_truth_value_is_expected(doc, rule, message):
    assert problems_of(set_rule(doc, rule)) == [f"products[0].applies_if: {message}"]


def test_wrong_truth_value_in_ask_if(doc):
    doc["questions"][2]["ask_if"] = {"var": "audience"}
    assert problems_of(doc) == [
        'questions[2].ask_if: the answer to "audience" (a choice question) where a truth value is expected; '
        "compare it with a value instead"
    ]


@pytest.mark.parametrize(
    ("rule", "message"),
    [
        ({"==": [{"var": "age"}]}, '"==" needs 2 operands, not 1'),
        ({"<": [1, 2, 3, 4]}, '"<" needs 2 or 3 operands, not 4'),
        ({">": [1, {"var": "age"}, 3]}, '">" needs 2 operands, not 3'),
        ({"==": {"var": "age"}}, '"==" needs a list of 2 operands, not {"var": "age"}'),
        ({"and": []}, '"and" needs at least one operand'),
        ({"or": True}, '"or" needs a list of operands, not true'),
        ({"!": [True, False]}, '"!" needs exactly one operand, not 2'),
        ({}, "an empty object where a rule is expected"),
        ({"var": "age", "==": 1}, 'an operation must have exactly one operator, not 2 ("var", "==")'),
        (
            {"var": ["lives_in_leuven"]},
            '"var" must name a question as {"var": "key"}, not {"var": ["lives_in_leuven"]}',
        ),
        ({"in": ["bike", {"var": "vehicles"}, 1]}, '"in" needs 2 operands, not 3'),
    ],
)
def test_wrong_operator_forms(doc, rule, message):
    assert problems_of(set_rule(doc, rule)) == [f"products[0].applies_if: {message}"]


@pytest.mark.parametrize(
    ("rule", "message"),
    [
        (
            {"==": [{"var": "postcode"}, 3000]},
            '"==" compares "postcode" (a postcode question) with the number 3000; postcodes are strings: write "3000"',
        ),
        ({"==": [{"var": "postcode"}, "300"]}, '"300" is not a postcode (four digits, 1000 to 9999)'),
        ({"==": [{"var": "audience"}, "student"]}, 'mentions unknown option "student" of question "audience"'),
        ({"==": [{"var": "age"}, "65"]}, '"==" compares "age" (a number question) with the string "65"'),
        (
            {"!=": [{"var": "lives_in_leuven"}, 1]},
            '"!=" compares "lives_in_leuven" (a boolean question) with the number 1',
        ),
        (
            {"==": [{"var": "audience"}, {"var": "age"}]},
            '"==" compares "audience" (a choice question) with "age" (a number question)',
        ),
        (
            {"==": [{"var": "vehicles"}, "bike"]},
            '"vehicles" is a multi question: test its options with {"in": ["option", {"var": "vehicles"}]}',
        ),
        (
            {"==": [{"and": [True]}, True]},
            'an operand of "==" must be a value or {"var": "key"}, not the operation "and"',
        ),
        ({"<": [{"var": "age"}, "65"]}, '"<" compares numbers, not the string "65"'),
        ({">=": [{"var": "age"}, True]}, '">=" compares numbers, not true'),
        (
            {"<=": ["18", {"var": "age"}, 65]},
            '"<=" compares numbers, not the string "18"',
        ),
        ({"<": [{"var": "audience"}, 3]}, '"<" compares numbers, but "audience" is a choice question'),
        ({"==": [{"var": "age"}, [1]]}, 'an operand of "==" must be a value or {"var": "key"}, not a list ([1])'),
    ],
)
def test_type_errors_in_comparisons(doc, rule, message):
    assert problems_of(set_rule(doc, rule)) == [f"products[0].applies_if: {message}"]


def test_postcode_in_an_order_comparison_gets_a_hint(doc):
    assert problems_of(set_rule(doc, {"<": [{"var": "postcode"}, 3999]})) == [
        'products[0].applies_if: "<" compares numbers, but "postcode" is a postcode question '
        "(compare postcodes with == or !=)"
    ]


@pytest.mark.parametrize(
    ("rule", "message"),
    [
        ({"in": ["car", {"var": "vehicles"}]}, 'mentions unknown option "car" of question "vehicles"'),
        ({"in": [1, {"var": "vehicles"}]}, 'the first operand of "in" must be an option value (a string), not 1'),
        (
            {"in": ["citizen", {"var": "audience"}]},
            'the second operand of "in" must be the answer to a multi question, but "audience" is a choice question',
        ),
        (
            {"in": ["bike", ["bike", "moped"]]},
            'the second operand of "in" must be the answer to a multi question, e.g. {"var": "key"}, '
            'not ["bike", "moped"]',
        ),
        ({"in": ["bike", {"var": "wheels"}]}, 'mentions unknown question "wheels"'),
    ],
)
def test_wrong_in(doc, rule, message):
    assert problems_of(set_rule(doc, rule)) == [f"products[0].applies_if: {message}"]


@pytest.mark.parametrize(
    "rule",
    [
        {"<=": [18, {"var": "age"}, 65]},
        {"<": [18, {"var": "age"}, 65]},
        {"!": [{"var": "has_car"}]},
        {"!": {"var": "has_car"}},
        {"==": [True, 1]},
        {"==": [{"var": "age"}, None]},
        {"!=": [{"var": "postcode"}, "3000"]},
        {"==": [{"var": "age"}, 65.5]},
        {"==": [{"var": "has_car"}, {"var": "lives_in_leuven"}]},
        {"or": [{"in": ["bike", {"var": "vehicles"}]}]},
    ],
)
def test_valid_rule_forms_are_accepted(doc, rule):
    catalogue = parse_catalogue(set_rule(doc, rule))
    assert catalogue.product("sociaal-tarief-ouderen").applies_if == rule


# -- cases -------------------------------------------------------------------------------


def test_case_with_unknown_product(doc):
    doc["cases"][0]["applies"] = ["sociaal-tarief-ouderen", "kinderbijslag"]
    assert problems_of(doc) == ['cases[0].applies[1]: unknown product "kinderbijslag"']


def test_case_with_unknown_question_and_invalid_answers(doc):
    doc["cases"][0]["answers"] = {"audience": "student", "age": 130, "income": 1000}
    assert problems_of(doc) == [
        'cases[0].answers.audience: must be one of "citizen", "business", "association", not "student"',
        "cases[0].answers.age: 130 is above the maximum 120",
        "cases[0].answers.income: unknown question",
    ]


def test_case_fields(doc):
    doc["cases"].append({"answers": [], "applies": "bewonersparkeerkaart", "not_applies": ["x", 3]})
    assert problems_of(doc) == [
        "cases[1].name: missing required field",
        "cases[1].answers: must be a mapping from question key to answer, not []",
        'cases[1].applies: must be a list of product keys, not "bewonersparkeerkaart"',
        'cases[1].not_applies[0]: unknown product "x"',
        "cases[1].not_applies[1]: must be a product key, not 3",
    ]


def test_case_listing_a_product_under_both(doc):
    doc["cases"][0]["not_applies"] = ["sociaal-tarief-ouderen"]
    assert problems_of(doc) == [
        'cases[0]: product "sociaal-tarief-ouderen" is listed under both applies and not_applies'
    ]


# -- collecting ----------------------------------------------------------------------------


def test_all_problems_are_collected_in_document_order(doc):
    doc["format"] = "catalogue"
    doc["questions"][0]["options"][2]["value"] = "citizen"
    doc["questions"][2]["ask_if"] = {"var": "has_car"}
    doc["products"][1]["name"] = {"en": "Parking permit"}
    doc["products"][3]["applies_if"] = {"xor": [True]}
    doc["cases"][0]["applies"] = ["nothing"]
    assert problems_of(doc) == [
        'format: must be exactly "leuvenhelpt-catalogue/1", not "catalogue"',
        'questions[0].options[2].value: duplicate option value "citizen"',
        'questions[2].ask_if: mentions "has_car", which does not come earlier',
        'products[1].name: missing text in default language "nl"',
        'products[3].applies_if: unknown operator "xor"',
        'cases[0].applies[0]: unknown product "nothing"',
    ]


# -- text ---------------------------------------------------------------------------------------


def test_load_yaml_and_json_text():
    yaml_text = "format: leuvenhelpt-catalogue/1\nedition: '1'\nquestions: []\n"
    assert load_catalogue_text(yaml_text) == {"format": FORMAT, "edition": "1", "questions": []}
    json_text = '{"format": "leuvenhelpt-catalogue/1", "edition": "1", "questions": []}'
    assert load_catalogue_text(json_text) == {"format": FORMAT, "edition": "1", "questions": []}


def test_invalid_yaml_is_reported_with_its_line():
    with pytest.raises(CatalogueError) as caught:
        load_catalogue_text("format: x\nquestions: [\n  - key: a\n")
    (problem,) = caught.value.problems
    assert problem.startswith("document: invalid YAML at line 3, column 3: ")


def test_a_key_given_twice_is_an_error():
    with pytest.raises(CatalogueError) as caught:
        load_catalogue_text("format: x\nedition: a\nedition: b\n")
    assert caught.value.problems == ["document: invalid YAML at line 3, column 1: found duplicate key 'edition'"]
    with pytest.raises(CatalogueError) as caught:
        load_catalogue_text('{"edition": "a", "edition": "b"}')
    assert caught.value.problems == ["document: invalid JSON: duplicate key 'edition'"]


def test_invalid_json_is_reported_with_its_line():
    with pytest.raises(CatalogueError) as caught:
        load_catalogue_text('{"format":\n  [1, }')
    assert caught.value.problems == ["document: invalid JSON at line 2, column 7: Expecting value"]


def test_text_that_is_not_a_mapping():
    with pytest.raises(CatalogueError) as caught:
        load_catalogue_text("- a\n- b\n")
    assert caught.value.problems == [
        'document: must be a mapping with format, edition, default_language, questions and products, not ["a", "b"]'
    ]


def test_yaml_in_flow_style_is_not_mistaken_for_json():
    assert load_catalogue_text("{format: leuvenhelpt-catalogue/1, edition: '7'}") == {"format": FORMAT, "edition": "7"}


def test_json_numbers_keep_their_json_meaning():
    assert load_catalogue_text('{"min": 1e3, "max": 2.5}') == {"min": 1000.0, "max": 2.5}


def test_a_bad_option_value_is_reported_once_not_again_in_rules(doc):
    doc["questions"][5]["options"][0]["value"] = "Bike"
    doc["products"][2]["applies_if"] = {"in": ["Bike", {"var": "vehicles"}]}
    assert problems_of(doc) == [
        'questions[5].options[0].value: "Bike" is not a valid identifier: '
        "use lowercase letters, digits, - and _, starting with a letter or digit"
    ]


def test_a_rule_nested_too_deeply(doc):
    rule = True
    for _ in range(100):
        rule = {"!": rule}
    assert problems_of(set_rule(doc, rule)) == [
        "products[0].applies_if: the rule is nested too deeply (more than 64 levels)"
    ]


def test_optional_fields_may_not_be_null(doc):
    doc["questions"][0]["help"] = None
    doc["questions"][1]["ask_if"] = None
    doc["products"][0]["url"] = None
    doc["products"][0]["help_route"] = None
    assert problems_of(doc) == [
        "questions[0].help: must be a text: a mapping from language to string, e.g. {nl: ...}, not null",
        "questions[1].ask_if: null where a truth value is expected",
        "products[0].url: must be a web address starting with https://, not null",
        'products[0].help_route: must be one of "volunteer", "professional", "none", not null',
    ]


def test_case_listing_a_product_twice(doc):
    doc["cases"][0]["applies"] = ["sociaal-tarief-ouderen", "sociaal-tarief-ouderen"]
    assert problems_of(doc) == ['cases[0].applies[1]: product "sociaal-tarief-ouderen" is listed twice']
