"""Rules: checking JSON Logic, compiling it, three-valued evaluation, residuals.

A rule arrives as JSON Logic restricted to the operators of the catalogue format.
:func:`check_rule` turns it into a small typed tree (or reports every problem);
:func:`compile_rule` turns that tree into closures that evaluate it against a
*state*: a list holding, per question index, the answer, ``None`` for a skipped
question, or :data:`UNKNOWN` for a question that is still open.

Truth values are ``True``, ``False`` and ``None`` (*unknown*).
"""

from __future__ import annotations

import json
import math
import operator
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

# ---------------------------------------------------------------------------
# Values


class _Unknown:
    """The value of a question that is neither answered nor skipped."""

    _instance: _Unknown | None = None

    def __new__(cls) -> _Unknown:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "UNKNOWN"

    def __reduce__(self) -> str:
        return "UNKNOWN"


UNKNOWN: Any = _Unknown()
"""Sentinel state value of an open question (distinct from ``None`` = skipped)."""

State = list[Any]
Truth = bool | None  # None = unknown

QUESTION_TYPES = ("boolean", "choice", "multi", "number", "postcode")
COMPARISONS = ("==", "!=", "<", "<=", ">", ">=")
OPERATORS = ("var", *COMPARISONS, "and", "or", "!", "in")
POSTCODE_RE = re.compile(r"[1-9][0-9]{3}", re.ASCII)


def is_number(value: object) -> bool:
    """True for a finite JSON number (``bool`` is not a number here)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return False
    return not isinstance(value, float) or math.isfinite(value)


def is_postcode(value: object) -> bool:
    """True for a Belgian postcode: a string of four digits, 1000 to 9999."""
    return isinstance(value, str) and POSTCODE_RE.fullmatch(value) is not None


def values_equal(a: Any, b: Any) -> bool:
    """``==`` of the catalogue format: no type coercion, ``true`` is not ``1``."""
    if a is None or b is None:
        return a is b
    if isinstance(a, bool) or isinstance(b, bool):
        return isinstance(a, bool) and isinstance(b, bool) and a is b
    if is_number(a) and is_number(b):
        return bool(a == b)
    if isinstance(a, str) and isinstance(b, str):
        return a == b
    return False


def values_ordered(op: str, values: list[Any]) -> bool:
    """``<``, ``<=``, ``>``, ``>=`` on known values (chained for three operands).

    A comparison involving ``null`` or anything that is not a number is false.
    """
    for value in values:
        if not is_number(value):
            return False
    for left, right in zip(values, values[1:], strict=False):
        if op == "<":
            ok = left < right
        elif op == "<=":
            ok = left <= right
        elif op == ">":
            ok = left > right
        else:
            ok = left >= right
        if not ok:
            return False
    return True


def compare_known(op: str, values: list[Any]) -> bool:
    """Apply comparison ``op`` to values that are all known."""
    if op == "==":
        return values_equal(values[0], values[1])
    if op == "!=":
        return not values_equal(values[0], values[1])
    return values_ordered(op, values)


# ---------------------------------------------------------------------------
# The rule tree


@dataclass(frozen=True, slots=True)
class Lit:
    """A literal operand of a comparison: bool, number, string or None."""

    value: Any


@dataclass(frozen=True, slots=True)
class Var:
    """The answer to question number ``index`` (of type ``qtype``)."""

    index: int
    key: str
    qtype: str


@dataclass(frozen=True, slots=True)
class Const:
    """``true`` or ``false`` where a truth value is expected."""

    value: bool


@dataclass(frozen=True, slots=True)
class Flag:
    """The answer to a boolean question where a truth value is expected."""

    var: Var


@dataclass(frozen=True, slots=True)
class Compare:
    """A comparison: ``op`` is one of ``COMPARISONS``; 2 or 3 operands."""

    op: str
    operands: tuple[Lit | Var, ...]


@dataclass(frozen=True, slots=True)
class In:
    """``{"in": [value, {"var": multi_key}]}``."""

    value: str
    var: Var


@dataclass(frozen=True, slots=True)
class And:
    items: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class Or:
    items: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class Not:
    item: Node


Node = Const | Flag | Compare | In | And | Or | Not


def iter_nodes(node: Node) -> Iterator[Node]:
    """Every node of a rule tree, depth first, parents before children."""
    stack: list[Node] = [node]
    while stack:
        current = stack.pop()
        yield current
        if isinstance(current, And | Or):
            stack.extend(reversed(current.items))
        elif isinstance(current, Not):
            stack.append(current.item)


def node_vars(node: Node) -> Iterator[Var]:
    """Every ``var`` of a rule tree, in rule order (with repetitions)."""
    for current in iter_nodes(node):
        if isinstance(current, Flag | In):
            yield current.var
        elif isinstance(current, Compare):
            for operand in current.operands:
                if isinstance(operand, Var):
                    yield operand


# ---------------------------------------------------------------------------
# Checking


@dataclass(frozen=True, slots=True)
class QuestionInfo:
    """What the rule checker needs to know about a question."""

    index: int
    key: str
    type: str  # one of QUESTION_TYPES, or "?" when the question itself is invalid
    options: tuple[str, ...] = ()
    min: float | None = None
    max: float | None = None


def show(value: Any, limit: int = 60) -> str:
    """A short JSON rendering of ``value`` for messages."""
    try:
        text = json.dumps(value, ensure_ascii=False)
    except (TypeError, ValueError):
        text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def describe_literal(value: Any) -> str:
    """``the number 3``, ``the string "x"``, ``true``, ``null`` for messages."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return f"the number {show(value)}"
    if isinstance(value, str):
        return f"the string {show(value)}"
    if isinstance(value, list):
        return f"a list ({show(value)})"
    return show(value)


