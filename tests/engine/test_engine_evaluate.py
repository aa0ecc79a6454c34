"""Evaluating a catalogue: three-valued rules, skipping, residuals, the next question, cases."""

import json

import pytest

from assistant.engine import AnswerError, parse_catalogue

# -- three-valued semantics --------------------------------------------------------
#
# Every variable X comes after a boolean gate X_on and has ask_if {"var": "X_on"}:
# answering the gate false makes X skipped (null), leaving X out keeps it unknown.

NULL = "NULL"  # the variable is skipped
VARIABLES = {
    "b": ("boolean", {}),
    "b2": ("boolean", {}),
    "c": ("choice", {}),
    "n": ("number", {"min": 0, "max": 100}),
    "n2": ("number", {}),
    "p": ("postcode", {}),
    "m": ("multi", {}),
}


def gated_document(rule):
    questions = []
    for key, (qtype, extra) in VARIABLES.items():
        questions.append({"key": f"{key}_on", "type": "boolean", "text": {"nl": f"{key} aan?"}})
        question = {"key": key, "type": qtype, "text": {"nl": f"{key}?"}, "ask_if": {"var": f"{key}_on"}, **extra}
        if qtype in ("choice", "multi"):
            question["options"] = [{"value": value, "label": {"nl": value}} for value in ("x", "y", "z")]
        questions.append(question)
    product = {
        "key": "p0",
        "name": {"nl": "P"},
        "kind": "service",
        "audiences": ["citizen"],
        "theme": "test",
        "summary": {"nl": "S"},
        "applies_if": rule,
    }
    return {
        "format": "leuvenhelpt-catalogue/1",
        "edition": "t",
        "default_language": "nl",
        "questions": questions,
        "products": [product],
    }


def outcome(rule, **values):
    catalogue = parse_catalogue(gated_document(rule))
    answers = {f"{key}_on": True for key in VARIABLES}
    for key, value in values.items():
        if value == NULL:
            answers[f"{key}_on"] = False
        else:
            answers[key] = value
    return catalogue.evaluate(answers).outcome("p0")


def var(key):
    return {"var": key}


A, N, U = "applies", "not_applies", "undecided"


