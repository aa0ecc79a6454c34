"""Property-based tests: random small catalogues against an independent, naive evaluator.

The reference below evaluates the raw JSON directly (no compilation, no tree),
following the catalogue format word by word. The engine must agree with it on
every outcome, the skipped questions, the relevant questions and the next
question. Separately, its three-valued answers must be sound: a product it says
applies (or not) does so whatever the open questions are answered.
"""

import itertools
import math

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assistant.engine import parse_catalogue

# The root conftest has an autouse function-scoped fixture (password hashers);
# these tests do not use it, so it is safe that it is not reset between examples.
SETTINGS = settings(
    max_examples=120, deadline=None, database=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
MORE = settings(SETTINGS, max_examples=400)

OPTIONS = ("a", "b", "c")
NUMBERS = (0, 1, 1.0, 2, 3)
POSTCODES = ("3000", "3010", "3012")

# -- the reference ------------------------------------------------------------------

UNK = object()  # an open question


def ref_equal(a, b):
    if a is None or b is None:
        return a is None and b is None
    if type(a) is bool or type(b) is bool:
        return type(a) is bool and type(b) is bool and a == b
    if type(a) in (int, float) and type(b) in (int, float):
        return a == b
    if type(a) is str and type(b) is str:
        return a == b
    return False


def ref_operand(expr, values):
    if isinstance(expr, dict):
        return values[expr["var"]]
    return expr


def ref_truth(expr, values):
    """Kleene evaluation of a rule: True, False or None (unknown)."""
    if expr is True or expr is False:
        return expr
    ((op, args),) = expr.items()
    if op == "var":
        value = values[args]
        return None if value is UNK else value is True
    if op in ("and", "or"):
        results = [ref_truth(arg, values) for arg in args]
        decisive = op == "or"
        if decisive in results:
            return decisive
        if None in results:
            return None
        return not decisive
    if op == "!":
        inner = ref_truth(args[0] if isinstance(args, list) else args, values)
        return None if inner is None else not inner
    if op == "in":
        collection = values[args[1]["var"]]
        if collection is UNK:
            return None
        return collection is not None and args[0] in collection
    operands = [ref_operand(arg, values) for arg in args]
    if any(operand is UNK for operand in operands):
        return None
    if op == "==":
        return ref_equal(*operands)
    if op == "!=":
        return not ref_equal(*operands)
    if any(operand is None or type(operand) not in (int, float) for operand in operands):
        return False
    pairs = zip(operands, operands[1:], strict=False)
    compare = {"<": lambda x, y: x < y, "<=": lambda x, y: x <= y, ">": lambda x, y: x > y, ">=": lambda x, y: x >= y}
    return all(compare[op](x, y) for x, y in pairs)


def ref_residual(expr, values):
    result = ref_truth(expr, values)
    if result is not None:
        return result
    ((op, args),) = expr.items()
    if op in ("var", "in"):
        return expr
    if op in ("and", "or"):
        kept = [ref_residual(arg, values) for arg in args if ref_truth(arg, values) is None]
        return kept[0] if len(kept) == 1 else {op: kept}
    if op == "!":
        return {"!": ref_residual(args[0] if isinstance(args, list) else args, values)}
    return {op: [arg if not isinstance(arg, dict) or values[arg["var"]] is UNK else values[arg["var"]] for arg in args]}


def ref_vars(expr):
    if isinstance(expr, dict):
        ((op, args),) = expr.items()
        if op == "var":
            return {args}
        return set().union(*(ref_vars(arg) for arg in (args if isinstance(args, list) else [args])))
    return set()


def ref_evaluate(doc, answers):
    """The format's algorithm, step by step, on the raw document."""
    values = {}
    skipped, ask_if_state = [], {}
    for question in doc["questions"]:
        key = question["key"]
        state = ref_truth(question["ask_if"], values) if "ask_if" in question else True
        ask_if_state[key] = state
        if state is False:
            values[key] = None
            skipped.append(key)
        elif state is None:
            values[key] = UNK  # not asked yet: an answer waits until the ask_if is decided
        else:
            values[key] = answers.get(key, UNK)
            if key in answers and question["type"] == "multi":
                values[key] = frozenset(answers[key])
    outcome = {}
    for product in doc["products"]:
        outcome[product["key"]] = ref_truth(product["applies_if"], values)
    relevant = set()
    for product in doc["products"]:
        if outcome[product["key"]] is None:
            relevant |= ref_vars(ref_residual(product["applies_if"], values))
    changed = True
    while changed:  # "repeat until nothing changes"
        changed = False
        for question in doc["questions"]:
            if question["key"] in relevant and ask_if_state[question["key"]] is None:
                more = ref_vars(ref_residual(question["ask_if"], values)) - relevant
                if more:
                    relevant |= more
                    changed = True
    order = [question["key"] for question in doc["questions"]]
    relevant_in_order = [key for key in order if key in relevant]
    next_question = next((key for key in relevant_in_order if ask_if_state[key] is True), None)
    return {
        "applies": sorted(key for key, value in outcome.items() if value is True),
        "not_applies": sorted(key for key, value in outcome.items() if value is False),
        "undecided": sorted(key for key, value in outcome.items() if value is None),
        "skipped": sorted(skipped),
        "next_question": next_question,
        "relevant": relevant_in_order,
    }, values


# -- random catalogues ------------------------------------------------------------------


def domain(question):
    """Every valid answer of a question (small by construction)."""
    qtype = question["type"]
    if qtype == "boolean":
        return [True, False]
    if qtype == "choice":
        return [option["value"] for option in question["options"]]
    if qtype == "multi":
        values = [option["value"] for option in question["options"]]
        return [list(combo) for size in range(len(values) + 1) for combo in itertools.combinations(values, size)]
    if qtype == "number":
        low, high = question.get("min", -math.inf), question.get("max", math.inf)
        return [number for number in (0, 1, 2, 3) if low <= number <= high]
    return list(POSTCODES[:2])


@st.composite
def literal_for(draw, question):
    """A literal that a comparison with this question accepts."""
    qtype = question["type"]
    choices = [None]
    if qtype == "boolean":
        choices += [True, False]
    elif qtype == "choice":
        choices += [option["value"] for option in question["options"]]
    elif qtype == "number":
        choices += list(NUMBERS)
    elif qtype == "postcode":
        choices += list(POSTCODES)
    return draw(st.sampled_from(choices))


@st.composite
def rules(draw, questions, depth=2):
    """A random valid rule (truth position) over ``questions``."""
    by_type = {}
    for question in questions:
        by_type.setdefault(question["type"], []).append(question)
    comparable = [question for question in questions if question["type"] != "multi"]
    kinds = ["const", "literals", "literals"]
    if by_type.get("boolean"):
        kinds.append("flag")
    if comparable:
        kinds += ["equal", "equal"]
    if by_type.get("number"):
        kinds += ["order", "between"]
    if by_type.get("multi"):
        kinds.append("in")
    if len(comparable) > 1:
        kinds.append("var_var")
    if depth > 0:
        kinds += ["and", "or", "not", "and", "or"]
    kind = draw(st.sampled_from(kinds))
    if kind == "const":
        return draw(st.booleans())
    if kind == "literals":
        if draw(st.booleans()):
            values = st.sampled_from([None, True, False, 0, 1, 1.0, "1", "a"])
            return {draw(st.sampled_from(["==", "!="])): [draw(values), draw(values)]}
        numbers = st.sampled_from([None, 0, 1, 1.0, 2])
        return {draw(st.sampled_from(["<", "<=", ">", ">="])): [draw(numbers), draw(numbers)]}
    if kind == "flag":
        return {"var": draw(st.sampled_from(by_type["boolean"]))["key"]}
    if kind == "equal":
        question = draw(st.sampled_from(comparable))
        pair = [{"var": question["key"]}, draw(literal_for(question))]
        if draw(st.booleans()):
            pair.reverse()
        return {draw(st.sampled_from(["==", "!="])): pair}
    if kind == "var_var":
        first = draw(st.sampled_from(comparable))
        same = [question for question in comparable if question["type"] == first["type"]]
        second = draw(st.sampled_from(same))
        return {draw(st.sampled_from(["==", "!="])): [{"var": first["key"]}, {"var": second["key"]}]}
    if kind == "order":
        question = draw(st.sampled_from(by_type["number"]))
        pair = [{"var": question["key"]}, draw(st.sampled_from([*NUMBERS, None]))]
        if draw(st.booleans()):
            pair.reverse()
        return {draw(st.sampled_from(["<", "<=", ">", ">="])): pair}
    if kind == "between":
        numbers = by_type["number"]
        middle = {"var": draw(st.sampled_from(numbers))["key"]}
        low = draw(st.sampled_from([0, 1, 1.0, {"var": draw(st.sampled_from(numbers))["key"]}]))
        return {draw(st.sampled_from(["<", "<="])): [low, middle, draw(st.sampled_from([1, 2, 3]))]}
    if kind == "in":
        question = draw(st.sampled_from(by_type["multi"]))
        value = draw(st.sampled_from([option["value"] for option in question["options"]]))
        return {"in": [value, {"var": question["key"]}]}
    if kind == "not":
        inner = draw(rules(questions, depth - 1))
        return {"!": [inner]} if draw(st.booleans()) else {"!": inner}
    items = draw(st.lists(rules(questions, depth - 1), min_size=1, max_size=3))
    return {kind: items}


@st.composite
def catalogues(draw, max_questions=4):
    questions = []
    for index in range(draw(st.integers(1, max_questions))):
        qtype = draw(st.sampled_from(["boolean", "choice", "multi", "number", "postcode"]))
        question = {"key": f"q{index}", "type": qtype, "text": {"nl": f"Vraag {index}?"}}
        if qtype in ("choice", "multi"):
            count = draw(st.integers(1, 3 if qtype == "choice" else 2))
            question["options"] = [{"value": value, "label": {"nl": value.upper()}} for value in OPTIONS[:count]]
        if qtype == "number":
            if draw(st.booleans()):
                question["min"] = draw(st.sampled_from([0, 1]))
            if draw(st.booleans()):
                question["max"] = draw(st.sampled_from([2, 3.0]))
        if questions and draw(st.integers(0, 9)) < 6:
            # Often a constant false: skipped questions (null answers) must be common.
            question["ask_if"] = draw(st.one_of(st.just(False), rules(questions, depth=1)))
        questions.append(question)
    products = [
        {
            "key": f"p{index}",
            "name": {"nl": f"Product {index}"},
            "kind": "service",
            "audiences": ["citizen"],
            "theme": "test",
            "summary": {"nl": "S"},
            "applies_if": draw(rules(questions)),
        }
        for index in range(draw(st.integers(1, 4)))
    ]
    return {
        "format": "leuvenhelpt-catalogue/1",
        "edition": "random",
        "default_language": "nl",
        "questions": questions,
        "products": products,
    }


@st.composite
def catalogue_and_answers(draw, max_questions=4):
    doc = draw(catalogues(max_questions))
    answers = {}
    for question in doc["questions"]:
        if draw(st.booleans()):
            answers[question["key"]] = draw(st.sampled_from(domain(question)))
    return doc, answers


# -- properties ------------------------------------------------------------------------------


@MORE
@given(catalogue_and_answers(max_questions=5))
def test_engine_agrees_with_the_naive_reference(case):
    doc, answers = case
    catalogue = parse_catalogue(doc)
    evaluation = catalogue.evaluate(answers)
    expected, values = ref_evaluate(doc, answers)
    assert evaluation.as_dict() == {key: expected[key] for key in evaluation.as_dict()}
    assert evaluation.relevant == expected["relevant"]
    for product in doc["products"]:
        assert catalogue.residual_rule(product["key"], answers) == ref_residual(product["applies_if"], values)


@SETTINGS
@given(catalogues(max_questions=5))
def test_round_trip_and_no_false_rejections(doc):
    catalogue = parse_catalogue(doc)  # the generator makes valid documents only
    assert catalogue.to_document() == doc


def completions(doc, answers):
    """Every way of answering all the questions that ``answers`` leaves open."""
    open_questions = [question for question in doc["questions"] if question["key"] not in answers]
    for combo in itertools.product(*(domain(question) for question in open_questions)):
        yield {**answers, **{question["key"]: value for question, value in zip(open_questions, combo, strict=True)}}


@SETTINGS
@given(catalogue_and_answers(max_questions=4))
def test_decided_outcomes_hold_for_every_completion(case):
    doc, answers = case
    catalogue = parse_catalogue(doc)
    evaluation = catalogue.evaluate(answers)
    for complete in completions(doc, answers):
        final = catalogue.evaluate(complete)
        assert final.undecided == []
        assert final.next_question is None
        assert set(evaluation.applies) <= set(final.applies)
        assert set(evaluation.not_applies) <= set(final.not_applies)
        assert set(evaluation.skipped) <= set(final.skipped)


@SETTINGS
@given(catalogue_and_answers(max_questions=5), st.randoms(use_true_random=False))
def test_following_next_question_decides_everything(case, rng):
    doc, answers = case
    catalogue = parse_catalogue(doc)
    questions = {question["key"]: question for question in doc["questions"]}
    answers = dict(answers)
    for _ in range(len(doc["questions"]) + 1):
        evaluation = catalogue.evaluate(answers)
        assert (evaluation.next_question is None) == (evaluation.undecided == [])
        if evaluation.next_question is None:
            break
        key = evaluation.next_question
        assert key not in answers
        assert key in evaluation.relevant and key not in evaluation.waiting and key not in evaluation.skipped
        answers[key] = rng.choice(domain(questions[key]))
    else:
        raise AssertionError("next_question did not decide every product within #questions steps")
    assert evaluation.undecided == []