MAX_DEPTH = 64
_ARITY = {"==": (2, 2), "!=": (2, 2), "<": (2, 3), "<=": (2, 3), ">": (2, 2), ">=": (2, 2), "in": (2, 2)}


class _Checker:
    def __init__(self, questions: Mapping[str, QuestionInfo], limit: int | None) -> None:
        self.questions = questions
        self.limit = limit
        self.problems: list[str] = []

    def problem(self, message: str) -> None:
        if message not in self.problems:
            self.problems.append(message)

    # -- a var ---------------------------------------------------------------
    def var(self, raw: dict[str, Any]) -> Var | None:
        name = raw["var"]
        if not isinstance(name, str):
            self.problem(f'"var" must name a question as {{"var": "key"}}, not {show(raw)}')
            return None
        info = self.questions.get(name)
        if info is None:
            self.problem(f'mentions unknown question "{name}"')
            return None
        if self.limit is not None and info.index >= self.limit:
            self.problem(f'mentions "{name}", which does not come earlier')
        return Var(info.index, info.key, info.type)

    # -- an operation: returns (operator, operand list) or None -------------
    def operation(self, raw: dict[str, Any]) -> tuple[str, Any] | None:
        if len(raw) != 1:
            if not raw:
                self.problem("an empty object where a rule is expected")
            else:
                names = ", ".join(f'"{key}"' for key in raw)
                self.problem(f"an operation must have exactly one operator, not {len(raw)} ({names})")
            return None
        ((op, args),) = raw.items()
        if op not in OPERATORS:
            self.problem(f"unknown operator {show(op)}")
            return None
        return op, args

    def operands(self, op: str, args: Any) -> list[Any] | None:
        low, high = _ARITY[op]
        if not isinstance(args, list):
            self.problem(f'"{op}" needs a list of {low} operands, not {show(args)}')
            return None
        if not low <= len(args) <= high:
            wanted = f"{low}" if low == high else f"{low} or {high}"
            self.problem(f'"{op}" needs {wanted} operands, not {len(args)}')
            return None
        return args

    # -- truth position --------------------------------------------------------
    def truth(self, raw: Any, depth: int = 0) -> Node | None:
        if isinstance(raw, bool):
            return Const(raw)
        if depth > MAX_DEPTH:
            self.problem(f"the rule is nested too deeply (more than {MAX_DEPTH} levels)")
            return None
        if isinstance(raw, dict):
            parsed = self.operation(raw)
            if parsed is None:
                return None
            op, args = parsed
            if op == "var":
                var = self.var(raw)
                if var is None:
                    return None
                if var.qtype not in ("boolean", "?"):
                    self.problem(
                        f'the answer to "{var.key}" (a {var.qtype} question) where a truth value is '
                        "expected; compare it with a value instead"
                    )
                    return None
                return Flag(var)
            if op in ("and", "or"):
                if not isinstance(args, list):
                    self.problem(f'"{op}" needs a list of operands, not {show(args)}')
                    return None
                if not args:
                    self.problem(f'"{op}" needs at least one operand')
                    return None
                items = [self.truth(arg, depth + 1) for arg in args]
                if any(item is None for item in items):
                    return None
                cls = And if op == "and" else Or
                return cls(tuple(item for item in items if item is not None))
            if op == "!":
                if isinstance(args, list):
                    if len(args) != 1:
                        self.problem(f'"!" needs exactly one operand, not {len(args)}')
                        return None
                    args = args[0]
                item = self.truth(args, depth + 1)
                return None if item is None else Not(item)
            if op == "in":
                return self.in_(args)
            return self.compare(op, args)
        if raw is None:
            self.problem("null where a truth value is expected")
        elif isinstance(raw, list):
            self.problem(f"a list ({show(raw)}) where a truth value is expected")
        elif isinstance(raw, int | float):
            self.problem(f"a number ({show(raw)}) where a truth value is expected")
        elif isinstance(raw, str):
            self.problem(f"a string ({show(raw)}) where a truth value is expected")
        else:
            self.problem(f"{show(raw)} where a truth value is expected")
        return None

    # -- operands of comparisons -------------------------------------------------
    def operand(self, op: str, raw: Any) -> Lit | Var | None:
        if raw is None or isinstance(raw, bool | str):
            return Lit(raw)
        if isinstance(raw, int | float):
            if not is_number(raw):
                self.problem(f"{show(raw)} is not a finite number")
                return None
            return Lit(raw)
        if isinstance(raw, dict):
            parsed = self.operation(raw)
            if parsed is None:
                return None
            inner, _ = parsed
            if inner != "var":
                self.problem(f'an operand of "{op}" must be a value or {{"var": "key"}}, not the operation "{inner}"')
                return None
            var = self.var(raw)
            if var is not None and var.qtype == "multi":
                self.problem(
                    f'"{var.key}" is a multi question: test its options with '
                    f'{{"in": ["option", {{"var": "{var.key}"}}]}}'
                )
                return None
            return var
        self.problem(f'an operand of "{op}" must be a value or {{"var": "key"}}, not {describe_literal(raw)}')
        return None

    def compare(self, op: str, args: Any) -> Node | None:
        items = self.operands(op, args)
        if items is None:
            return None
        operands = [self.operand(op, item) for item in items]
        if any(operand is None for operand in operands):
            return None
        checked = tuple(operand for operand in operands if operand is not None)
        ok = self.check_types(op, checked) if op in ("==", "!=") else self.check_numeric(op, checked)
        return Compare(op, checked) if ok else None

    def check_numeric(self, op: str, operands: tuple[Lit | Var, ...]) -> bool:
        ok = True
        for operand in operands:
            if isinstance(operand, Var):
                if operand.qtype not in ("number", "?"):
                    hint = " (compare postcodes with == or !=)" if operand.qtype == "postcode" else ""
                    self.problem(f'"{op}" compares numbers, but "{operand.key}" is a {operand.qtype} question{hint}')
                    ok = False
            elif operand.value is not None and not is_number(operand.value):
                self.problem(f'"{op}" compares numbers, not {describe_literal(operand.value)}')
                ok = False
        return ok

    def check_types(self, op: str, operands: tuple[Lit | Var, ...]) -> bool:
        left, right = operands
        if isinstance(left, Lit) and isinstance(right, Lit):
            return True  # a constant; the linter warns when it is always false
        if isinstance(left, Var) and isinstance(right, Var):
            if "?" in (left.qtype, right.qtype) or left.qtype == right.qtype:
                return True
            self.problem(
                f'"{op}" compares "{left.key}" (a {left.qtype} question) with "{right.key}" (a {right.qtype} question)'
            )
            return False
        var, lit = (left, right) if isinstance(left, Var) else (right, left)
        assert isinstance(var, Var) and isinstance(lit, Lit)  # noqa: S101 - narrowing for the type checker
        value = lit.value
        if value is None or var.qtype == "?":
            return True
        info = self.questions[var.key]
        if var.qtype == "boolean" and isinstance(value, bool):
            return True
        if var.qtype == "number" and is_number(value):
            return True
        if var.qtype == "choice" and isinstance(value, str):
            if value in info.options:
                return True
            self.problem(f'mentions unknown option {show(value)} of question "{var.key}"')
            return False
        if var.qtype == "postcode":
            if is_postcode(value):
                return True
            if isinstance(value, str):
                self.problem(f"{show(value)} is not a postcode (four digits, 1000 to 9999)")
                return False
            if is_number(value):
                self.problem(
                    f'"{op}" compares "{var.key}" (a postcode question) with {describe_literal(value)}; '
                    f'postcodes are strings: write "{show(value)}"'
                )
                return False
        self.problem(f'"{op}" compares "{var.key}" (a {var.qtype} question) with {describe_literal(value)}')
        return False

    def in_(self, args: Any) -> Node | None:
        items = self.operands("in", args)
        if items is None:
            return None
        value, target = items
        ok = True
        if not isinstance(value, str):
            self.problem(f'the first operand of "in" must be an option value (a string), not {show(value)}')
            ok = False
        var: Var | None = None
        if isinstance(target, dict) and len(target) == 1 and "var" in target:
            var = self.var(target)
            if var is not None and var.qtype not in ("multi", "?"):
                self.problem(
                    f'the second operand of "in" must be the answer to a multi question, '
                    f'but "{var.key}" is a {var.qtype} question'
                )
                ok = False
        else:
            self.problem(
                f'the second operand of "in" must be the answer to a multi question, '
                f'e.g. {{"var": "key"}}, not {show(target)}'
            )
            ok = False
        if var is None or not ok or not isinstance(value, str):
            return None
        if var.qtype == "multi" and value not in self.questions[var.key].options:
            self.problem(f'mentions unknown option {show(value)} of question "{var.key}"')
            return None
        return In(value, var)