@pytest.mark.parametrize(
    ("rule", "values", "expected"),
    [
        # == and != without type coercion
        ({"==": [var("n"), 1]}, {"n": 1}, A),
        ({"==": [var("n"), 1]}, {"n": 1.0}, A),
        ({"==": [var("n"), 1.0]}, {"n": 1}, A),
        ({"==": [var("n"), 1]}, {"n": 2}, N),
        ({"==": [var("n"), 1]}, {}, U),
        ({"==": [var("n"), 1]}, {"n": NULL}, N),
        ({"==": [1, "1"]}, {}, N),
        ({"==": [True, 1]}, {}, N),
        ({"==": [False, 0]}, {}, N),
        ({"!=": [True, 1]}, {}, A),
        ({"==": [1, 1.0]}, {}, A),
        ({"==": [var("b"), True]}, {"b": True}, A),
        ({"==": [var("b"), True]}, {"b": False}, N),
        ({"==": [var("b"), False]}, {"b": NULL}, N),
        ({"==": [var("c"), "x"]}, {"c": "x"}, A),
        ({"!=": [var("c"), "x"]}, {"c": "y"}, A),
        ({"!=": [var("c"), "x"]}, {"c": "x"}, N),
        ({"==": [var("p"), "3000"]}, {"p": "3000"}, A),
        ({"!=": [var("p"), "3000"]}, {"p": "3010"}, A),
        ({"==": [var("n"), var("n2")]}, {"n": 3, "n2": 3.0}, A),
        ({"==": [var("b"), var("b2")]}, {"b": True, "b2": False}, N),
        ({"==": [var("b"), var("b2")]}, {"b": True}, U),
        # comparisons with null
        ({"==": [None, None]}, {}, A),
        ({"!=": [None, None]}, {}, N),
        ({"==": [var("c"), None]}, {"c": NULL}, A),
        ({"==": [var("c"), None]}, {"c": "x"}, N),
        ({"==": [var("c"), None]}, {}, U),
        ({"!=": [var("c"), None]}, {"c": NULL}, N),
        ({"!=": [var("c"), None]}, {"c": "x"}, A),
        ({"!=": [var("c"), "x"]}, {"c": NULL}, A),
        ({"==": [var("b"), var("b2")]}, {"b": NULL, "b2": NULL}, A),
        ({"!=": [var("b"), var("b2")]}, {"b": NULL, "b2": True}, A),
        ({"<": [var("n"), 5]}, {"n": NULL}, N),
        ({">=": [var("n"), None]}, {"n": 4}, N),
        ({"<": [None, 1]}, {}, N),
        # numeric order and the between form
        ({"<": [var("n"), 5]}, {"n": 4}, A),
        ({"<": [var("n"), 5]}, {"n": 5}, N),
        ({"<=": [var("n"), 5]}, {"n": 5}, A),
        ({">": [var("n"), 5]}, {"n": 5.5}, A),
        ({">=": [var("n"), 5]}, {"n": 4.9}, N),
        ({">": [10, var("n")]}, {"n": 9}, A),
        ({"<": [var("n"), 5]}, {}, U),
        ({"<=": [1, var("n"), 3]}, {"n": 3}, A),
        ({"<=": [1, var("n"), 3]}, {"n": 0}, N),
        ({"<=": [1, var("n"), 3]}, {"n": 4}, N),
        ({"<": [1, var("n"), 3]}, {"n": 3}, N),
        ({"<": [1, var("n"), 3]}, {"n": 2}, A),
        ({"<=": [1, var("n"), 3]}, {"n": NULL}, N),
        ({"<=": [1, var("n"), 3]}, {}, U),
        ({"<=": [var("n2"), var("n"), 3]}, {"n": 2}, U),
        ({"<=": [var("n2"), var("n"), 3]}, {"n": 2, "n2": 2}, A),
        ({"<": [var("n2"), var("n")]}, {"n": 2, "n2": NULL}, N),
        # in with a multi question
        ({"in": ["x", var("m")]}, {"m": ["y", "x"]}, A),
        ({"in": ["x", var("m")]}, {"m": []}, N),
        ({"in": ["x", var("m")]}, {"m": NULL}, N),
        ({"in": ["x", var("m")]}, {}, U),
        # a boolean where a truth value is expected; a skipped one counts as false
        (var("b"), {"b": True}, A),
        (var("b"), {"b": False}, N),
        (var("b"), {"b": NULL}, N),
        (var("b"), {}, U),
        ({"!": var("b")}, {"b": NULL}, A),
        ({"!": [var("b")]}, {"b": NULL}, A),
        ({"!": [var("b")]}, {"b": True}, N),
        ({"!": var("b")}, {}, U),
        (True, {}, A),
        (False, {}, N),
        # and / or are Kleene's
        ({"and": [False, var("b")]}, {}, N),
        ({"and": [var("b"), False]}, {}, N),
        ({"and": [True, var("b")]}, {}, U),
        ({"and": [True, var("b")]}, {"b": True}, A),
        ({"and": [var("b"), var("b2"), {"==": [var("c"), "x"]}]}, {"b": True}, U),
        ({"and": [True]}, {}, A),
        ({"or": [var("b"), True]}, {}, A),
        ({"or": [False, var("b")]}, {}, U),
        ({"or": [False, var("b")]}, {"b": False}, N),
        ({"or": [False, False, False]}, {}, N),
        ({"or": [var("b"), {"!": var("b")}]}, {}, U),
        ({"and": [var("b"), {"!": var("b")}]}, {}, U),
        ({"!": {"or": [var("b"), var("b2")]}}, {"b": False, "b2": NULL}, A),
    ],
)
def test_three_valued_semantics(rule, values, expected):
    assert outcome(rule, **values) == expected


# -- the sample document ---------------------------------------------------------------


def test_the_sample_case_from_the_format(catalogue):
    (result,) = catalogue.run_cases()
    assert result.name == "Senior in Leuven without a car"
    assert result.passed
    assert result.mismatches == ()
    assert result.describe() == ['cases[0] "Senior in Leuven without a car": passed']
    evaluation = catalogue.evaluate({"audience": "citizen", "lives_in_leuven": True, "age": 70, "has_car": False})
    assert evaluation.as_dict() == {
        "applies": ["sociaal-tarief-ouderen"],
        "not_applies": ["bewonersparkeerkaart", "ondernemingsloket"],
        "undecided": ["buurtwerk-kessel-lo", "fietsgravering"],
        "skipped": [],
        "next_question": "postcode",
    }


def test_as_dict_is_the_json_of_the_evaluate_command(catalogue):
    evaluation = catalogue.evaluate({})
    assert json.loads(json.dumps(evaluation.as_dict())) == {
        "applies": [],
        "not_applies": [],
        "undecided": [
            "bewonersparkeerkaart",
            "buurtwerk-kessel-lo",
            "fietsgravering",
            "ondernemingsloket",
            "sociaal-tarief-ouderen",
        ],
        "skipped": [],
        "next_question": "audience",
    }
    assert list(evaluation.as_dict()) == ["applies", "not_applies", "undecided", "skipped", "next_question"]


