"""Lint warnings: allowed, but probably mistakes."""

import pytest

from assistant.engine import parse_catalogue


def var(key):
    return {"var": key}


QUESTIONS = [
    ("a", "boolean"),
    ("c", "choice"),
    ("n", "number", {"min": 0, "max": 120}),
    ("m", "multi"),
]
# A rule that uses every question and every option, so that only the rule under test warns.
USE_ALL = {
    "or": [
        var("a"),
        {"==": [var("c"), "a"]},
        {"==": [var("c"), "b"]},
        {"==": [var("c"), "c"]},
        {">": [var("n"), 3]},
        {"in": ["a", var("m")]},
        {"in": ["b", var("m")]},
        {"in": ["c", var("m")]},
    ]
}


def warnings_for(make_doc, rule):
    return parse_catalogue(make_doc(QUESTIONS, {"all": USE_ALL, "p": rule})).warnings


NEVER = 'products[1].applies_if: can never be true, so product "p" never applies'


@pytest.mark.parametrize(
    "rule",
    [
        False,
        {"and": [var("a"), False]},
        {"!": True},
        {"==": [1, "1"]},
        {"or": [False, {"and": [{"!": True}, var("a")]}]},
        {"and": [{"==": [var("c"), "a"]}, {"==": [var("c"), "b"]}]},
        {"and": [{"==": [var("c"), "a"]}, {"and": [var("a"), {"==": [var("c"), "b"]}]}]},
        {"and": [{"==": [var("c"), "a"]}, {"!=": [var("c"), "a"]}]},
        {"and": [{"==": [var("c"), "a"]}, {"!": {"==": [var("c"), "a"]}}]},
        {"and": [var("a"), {"==": [var("a"), False]}]},
        {"and": [var("a"), {"!": var("a")}]},
        {"and": [{">": [var("n"), 5]}, {"<": [var("n"), 3]}]},
        {"and": [{">=": [var("n"), 5]}, {"<": [var("n"), 5]}]},
        {"<": [10, var("n"), 5]},
        {">": [var("n"), 130]},
        {"==": [var("n"), 200]},
        {"and": [{"==": [var("n"), None]}, {">": [var("n"), 1]}]},
        {"and": [{"==": [var("n"), 4]}, {"<=": [5, var("n"), 9]}]},
        {"or": [{"and": [{"==": [var("c"), "a"]}, {"==": [var("c"), "b"]}]}, False]},
    ],
)
def test_a_rule_that_can_never_be_true_is_warned_about(make_doc, rule):
    assert warnings_for(make_doc, rule) == [NEVER]


@pytest.mark.parametrize(
    "rule",
    [
        True,
        {"or": [{"==": [var("c"), "a"]}, {"==": [var("c"), "b"]}]},
        {"and": [{"==": [var("c"), "a"]}, {"!=": [var("c"), "b"]}]},
        {"and": [{">": [var("n"), 5]}, {"<": [var("n"), 6]}]},
        {"and": [{">=": [var("n"), 5]}, {"<=": [var("n"), 5]}]},
        {"and": [{"==": [var("n"), 5]}, {"==": [var("n"), 5.0]}]},
        {"and": [{"in": ["a", var("m")]}, {"in": ["b", var("m")]}]},
        {"or": [var("a"), {"!": var("a")}]},
        {"!": {"and": [var("a"), {"!": var("a")}]}},
        {"and": [{"!=": [var("c"), None]}, {"!=": [var("c"), "a"]}]},
        {"==": [var("n"), 120]},
    ],
)
def test_a_rule_that_can_be_true_gives_no_warning(make_doc, rule):
    assert warnings_for(make_doc, rule) == []


def test_a_product_that_needs_a_question_that_is_never_asked(make_doc):
    doc = make_doc([("a", "boolean", {"ask_if": False}), ("b", "boolean")], {"p": var("a"), "q": var("b")})
    assert parse_catalogue(doc).warnings == [
        'questions[0].ask_if: can never be true, so question "a" is never asked',
        'products[0].applies_if: can never be true, so product "p" never applies',
    ]


def test_an_ask_if_with_contradictory_conditions(make_doc):
    doc = make_doc(
        [("c", "choice"), ("b", "boolean", {"ask_if": {"and": [{"==": [var("c"), "a"]}, {"==": [var("c"), "b"]}]}})],
        {"p": {"or": [var("b"), {"==": [var("c"), "c"]}]}},
    )
    assert parse_catalogue(doc).warnings == [
        'questions[1].ask_if: can never be true, so question "b" is never asked',
    ]


def test_questions_that_no_rule_mentions(make_doc):
    doc = make_doc([("a", "boolean"), ("b", "boolean"), ("c", "choice")], {"p": var("b")})
    assert parse_catalogue(doc).warnings == [
        'questions[0]: no rule mentions question "a"',
        'questions[2]: no rule mentions question "c"',
    ]


def test_a_question_mentioned_only_by_an_ask_if_is_used(make_doc):
    doc = make_doc([("a", "boolean"), ("b", "boolean", {"ask_if": var("a")})], {"p": var("b")})
    assert parse_catalogue(doc).warnings == []


def test_options_that_no_rule_uses(make_doc):
    doc = make_doc(
        [("c", "choice"), ("m", "multi")],
        {"p": {"and": [{"!=": [var("c"), "b"]}, {"in": ["c", var("m")]}]}},
    )
    assert parse_catalogue(doc).warnings == [
        'questions[0].options[0]: no rule uses option "a" of question "c"',
        'questions[0].options[2]: no rule uses option "c" of question "c"',
        'questions[1].options[0]: no rule uses option "a" of question "m"',
        'questions[1].options[1]: no rule uses option "b" of question "m"',
    ]


def test_comparing_two_choice_questions_uses_all_their_options(make_doc):
    doc = make_doc([("c", "choice"), ("d", "choice")], {"p": {"==": [var("c"), var("d")]}})
    assert parse_catalogue(doc).warnings == []


def test_the_sample_document_only_warns_about_unused_options(catalogue):
    assert catalogue.warnings == [
        'questions[0].options[1]: no rule uses option "business" of question "audience"',
        'questions[0].options[2]: no rule uses option "association" of question "audience"',
    ]