def check_rule(
    raw: Any, questions: Mapping[str, QuestionInfo], *, limit: int | None = None
) -> tuple[Node | None, list[str]]:
    """Check a JSON Logic rule where a truth value is expected.

    ``questions`` maps each question key to its :class:`QuestionInfo`; with
    ``limit`` the rule may only mention questions whose index is below it (the
    ``ask_if`` of question number ``limit``). Returns the rule tree (None when
    there are problems) and the list of problems, without path prefix.
    """
    checker = _Checker(questions, limit)
    node = checker.truth(raw)
    if checker.problems:
        return None, checker.problems
    return node, []


# ---------------------------------------------------------------------------
# Compilation
#
# Every node compiles to one closure ``run(state, out) -> True | False | None``.
# When the value is None (unknown), the indices of the open questions that the
# residual rule mentions have been appended to ``out``; when the value is known,
# ``out`` is left as it was found. So evaluating all products with one shared
# list collects the open questions of every undecided product in a single pass.

Runner = Callable[[State, list[int]], Truth]


@dataclass(frozen=True, slots=True)
class CompiledRule:
    """A rule compiled to a closure, with the tree it was compiled from."""

    node: Node
    run: Runner


def compile_rule(node: Node) -> CompiledRule:
    """Compile a checked rule tree into a fast evaluator."""
    return CompiledRule(node, _compile(node))