def test_skipped_questions_and_their_answers_are_ignored(catalogue):
    answers = {"audience": "business", "lives_in_leuven": True, "age": 80, "has_car": True}
    evaluation = catalogue.evaluate(answers)
    assert evaluation.skipped == ["age", "has_car", "lives_in_leuven", "postcode"]
    assert evaluation.applies == ["ondernemingsloket"]
    # vehicles: ask_if is {"!": has_car}, and a skipped has_car counts as false
    assert evaluation.undecided == ["fietsgravering"]
    assert evaluation.next_question == "vehicles"
    assert evaluation.effective_answers == {"audience": "business"}
    assert catalogue.evaluate(evaluation.effective_answers).as_dict() == evaluation.as_dict()


def test_lists_are_sorted(catalogue):
    evaluation = catalogue.evaluate({"audience": "association", "vehicles": []})
    assert evaluation.not_applies == sorted(evaluation.not_applies)
    assert evaluation.not_applies == [
        "bewonersparkeerkaart",
        "buurtwerk-kessel-lo",
        "fietsgravering",
        "sociaal-tarief-ouderen",
    ]
    assert evaluation.skipped == ["age", "has_car", "lives_in_leuven", "postcode"]
    assert evaluation.next_question is None


# -- relevant questions and the next question -------------------------------------------------


def test_next_question_follows_an_ask_if_chain(make_doc):
    doc = make_doc(
        [
            ("a", "boolean"),
            ("b", "boolean", {"ask_if": var("a")}),
            ("c", "boolean", {"ask_if": var("b")}),
        ],
        {"p": var("c")},
    )
    catalogue = parse_catalogue(doc)
    first = catalogue.evaluate({})
    assert (first.next_question, first.relevant, first.waiting) == ("a", ["a", "b", "c"], ["b", "c"])
    assert catalogue.evaluate({"a": True}).next_question == "b"
    assert catalogue.evaluate({"a": True, "b": True}).next_question == "c"
    done = catalogue.evaluate({"a": True, "b": True, "c": True})
    assert (done.applies, done.next_question) == (["p"], None)
    skipped = catalogue.evaluate({"a": False})
    assert skipped.skipped == ["b", "c"]
    assert (skipped.not_applies, skipped.undecided, skipped.next_question) == (["p"], [], None)


def test_a_question_that_cannot_change_the_outcome_is_not_asked(make_doc):
    doc = make_doc(
        [("a", "boolean"), ("b", "boolean"), ("c", "boolean")],
        {"p": {"and": [var("a"), var("b")]}, "q": {"or": [var("a"), var("c")]}},
    )
    catalogue = parse_catalogue(doc)
    evaluation = catalogue.evaluate({"a": False})
    assert evaluation.not_applies == ["p"]
    assert evaluation.relevant == ["c"]
    assert evaluation.next_question == "c"
    evaluation = catalogue.evaluate({"a": True})
    assert evaluation.applies == ["q"]
    assert evaluation.relevant == ["b"]
    assert evaluation.next_question == "b"


def test_next_question_is_null_exactly_when_nothing_is_undecided(make_doc):
    doc = make_doc([("a", "boolean"), ("b", "boolean")], {"p": var("a")})
    catalogue = parse_catalogue(doc)
    assert catalogue.evaluate({}).next_question == "a"
    evaluation = catalogue.evaluate({"a": True})
    assert (evaluation.undecided, evaluation.next_question, evaluation.relevant) == ([], None, [])


def test_the_ask_if_of_a_relevant_question_makes_its_questions_relevant(make_doc):
    doc = make_doc(
        [
            ("x", "number"),
            ("y", "boolean"),
            ("z", "boolean", {"ask_if": {"or": [{">": [var("x"), 10]}, var("y")]}}),
            ("w", "boolean"),
        ],
        {"p": {"or": [var("z"), var("w")]}},
    )
    catalogue = parse_catalogue(doc)
    assert catalogue.evaluate({}).relevant == ["x", "y", "z", "w"]
    # x > 10 decides the ask_if of z: y is no longer relevant
    evaluation = catalogue.evaluate({"x": 20})
    assert (evaluation.relevant, evaluation.next_question) == (["z", "w"], "z")
    # x <= 10 leaves y to decide it
    evaluation = catalogue.evaluate({"x": 5})
    assert (evaluation.relevant, evaluation.next_question) == (["y", "z", "w"], "y")
    # with z skipped, only w is left
    evaluation = catalogue.evaluate({"x": 5, "y": False})
    assert (evaluation.skipped, evaluation.relevant, evaluation.next_question) == (["z"], ["w"], "w")


