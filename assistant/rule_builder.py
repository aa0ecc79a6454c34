"""The visual rule builder: a rule as blocks that an editor who is not a programmer can build.

A rule is shown as a tree of *groups* ("all of", "any of", "none of") holding *conditions*
(a question picked by its text, an operator that fits the question's type, and a value
picked from its options or typed) and further groups. ``from_rule`` reads a JSON Logic
rule of the catalogue format into blocks (None when the rule has a shape the blocks
cannot show: the editor then gets the JSON field with a plain explanation), and
``to_rule`` writes blocks back as the JSON the engine reads. Reading and writing are
exact: ``to_rule(from_rule(rule)) == rule`` for every rule the blocks can show (a
condition remembers the JSON it was read from and writes it back unchanged while the
editor does not change it; a group remembers ``{"and": [x]}`` and ``{"!": [x]}`` forms).

The blocks travel in a plain HTML form (``to_fields`` / ``from_post``): every action
(add a condition or group, remove one) is a submit button, so the builder works without
JavaScript; HTMX only swaps the builder in place.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

MODES = ("all", "any", "none")
MODE_LABELS = {
    "all": gettext_lazy("all of these are true"),
    "any": gettext_lazy("at least one of these is true"),
    "none": gettext_lazy("none of these is true"),
}
# Operators per question type, in the order they are offered.
OPERATORS: dict[str, tuple[str, ...]] = {
    "boolean": ("is_true", "is_false"),
    "choice": ("is", "is_not", "one_of", "not_one_of"),
    "multi": ("contains", "not_contains", "contains_any"),
    "number": ("eq", "ne", "lt", "le", "gt", "ge", "between"),
    "postcode": ("is", "is_not", "one_of", "not_one_of"),
}
OPERATOR_LABELS = {
    "is_true": gettext_lazy("is yes"),
    "is_false": gettext_lazy("is no"),
    "is": gettext_lazy("is"),
    "is_not": gettext_lazy("is not"),
    "one_of": gettext_lazy("is one of"),
    "not_one_of": gettext_lazy("is none of"),
    "contains": gettext_lazy("includes"),
    "not_contains": gettext_lazy("does not include"),
    "contains_any": gettext_lazy("includes one of"),
    "eq": gettext_lazy("is equal to (=)"),
    "ne": gettext_lazy("is not equal to (≠)"),
    "lt": gettext_lazy("is less than (<)"),
    "le": gettext_lazy("is at most (≤)"),
    "gt": gettext_lazy("is more than (>)"),
    "ge": gettext_lazy("is at least (≥)"),
    "between": gettext_lazy("is between (both included)"),
}
NO_VALUE = {"is_true", "is_false"}
LIST_OPS = {"one_of", "not_one_of", "contains_any"}
NUMBER_OPS = {"eq": "==", "ne": "!=", "lt": "<", "le": "<=", "gt": ">", "ge": ">="}
_REVERSED = {"<": ">", "<=": ">=", ">": "<", ">=": "<=", "==": "==", "!=": "!="}
MAX_POSTCODE_RANGE = 200
MAX_NESTING = 6  # groups inside groups the builder offers (the format allows more: those rules show as JSON)


@dataclass(frozen=True)
class QuestionChoice:
    """What the builder needs to know of a question."""

    key: str
    type: str
    text: str
    options: tuple[tuple[str, str], ...] = ()  # (value, label)
    min: float | None = None
    max: float | None = None


@dataclass
class Condition:
    question: str = ""
    op: str = ""
    value: str = ""  # one value as typed or picked; for a list of postcodes, the list as typed
    values: list[str] = field(default_factory=list)  # options picked (one_of, not_one_of, contains_any)
    low: str = ""
    high: str = ""
    raw: Any = None  # the JSON this condition was read from, written back while it is unchanged
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    kind: str = "condition"


@dataclass
class Group:
    mode: str = "all"
    children: list[Group | Condition] = field(default_factory=list)
    explicit: bool = False  # written as and/or (or !{or}) even with one child
    neg_list: bool = False  # "none of" with one child written as {"!": [x]}
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    kind: str = "group"


class CannotShow(Exception):
    """A rule (part) that the blocks cannot show."""


# ---------------------------------------------------------------------------
# Reading JSON Logic into blocks


def _var(raw: Any) -> str | None:
    if isinstance(raw, dict) and len(raw) == 1 and isinstance(raw.get("var"), str):
        return raw["var"]
    return None


def _op(raw: Any) -> tuple[str, Any] | None:
    if isinstance(raw, dict) and len(raw) == 1:
        ((op, args),) = raw.items()
        return op, args
    return None


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _number_text(value: Any) -> str:
    return str(value)


def _comparison(raw: Any, questions: Mapping[str, QuestionChoice]) -> Condition:
    """One comparison, ``in`` or boolean ``var`` as a condition (``CannotShow`` otherwise)."""
    name = _var(raw)
    if name is not None:
        question = questions.get(name)
        if question is None or question.type != "boolean":
            raise CannotShow
        return Condition(name, "is_true", raw=raw)
    parsed = _op(raw)
    if parsed is None:
        raise CannotShow
    op, args = parsed
    if op == "!":
        inner = args[0] if isinstance(args, list) and len(args) == 1 else args
        condition = _comparison(inner, questions)
        negated = {"is_true": "is_false", "contains": "not_contains"}.get(condition.op)
        if negated is None:
            raise CannotShow
        return Condition(condition.question, negated, value=condition.value, raw=raw)
    if op == "in":
        if not (isinstance(args, list) and len(args) == 2 and isinstance(args[0], str)):
            raise CannotShow
        name = _var(args[1])
        question = questions.get(name or "")
        if question is None or question.type != "multi":
            raise CannotShow
        return Condition(question.key, "contains", value=args[0], raw=raw)
    if op not in _REVERSED or not isinstance(args, list):
        raise CannotShow
    if len(args) == 3 and op == "<=":
        low, middle, high = args
        name = _var(middle)
        question = questions.get(name or "")
        if question is None or question.type != "number" or not (_is_number(low) and _is_number(high)):
            raise CannotShow
        return Condition(question.key, "between", low=_number_text(low), high=_number_text(high), raw=raw)
    if len(args) != 2:
        raise CannotShow
    left, right = args
    if _var(left) is not None and _var(right) is None:
        name, value, actual = _var(left), right, op
    elif _var(right) is not None and _var(left) is None:
        name, value, actual = _var(right), left, _REVERSED[op]
    else:
        raise CannotShow
    question = questions.get(name or "")
    if question is None:
        raise CannotShow
    if question.type == "boolean" and isinstance(value, bool) and actual in ("==", "!="):
        true = value if actual == "==" else not value
        return Condition(question.key, "is_true" if true else "is_false", raw=raw)
    if question.type in ("choice", "postcode") and isinstance(value, str) and actual in ("==", "!="):
        return Condition(question.key, "is" if actual == "==" else "is_not", value=value, raw=raw)
    if question.type == "number" and _is_number(value):
        reverse = {symbol: name for name, symbol in NUMBER_OPS.items()}
        return Condition(question.key, reverse[actual], value=_number_text(value), raw=raw)
    raise CannotShow


def _same_question_list(items: list[Condition], op: str) -> str | None:
    """The question when every item is ``op`` on one and the same question (two or more items)."""
    if len(items) < 2 or any(item.op != op for item in items):
        return None
    keys = {item.question for item in items}
    return keys.pop() if len(keys) == 1 else None


def _node(raw: Any, questions: Mapping[str, QuestionChoice], depth: int) -> Group | Condition:
    if depth > MAX_NESTING:
        raise CannotShow
    parsed = _op(raw)
    if parsed is not None and parsed[0] in ("and", "or") and isinstance(parsed[1], list) and parsed[1]:
        op, args = parsed
        children = [_node(arg, questions, depth + 1) for arg in args]
        conditions = [child for child in children if isinstance(child, Condition)]
        if len(conditions) == len(children):
            # "a is x or a is y" is one condition "a is one of x, y"; likewise for "includes one of", "is none of".
            pattern = {"or": (("is", "one_of"), ("contains", "contains_any")), "and": (("is_not", "not_one_of"),)}
            for single, many in pattern[op]:
                key = _same_question_list(conditions, single)
                if key is not None:
                    return Condition(key, many, values=[item.value for item in conditions], raw=raw)
        return Group("all" if op == "and" else "any", children, explicit=len(children) == 1)
    if parsed is not None and parsed[0] == "!":
        args = parsed[1]
        neg_list = isinstance(args, list)
        if neg_list and len(args) != 1:
            raise CannotShow
        inner = args[0] if neg_list else args
        try:
            return _comparison(raw, questions)
        except CannotShow:
            pass
        inner_op = _op(inner)
        if inner_op is not None and inner_op[0] == "or" and isinstance(inner_op[1], list) and inner_op[1]:
            children = [_node(arg, questions, depth + 1) for arg in inner_op[1]]
            return Group("none", children, explicit=True, neg_list=neg_list)
        return Group("none", [_node(inner, questions, depth + 1)], explicit=False, neg_list=neg_list)
    return _comparison(raw, questions)


def from_rule(rule: Any, questions: Mapping[str, QuestionChoice]) -> Group | None:
    """The rule as blocks (the top is always a group), or None when the blocks cannot show it."""
    if rule is None:
        return Group("all", [])
    try:
        node = _node(rule, questions, 0)
    except (CannotShow, RecursionError):
        return None
    if isinstance(node, Condition):
        return Group("all", [node])
    return node


# ---------------------------------------------------------------------------
# Writing blocks as JSON Logic


def parse_number(text: str) -> int | float:
    """``"65"`` → 65, ``"2,5"`` → 2.5; ``ValueError`` for anything else."""
    text = (text or "").strip().replace(",", ".")
    if re.fullmatch(r"-?\d+", text):
        return int(text)
    try:
        number = Decimal(text)
    except InvalidOperation as error:
        raise ValueError(text) from error
    if not number.is_finite() or not re.fullmatch(r"-?\d+(\.\d+)?", text):
        raise ValueError(text)
    return float(number)


def parse_postcodes(text: str) -> list[str]:
    """``"3000, 3010-3012"`` → ``["3000", "3010", "3011", "3012"]``; ``ValueError`` naming the bad part."""
    out: list[str] = []
    for part in re.split(r"[,;\s]+", (text or "").strip()):
        if not part:
            continue
        match = re.fullmatch(r"(\d{4})(?:-(\d{4}))?", part)
        if not match:
            raise ValueError(part)
        low = int(match[1])
        high = int(match[2]) if match[2] else low
        if low < 1000 or high > 9999 or high < low or high - low >= MAX_POSTCODE_RANGE:
            raise ValueError(part)
        out += [str(code) for code in range(low, high + 1) if str(code) not in out]
    return out


def _var_of(key: str) -> dict[str, str]:
    return {"var": key}


def _values(condition: Condition, question: QuestionChoice | None) -> list[Any]:
    if question is not None and question.type == "postcode" and condition.value.strip():
        return parse_postcodes(condition.value)  # type: ignore[return-value]
    return list(condition.values)


def condition_rule(condition: Condition, questions: Mapping[str, QuestionChoice]) -> Any:
    """The JSON of one condition (its original JSON while it says the same). ``ValueError`` when incomplete."""
    if condition.raw is not None:
        try:
            again = _node(condition.raw, questions, 0)
        except CannotShow:
            again = None
        if isinstance(again, Condition) and signature(again, questions) == signature(condition, questions):
            return condition.raw
    return _write_condition(condition, questions)


def _write_condition(condition: Condition, questions: Mapping[str, QuestionChoice]) -> Any:
    question = questions.get(condition.question)
    var = _var_of(condition.question)
    op = condition.op
    if op == "is_true":
        return var
    if op == "is_false":
        return {"!": var}
    if op in ("is", "is_not"):
        return {"==" if op == "is" else "!=": [var, condition.value]}
    if op == "contains":
        return {"in": [condition.value, var]}
    if op == "not_contains":
        return {"!": {"in": [condition.value, var]}}
    if op in NUMBER_OPS:
        return {NUMBER_OPS[op]: [var, parse_number(condition.value)]}
    if op == "between":
        return {"<=": [parse_number(condition.low), var, parse_number(condition.high)]}
    values = _values(condition, question)
    if op == "one_of":
        items = [{"==": [var, value]} for value in values]
        return items[0] if len(items) == 1 else {"or": items}
    if op == "not_one_of":
        items = [{"!=": [var, value]} for value in values]
        return items[0] if len(items) == 1 else {"and": items}
    if op == "contains_any":
        items = [{"in": [value, var]} for value in values]
        return items[0] if len(items) == 1 else {"or": items}
    raise ValueError(op)


def signature(condition: Condition, questions: Mapping[str, QuestionChoice]) -> tuple[Any, ...]:
    """What a condition says, independent of how it was typed (``"65"`` and ``"65,0"`` say the same)."""
    question = questions.get(condition.question)
    try:
        if condition.op in NUMBER_OPS:
            value: Any = parse_number(condition.value)
        elif condition.op == "between":
            value = (parse_number(condition.low), parse_number(condition.high))
        elif condition.op in LIST_OPS:
            value = tuple(_values(condition, question))
        elif condition.op in NO_VALUE:
            value = None
        else:
            value = condition.value
    except ValueError:
        value = ("invalid", condition.value, condition.low, condition.high)
    return (condition.question, condition.op, value)


def to_rule(group: Group, questions: Mapping[str, QuestionChoice]) -> Any:
    """The JSON Logic of the blocks (None for an empty top group). ``ValueError`` when something is incomplete."""
    if not group.children:
        return None
    return _write(group, questions)


def _write(node: Group | Condition, questions: Mapping[str, QuestionChoice]) -> Any:
    if isinstance(node, Condition):
        return condition_rule(node, questions)
    items = [_write(child, questions) for child in node.children]
    if not items:
        raise ValueError("empty group")
    if node.mode == "none":
        inner = items[0] if len(items) == 1 and not node.explicit else {"or": items}
        return {"!": [inner] if node.neg_list else inner}
    if len(items) == 1 and not node.explicit:
        return items[0]
    return {"and" if node.mode == "all" else "or": items}


# ---------------------------------------------------------------------------
# Checking blocks (messages at the condition or group where the problem is)


def check(group: Group, questions: Mapping[str, QuestionChoice], *, required: bool) -> bool:
    """Put plain-language errors on the conditions and groups that are wrong; True when none is."""
    ok = True
    if not group.children and required:
        group.errors.append(_("Add at least one condition."))
        ok = False
    for node in walk(group):
        if isinstance(node, Group):
            if node is not group and not node.children:
                node.errors.append(_("This group is empty. Add a condition to it, or remove the group."))
                ok = False
            continue
        ok = _check_condition(node, questions) and ok
    return ok


def _check_condition(condition: Condition, questions: Mapping[str, QuestionChoice]) -> bool:
    question = questions.get(condition.question)
    if question is None:
        condition.errors.append(_("Choose a question."))
        return False
    allowed = OPERATORS[question.type]
    if condition.op not in allowed:
        condition.errors.append(
            _("Choose a comparison that fits this question: %(allowed)s.")
            % {"allowed": ", ".join(str(OPERATOR_LABELS[op]) for op in allowed)}
        )
        return False
    options = {value for value, _label in question.options}
    op = condition.op
    if op in NO_VALUE:
        return True
    if question.type in ("choice", "multi"):
        picked = condition.values if op in LIST_OPS else [condition.value]
        if not [value for value in picked if value]:
            condition.errors.append(
                _("Tick at least one answer.") if op in LIST_OPS else _("Choose one of the answers of this question.")
            )
            return False
        unknown = [value for value in picked if value not in options]
        if unknown:
            condition.errors.append(
                _("‘%(value)s’ is not an answer of this question. Choose one of its answers.") % {"value": unknown[0]}
            )
            return False
        return True
    if question.type == "postcode":
        try:
            codes = parse_postcodes(condition.value) if op in LIST_OPS else [condition.value.strip()]
        except ValueError as error:
            condition.errors.append(
                _(
                    "‘%(value)s’ is not a postcode or a range of postcodes. "
                    "Write postcodes of four digits, e.g. 3000, 3010-3012 (at most 200 in a range)."
                )
                % {"value": error.args[0]}
            )
            return False
        if not codes or not all(re.fullmatch(r"[1-9]\d{3}", code) for code in codes):
            condition.errors.append(_("Write a postcode of four digits, e.g. 3000."))
            return False
        if op not in LIST_OPS:
            condition.value = condition.value.strip()
        return True
    # numbers
    texts = [condition.low, condition.high] if op == "between" else [condition.value]
    numbers = []
    for text in texts:
        try:
            numbers.append(parse_number(text))
        except ValueError:
            condition.errors.append(_("Write a number, e.g. 65 or 2,5."))
            return False
    for number in numbers:
        if (question.min is not None and number < question.min) or (question.max is not None and number > question.max):
            condition.warnings.append(
                _("%(number)s is outside the answers this question accepts (%(min)s to %(max)s).")
                % {
                    "number": number,
                    "min": question.min if question.min is not None else "…",
                    "max": question.max if question.max is not None else "…",
                }
            )
    if op == "between" and numbers[0] > numbers[1]:
        condition.errors.append(_("The first number must not be larger than the second."))
        return False
    return True


def walk(node: Group | Condition) -> Iterator[Group | Condition]:
    yield node
    if isinstance(node, Group):
        for child in node.children:
            yield from walk(child)


# ---------------------------------------------------------------------------
# The blocks in a plain HTML form


PREFIX = "rb"


def field_name(path: str, name: str) -> str:
    return f"{PREFIX}-{path}-{name}"


def from_post(data: Mapping[str, Any], questions: Mapping[str, QuestionChoice]) -> Group:
    """The blocks as posted (``data`` is a QueryDict or a dict of lists)."""

    def get(path: str, name: str) -> str:
        value = data.get(field_name(path, name), "")
        if isinstance(value, list):
            value = value[-1] if value else ""
        return str(value)

    def get_list(path: str, name: str) -> list[str]:
        key = field_name(path, name)
        if hasattr(data, "getlist"):
            return [str(value) for value in data.getlist(key)]
        value = data.get(key, [])
        return [str(item) for item in (value if isinstance(value, list) else [value])]

    paths: dict[str, str] = {}
    for key in data:
        match = re.fullmatch(rf"{PREFIX}-(r(?:_\d+)*)-kind", str(key))
        if match:
            paths[match[1]] = get(match[1], "kind")

    def build(path: str, depth: int) -> Group | Condition:
        if paths.get(path) == "condition":
            raw_text = get(path, "raw")
            try:
                raw = json.loads(raw_text) if raw_text and len(raw_text) < 100_000 else None
            except ValueError:
                raw = None
            return Condition(
                question=get(path, "q"),
                op=get(path, "op"),
                value=get(path, "v"),
                values=[value for value in get_list(path, "vs") if value],
                low=get(path, "lo"),
                high=get(path, "hi"),
                raw=raw,
            )
        mode = get(path, "mode")
        children_paths = sorted(
            (int(child.rsplit("_", 1)[1]), child)
            for child in paths
            if child.startswith(path + "_") and "_" not in child[len(path) + 1 :]
        )
        children = [build(child, depth + 1) for _number, child in children_paths] if depth < MAX_NESTING + 2 else []
        return Group(
            mode=mode if mode in MODES else "all",
            children=children,
            explicit=get(path, "explicit") == "1",
            neg_list=get(path, "neglist") == "1",
        )

    if paths.get("r") != "group":
        return Group("all", [])
    root = build("r", 0)
    assert isinstance(root, Group)  # noqa: S101 - the root is built as a group
    return root


def node_at(root: Group, path: str) -> tuple[Group | None, Group | Condition | None]:
    """The parent and the node at ``path`` (``r_0_2``); (None, root) for ``r``."""
    parts = path.split("_")
    if parts[0] != "r" or not all(part.isdigit() for part in parts[1:]):
        return None, None
    parent: Group | None = None
    node: Group | Condition = root
    for part in parts[1:]:
        if not isinstance(node, Group) or int(part) >= len(node.children):
            return None, None
        parent, node = node, node.children[int(part)]
    return parent, node


def apply_action(root: Group, action: str) -> str | None:
    """Add or remove a block; the path of the block that should get the focus (None when nothing changed)."""
    verb, _sep, path = action.partition(":")
    parent, node = node_at(root, path)
    if node is None:
        return None
    if verb in ("add-condition", "add-group") and isinstance(node, Group):
        if verb == "add-group" and path.count("_") >= MAX_NESTING - 1:
            node.errors.append(_("Groups can be nested at most %(levels)s levels deep.") % {"levels": MAX_NESTING})
            return path
        new: Group | Condition = Condition() if verb == "add-condition" else Group("any", [Condition()])
        node.children.append(new)
        return f"{path}_{len(node.children) - 1}"
    if verb == "remove" and parent is not None:
        index = parent.children.index(node)
        del parent.children[index]
        parent_path = path.rsplit("_", 1)[0]
        return parent_path
    return None


@dataclass
class Row:
    """One block as the template renders it."""

    node: Group | Condition
    path: str
    depth: int
    question: QuestionChoice | None = None
    operators: list[tuple[str, str]] = field(default_factory=list)
    raw_text: str = ""

    @property
    def is_group(self) -> bool:
        return isinstance(self.node, Group)


def rows(root: Group, questions: Mapping[str, QuestionChoice]) -> list[Any]:
    """The blocks as nested rows for the template: a group row has ``children`` rows."""

    def make(node: Group | Condition, path: str, depth: int) -> dict[str, Any]:
        if isinstance(node, Group):
            return {
                "group": node,
                "path": path,
                "depth": depth,
                "children": [make(child, f"{path}_{index}", depth + 1) for index, child in enumerate(node.children)],
                "can_nest": path.count("_") < MAX_NESTING - 1,
            }
        question = questions.get(node.question)
        operators = [(op, str(OPERATOR_LABELS[op])) for op in OPERATORS[question.type]] if question else []
        if question and node.op not in dict(operators) and not node.errors:
            node.op = operators[0][0]
        return {
            "condition": node,
            "path": path,
            "depth": depth,
            "question": question,
            "operators": operators,
            "raw_text": json.dumps(node.raw, ensure_ascii=False) if node.raw is not None else "",
            "list_op": node.op in LIST_OPS,
        }

    return [make(root, "r", 0)]


def question_choices(catalogue: Any, language: str, *, before: str | None = None) -> dict[str, QuestionChoice]:
    """The questions a rule may use, by key, with their text and options in ``language``.

    ``before``: for an ``ask_if``, only the questions that come before this one (all when it is new).
    """
    default = catalogue.default_language
    out: dict[str, QuestionChoice] = {}
    for question in catalogue.questions:
        if before is not None and question.key == before:
            break
        out[question.key] = QuestionChoice(
            key=question.key,
            type=question.type,
            text=question.text.get(language) or question.text.get(default) or question.key,
            options=tuple(
                (option.value, option.label.get(language) or option.label.get(default) or option.value)
                for option in question.options or ()
            ),
            min=question.min,
            max=question.max,
        )
    return out


def mark_never_true(root: Group, catalogue: Any) -> None:
    """Warn at the deepest condition or group that can never be true (with the engine's own test)."""
    from assistant.engine.rules import check_rule, never_true  # the engine's internals, read-only

    infos = catalogue.question_infos
    by_index = {info.index: info for info in infos.values()}
    questions = question_choices(catalogue, catalogue.default_language)

    def visit(node: Group | Condition) -> bool:
        marked_below = False
        if isinstance(node, Group):
            for child in node.children:
                marked_below = visit(child) or marked_below
        if marked_below or node.errors:
            return marked_below
        try:
            raw = _write(node, questions)
        except (ValueError, KeyError):
            return False
        compiled, problems = check_rule(raw, infos)
        if compiled is None or problems or not never_true(compiled, by_index):
            return False
        node.warnings.append(
            _("This condition can never be true, so the rule never applies here. Check the value.")
            if isinstance(node, Condition)
            else _("The conditions in this group can never be true together. Check them.")
        )
        return True

    visit(root)