def _compile(node: Node) -> Runner:
    if isinstance(node, Const):
        return _compile_const(node.value)
    if isinstance(node, Flag):
        return _compile_flag(node.var.index)
    if isinstance(node, In):
        return _compile_in(node.value, node.var.index)
    if isinstance(node, Compare):
        return _compile_compare(node)
    if isinstance(node, Not):
        return _compile_not(_compile(node.item))
    if isinstance(node, And):
        return _compile_junction([_compile(item) for item in node.items], stop=False)
    if isinstance(node, Or):
        return _compile_junction([_compile(item) for item in node.items], stop=True)
    raise TypeError(f"not a rule node: {node!r}")


def _compile_const(value: bool) -> Runner:
    def run(s: State, out: list[int]) -> Truth:
        return value

    return run


def _compile_flag(i: int) -> Runner:
    def run(s: State, out: list[int]) -> Truth:
        v = s[i]
        if v is UNKNOWN:
            out.append(i)
            return None
        return v is True  # a skipped (null) boolean counts as false

    return run


def _compile_in(value: str, i: int) -> Runner:
    def run(s: State, out: list[int]) -> Truth:
        v = s[i]
        if v is UNKNOWN:
            out.append(i)
            return None
        return v is not None and value in v

    return run


def _fast_equal_ok(var: Var, value: Any) -> bool:
    """Whether plain ``==`` on a state value of ``var`` is ``values_equal``."""
    if isinstance(value, bool):
        return var.qtype == "boolean"
    if isinstance(value, str):
        return var.qtype in ("choice", "postcode")
    return is_number(value) and var.qtype == "number"