def test_the_next_question_is_the_first_askable_relevant_question(make_doc):
    doc = make_doc(
        [
            ("a", "boolean"),
            ("b", "boolean"),
            ("c", "boolean", {"ask_if": var("b")}),
            ("d", "boolean"),
        ],
        {"p": {"or": [var("c"), var("d")]}, "q": var("a")},
    )
    catalogue = parse_catalogue(doc)
    evaluation = catalogue.evaluate({"a": True})
    assert evaluation.relevant == ["b", "c", "d"]
    assert evaluation.next_question == "b"
    evaluation = catalogue.evaluate({"a": True, "b": True})
    assert evaluation.next_question == "c"


def test_an_answer_to_a_question_whose_ask_if_is_unknown_is_held_back(make_doc):
    doc = make_doc([("a", "boolean"), ("b", "number", {"ask_if": var("a")})], {"p": {">": [var("b"), 3]}})
    catalogue = parse_catalogue(doc)
    evaluation = catalogue.evaluate({"b": 5})
    assert evaluation.undecided == ["p"]
    assert evaluation.waiting == ["b"]
    assert evaluation.relevant == ["a", "b"]
    assert evaluation.next_question == "a"
    assert evaluation.effective_answers == {"b": 5}
    assert catalogue.evaluate({"a": True, "b": 5}).applies == ["p"]
    assert catalogue.evaluate({"a": False, "b": 5}).not_applies == ["p"]


# -- residual rules -----------------------------------------------------------------------------


def test_residual_rule_simplification(make_doc):
    doc = make_doc(
        [("a", "boolean"), ("b", "boolean"), ("c", "boolean"), ("n", "number"), ("m", "number")],
        {
            "p": {"and": [var("a"), {"or": [var("b"), var("c")]}, {">=": [var("n"), 65]}]},
            "q": {"or": [var("a"), {"!": var("b")}]},
            "r": {"==": [var("n"), var("m")]},
            "s": {"<=": [var("m"), var("n"), 10]},
        },
    )
    catalogue = parse_catalogue(doc)
    answers = {"a": True, "n": 70}
    assert catalogue.residual_rule("p", answers) == {"or": [var("b"), var("c")]}
    assert catalogue.residual_rule("p", {"a": True, "n": 70, "b": False}) == var("c")
    assert catalogue.residual_rule("p", {"a": True, "n": 60}) is False
    assert catalogue.residual_rule("p", {"a": True, "n": 70, "c": True}) is True
    assert catalogue.residual_rule("q", {"a": False}) == {"!": var("b")}
    assert catalogue.residual_rule("r", {"n": 3}) == {"==": [3, var("m")]}
    assert catalogue.residual_rule("s", {"n": 3}) == {"<=": [var("m"), 3, 10]}
    assert catalogue.residual_rule("s", {}) == {"<=": [var("m"), var("n"), 10]}


def test_residual_replaces_skipped_questions_by_null(make_doc):
    doc = make_doc(
        [("a", "boolean"), ("c", "choice", {"ask_if": var("a")}), ("d", "choice")],
        {"p": {"==": [var("c"), var("d")]}},
    )
    catalogue = parse_catalogue(doc)
    assert catalogue.residual_rule("p", {"a": False}) == {"==": [None, var("d")]}