FLIPPED = {"==": "==", "!=": "!=", "<": ">", "<=": ">=", ">": "<", ">=": "<="}


def _compile_compare(node: Compare) -> Runner:
    op, operands = node.op, node.operands
    if all(isinstance(operand, Lit) for operand in operands):
        return _compile_const(compare_known(op, [operand.value for operand in operands]))  # type: ignore[union-attr]
    if len(operands) == 2:
        left, right = operands
        if isinstance(left, Var) and isinstance(right, Lit):
            return _compile_var_lit(op, left, right.value)
        if isinstance(left, Lit) and isinstance(right, Var):
            return _compile_var_lit(FLIPPED[op], right, left.value)
    return _compile_generic_compare(op, operands)


_ORDER = {"<": operator.lt, "<=": operator.le, ">": operator.gt, ">=": operator.ge}


def _compile_var_lit(op: str, var: Var, lit: Any) -> Runner:
    """A comparison of one answer with a literal, the most common rule part."""
    i = var.index
    if op in ("==", "!=") and lit is None:
        want = op == "=="

        def run_null(s: State, out: list[int]) -> Truth:
            v = s[i]
            if v is UNKNOWN:
                out.append(i)
                return None
            return (v is None) is want

        return run_null

    if op in ("==", "!=") and _fast_equal_ok(var, lit):
        want = op == "=="

        # The checker guarantees that the answer is of the literal's type or
        # null, so plain ``==`` is the format's equality here.
        def run_equal(s: State, out: list[int]) -> Truth:
            v = s[i]
            if v is UNKNOWN:
                out.append(i)
                return None
            return (v == lit) is want

        return run_equal

    if op in _ORDER and is_number(lit) and var.qtype == "number":
        order = _ORDER[op]

        def run_order(s: State, out: list[int]) -> Truth:
            v = s[i]
            if v is UNKNOWN:
                out.append(i)
                return None
            return v is not None and order(v, lit)

        return run_order

    def run_any(s: State, out: list[int]) -> Truth:
        v = s[i]
        if v is UNKNOWN:
            out.append(i)
            return None
        return compare_known(op, [v, lit])

    return run_any


def _compile_generic_compare(op: str, operands: tuple[Lit | Var, ...]) -> Runner:
    spec = tuple((True, operand.index) if isinstance(operand, Var) else (False, operand.value) for operand in operands)
    var_indices = tuple(operand.index for operand in operands if isinstance(operand, Var))

    def run(s: State, out: list[int]) -> Truth:
        open_ = [i for i in var_indices if s[i] is UNKNOWN]
        if open_:
            out.extend(open_)
            return None
        return compare_known(op, [s[x] if is_var else x for is_var, x in spec])

    return run


def _compile_not(child: Runner) -> Runner:
    def run(s: State, out: list[int]) -> Truth:
        v = child(s, out)
        return None if v is None else not v

    return run


def _compile_junction(children: list[Runner], *, stop: bool) -> Runner:
    """``and`` (stop=False: a false operand decides) or ``or`` (stop=True)."""
    if len(children) == 1:
        return children[0]
    done = not stop  # the value when no operand decides and none is unknown
    if len(children) == 2:
        a, b = children

        def run2(s: State, out: list[int]) -> Truth:
            mark = len(out)
            x = a(s, out)
            if x is stop:
                return stop
            y = b(s, out)
            if y is stop:
                del out[mark:]  # drop what an unknown first operand added
                return stop
            if x is None or y is None:
                return None
            return done

        return run2

    items = tuple(children)

    def run(s: State, out: list[int]) -> Truth:
        mark = len(out)
        result: Truth = done
        for child in items:
            v = child(s, out)
            if v is stop:
                del out[mark:]
                return stop
            if v is None:
                result = None
        return result

    return run


# ---------------------------------------------------------------------------
# Reference (uncompiled) evaluation and residual rules


def evaluate_node(node: Node, state: State) -> Truth:
    """Evaluate a rule tree directly (slow; used by residuals, explain, lint)."""
    if isinstance(node, Const):
        return node.value
    if isinstance(node, Flag):
        v = state[node.var.index]
        return None if v is UNKNOWN else v is True
    if isinstance(node, In):
        v = state[node.var.index]
        if v is UNKNOWN:
            return None
        return v is not None and node.value in v
    if isinstance(node, Compare):
        values = [state[o.index] if isinstance(o, Var) else o.value for o in node.operands]
        if any(v is UNKNOWN for v in values):
            return None
        return compare_known(node.op, values)
    if isinstance(node, Not):
        v = evaluate_node(node.item, state)
        return None if v is None else not v
    stop = isinstance(node, Or)
    result: Truth = not stop
    for item in node.items:
        v = evaluate_node(item, state)
        if v is stop:
            return stop
        if v is None:
            result = None
    return result


def residual_rule(node: Node, state: State) -> Any:
    """The residual rule (JSON Logic) of ``node`` given what ``state`` knows.

    Answered and skipped questions are replaced by their values, comparisons
    whose operands are all known are evaluated, ``and``/``or`` drop operands that
    cannot decide them (an ``and``/``or`` left with one operand is replaced by
    that operand), ``!`` of a constant is a constant. The result is ``True``,
    ``False`` or a rule that mentions only open questions.
    """
    value = evaluate_node(node, state)
    if value is not None:
        return value
    if isinstance(node, Flag):
        return {"var": node.var.key}
    if isinstance(node, In):
        return {"in": [node.value, {"var": node.var.key}]}
    if isinstance(node, Compare):
        operands: list[Any] = []
        for operand in node.operands:
            if isinstance(operand, Lit):
                operands.append(operand.value)
            elif state[operand.index] is UNKNOWN:
                operands.append({"var": operand.key})
            else:
                operands.append(_json_value(state[operand.index]))
        return {node.op: operands}
    if isinstance(node, Not):
        return {"!": residual_rule(node.item, state)}
    assert isinstance(node, And | Or)  # noqa: S101 - the other node types returned above
    items = [residual_rule(item, state) for item in node.items if evaluate_node(item, state) is None]
    if len(items) == 1:
        return items[0]
    return {"and" if isinstance(node, And) else "or": items}


def _json_value(value: Any) -> Any:
    if isinstance(value, frozenset):
        return sorted(value)
    return value


# ---------------------------------------------------------------------------
# Static analysis for lint warnings


def always_true(node: Node) -> bool:
    """A cheap, sound test that a rule is true whatever the answers."""
    if isinstance(node, Const):
        return node.value
    if isinstance(node, Compare) and all(isinstance(o, Lit) for o in node.operands):
        return compare_known(node.op, [o.value for o in node.operands])  # type: ignore[union-attr]
    if isinstance(node, Not):
        return never_true(node.item)
    if isinstance(node, And):
        return all(always_true(item) for item in node.items)
    if isinstance(node, Or):
        return any(always_true(item) for item in node.items)
    return False


def never_true(node: Node, questions: Mapping[int, QuestionInfo] | None = None) -> bool:
    """A cheap, sound test that a rule is false whatever the answers.

    Finds constant-false parts and conjunctions with contradictory conditions on
    one question (``x == "a" and x == "b"``, ``x == 1 and x != 1``,
    ``x > 5 and x < 3``, or a bound outside the question's ``min``/``max``).
    """
    if isinstance(node, Const):
        return not node.value
    if isinstance(node, Compare):
        if all(isinstance(o, Lit) for o in node.operands):
            return not compare_known(node.op, [o.value for o in node.operands])  # type: ignore[union-attr]
        return _contradictory([node], questions or {})
    if isinstance(node, Not):
        return always_true(node.item)
    if isinstance(node, Or):
        return all(never_true(item, questions) for item in node.items)
    if isinstance(node, And):
        if any(never_true(item, questions) for item in node.items):
            return True
        return _contradictory(list(_conjuncts(node)), questions or {})
    return False