# -- answers ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("answers", "code", "message"),
    [
        ({"income": 10}, "unknown_question", "income: unknown question"),
        ({"has_car": "yes"}, "not_boolean", 'has_car: must be true or false, not "yes"'),
        ({"has_car": 1}, "not_boolean", "has_car: must be true or false, not 1"),
        ({"has_car": None}, "not_boolean", "has_car: must be true or false, not null"),
        (
            {"audience": "student"},
            "unknown_option",
            'audience: must be one of "citizen", "business", "association", not "student"',
        ),
        (
            {"audience": ["citizen"]},
            "unknown_option",
            'audience: must be one of "citizen", "business", "association", not ["citizen"]',
        ),
        ({"vehicles": "bike"}, "not_list", 'vehicles: must be a list of options from "bike", "moped", not "bike"'),
        ({"vehicles": ["car"]}, "unknown_option", 'vehicles: "car" is not one of the options "bike", "moped"'),
        ({"vehicles": ["bike", "bike"]}, "duplicate_option", 'vehicles: "bike" is given twice'),
        ({"age": "70"}, "not_number", 'age: must be a number, not "70"'),
        ({"age": True}, "not_number", "age: must be a number, not true"),
        ({"age": float("nan")}, "not_number", "age: must be a number, not NaN"),
        ({"age": -1}, "below_min", "age: -1 is below the minimum 0"),
        ({"age": 120.5}, "above_max", "age: 120.5 is above the maximum 120"),
        (
            {"postcode": 3000},
            "bad_postcode",
            "postcode: must be a postcode: a string of four digits from 1000 to 9999, not 3000",
        ),
        (
            {"postcode": "0999"},
            "bad_postcode",
            'postcode: must be a postcode: a string of four digits from 1000 to 9999, not "0999"',
        ),
        (
            {"postcode": "30000"},
            "bad_postcode",
            'postcode: must be a postcode: a string of four digits from 1000 to 9999, not "30000"',
        ),
        (
            {"postcode": "３０００"},
            "bad_postcode",
            'postcode: must be a postcode: a string of four digits from 1000 to 9999, not "３０００"',
        ),
    ],
)
def test_invalid_answers(catalogue, answers, code, message):
    with pytest.raises(AnswerError) as caught:
        catalogue.validate_answers(answers)
    (problem,) = caught.value.problems
    assert (problem.code, problem.question, problem.message) == (code, next(iter(answers)), message)
    assert caught.value.messages == [message]
    with pytest.raises(AnswerError):
        catalogue.evaluate(answers)


def test_every_invalid_answer_is_reported(catalogue):
    with pytest.raises(AnswerError) as caught:
        catalogue.evaluate({"age": 200, "audience": "citizen", "vehicles": ["car"], "x": 1})
    assert caught.value.codes == ["above_max", "unknown_option", "unknown_question"]
    assert caught.value.problems[0].params == {"value": 200, "max": 120}


def test_answers_must_be_a_mapping(catalogue):
    with pytest.raises(AnswerError) as caught:
        catalogue.validate_answers(["age"])
    assert caught.value.codes == ["not_mapping"]


def test_valid_answers_pass(catalogue):
    answers = {
        "audience": "citizen",
        "lives_in_leuven": True,
        "age": 0,
        "has_car": False,
        "postcode": "3010",
        "vehicles": [],
    }
    assert catalogue.validate_answers(answers) is None
    assert catalogue.evaluate(answers).applies == ["buurtwerk-kessel-lo"]


def test_an_answer_to_a_skipped_question_is_still_checked(catalogue):
    with pytest.raises(AnswerError):
        catalogue.evaluate({"audience": "business", "age": 500})


# -- cases ---------------------------------------------------------------------------------------


def test_a_failing_case_says_what_differed(doc):
    doc["cases"] = [
        {
            "name": "Young driver",
            "answers": {"audience": "citizen", "lives_in_leuven": True, "age": 30},
            "applies": ["sociaal-tarief-ouderen", "bewonersparkeerkaart", "ondernemingsloket"],
            "not_applies": ["fietsgravering", "buurtwerk-kessel-lo"],
        },
        {"name": "Business", "answers": {"audience": "business"}, "applies": ["ondernemingsloket"]},
    ]
    failing, passing = parse_catalogue(doc).run_cases()
    assert passing.passed and passing.name == "Business"
    assert not failing.passed
    assert [(m.product, m.expected, m.actual) for m in failing.failed_applies] == [
        ("sociaal-tarief-ouderen", "applies", "not_applies"),
        ("bewonersparkeerkaart", "applies", "undecided"),
        ("ondernemingsloket", "applies", "not_applies"),
    ]
    assert [(m.product, m.actual) for m in failing.failed_not_applies] == [
        ("fietsgravering", "undecided"),
        ("buurtwerk-kessel-lo", "undecided"),
    ]
    assert failing.describe() == [
        'cases[0] "Young driver": FAILED',
        "  sociaal-tarief-ouderen: expected to apply, but it does not apply",
        "  bewonersparkeerkaart: expected to apply, but it is undecided (it still depends on has_car)",
        "  ondernemingsloket: expected to apply, but it does not apply",
        "  fietsgravering: expected not to apply, but it is undecided (it still depends on vehicles)",
        "  buurtwerk-kessel-lo: expected not to apply, but it is undecided (it still depends on postcode)",
    ]


def test_a_case_uses_exactly_its_answers(doc):
    doc["cases"] = [{"name": "Nothing answered", "answers": {}, "not_applies": ["ondernemingsloket"]}]
    (result,) = parse_catalogue(doc).run_cases()
    assert not result.passed
    assert result.mismatches[0].actual == "undecided"
    assert result.mismatches[0].depends_on == ("audience",)