def _conjuncts(node: Node) -> Iterator[Node]:
    if isinstance(node, And):
        for item in node.items:
            yield from _conjuncts(item)
    else:
        yield node


def _literal_key(value: Any) -> tuple[str, Any]:
    """A hashable key that keeps ``true`` and ``1`` apart."""
    if value is None:
        return ("null", None)
    if isinstance(value, bool):
        return ("bool", value)
    if isinstance(value, int | float):
        return ("number", value)
    return ("string", value)


class _Constraints:
    def __init__(self) -> None:
        self.equal: set[tuple[str, Any]] = set()
        self.unequal: set[tuple[str, Any]] = set()
        self.low: tuple[float, bool] | None = None  # (bound, strict)
        self.high: tuple[float, bool] | None = None

    def bound(self, op: str, value: float) -> None:
        """Record ``var op value``."""
        if op in (">", ">="):
            candidate = (value, op == ">")
            if self.low is None or candidate[0] > self.low[0] or (candidate[0] == self.low[0] and candidate[1]):
                self.low = candidate
        else:
            candidate = (value, op == "<")
            if self.high is None or candidate[0] < self.high[0] or (candidate[0] == self.high[0] and candidate[1]):
                self.high = candidate

    def impossible(self, info: QuestionInfo | None) -> bool:
        if len(self.equal) > 1 or self.equal & self.unequal:
            return True
        equal_kind = next(iter(self.equal))[0] if self.equal else None
        bounded = self.low is not None or self.high is not None
        if not bounded and equal_kind != "number":
            return False
        if bounded and equal_kind not in (None, "number"):
            return True  # an order comparison needs a number
        # From here on the answer must be a number: the question's bounds apply.
        if info is not None and info.min is not None:
            self.bound(">=", info.min)
        if info is not None and info.max is not None:
            self.bound("<=", info.max)
        if equal_kind == "number":
            ((_, value),) = self.equal
            return not _within(value, self.low, self.high)
        if self.low is not None and self.high is not None:
            (lo, lo_strict), (hi, hi_strict) = self.low, self.high
            return lo > hi or (lo == hi and (lo_strict or hi_strict))
        return False


def _within(value: float, low: tuple[float, bool] | None, high: tuple[float, bool] | None) -> bool:
    if low is not None and (value < low[0] or (value == low[0] and low[1])):
        return False
    return not (high is not None and (value > high[0] or (value == high[0] and high[1])))


def _contradictory(conjuncts: list[Node], questions: Mapping[int, QuestionInfo]) -> bool:
    found: dict[int, _Constraints] = {}

    def at(index: int) -> _Constraints:
        return found.setdefault(index, _Constraints())

    for item in conjuncts:
        negated = False
        if isinstance(item, Not):
            negated, item = True, item.item
        if isinstance(item, Flag):
            (at(item.var.index).unequal if negated else at(item.var.index).equal).add(_literal_key(True))
        elif isinstance(item, Compare) and not negated and item.op in ("<", "<=", ">", ">="):
            operands = item.operands
            for left, right in zip(operands, operands[1:], strict=False):
                if isinstance(left, Var) and isinstance(right, Lit) and is_number(right.value):
                    at(left.index).bound(item.op, right.value)
                elif isinstance(left, Lit) and isinstance(right, Var) and is_number(left.value):
                    at(right.index).bound(FLIPPED[item.op], left.value)
        elif isinstance(item, Compare) and item.op in ("==", "!=") and len(item.operands) == 2:
            left, right = item.operands
            if isinstance(left, Lit) and isinstance(right, Var):
                left, right = right, left
            if isinstance(left, Var) and isinstance(right, Lit):
                equal = (item.op == "==") != negated
                target = at(left.index).equal if equal else at(left.index).unequal
                target.add(_literal_key(right.value))
    return any(constraints.impossible(questions.get(index)) for index, constraints in found.items())
