"""Readable text for rules (for editors) and reasons (for the results page)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .document import Question, text_in
from .errors import CatalogueError
from .rules import (
    FLIPPED,
    UNKNOWN,
    And,
    Compare,
    Const,
    Flag,
    In,
    Lit,
    Node,
    Not,
    Or,
    State,
    Var,
    check_rule,
    evaluate_node,
    is_number,
)

if TYPE_CHECKING:
    from .catalogue import Catalogue

WORDS: dict[str, dict[str, str]] = {
    "nl": {
        "and": "EN",
        "or": "OF",
        "not": "NIET",
        "yes": "Ja",
        "no": "Nee",
        "includes": "bevat",
        "null": "geen antwoord",
        "always": "altijd",
        "never": "nooit",
        "nothing": "geen",
        "decimal": ",",
    },
    "en": {
        "and": "AND",
        "or": "OR",
        "not": "NOT",
        "yes": "Yes",
        "no": "No",
        "includes": "includes",
        "null": "no answer",
        "always": "always",
        "never": "never",
        "nothing": "none",
        "decimal": ".",
    },
    "fr": {
        "and": "ET",
        "or": "OU",
        "not": "NON",
        "yes": "Oui",
        "no": "Non",
        "includes": "contient",
        "null": "pas de réponse",
        "always": "toujours",
        "never": "jamais",
        "nothing": "aucun",
        "decimal": ",",
    },
    "de": {
        "and": "UND",
        "or": "ODER",
        "not": "NICHT",
        "yes": "Ja",
        "no": "Nein",
        "includes": "enthält",
        "null": "keine Antwort",
        "always": "immer",
        "never": "nie",
        "nothing": "keine",
        "decimal": ",",
    },
}

SYMBOLS = {"==": "=", "!=": "≠", "<": "<", "<=": "≤", ">": ">", ">=": "≥"}


class _Writer:
    def __init__(self, catalogue: Catalogue, language: str) -> None:
        self.catalogue = catalogue
        self.language = language
        default = catalogue.default_language
        self.words = WORDS.get(language) or WORDS.get(default) or WORDS["en"]

    # -- pieces --------------------------------------------------------------
    def question(self, var: Var) -> Question:
        return self.catalogue.questions[var.index]

    def question_text(self, var: Var) -> str:
        question = self.question(var)
        return text_in(question.text, self.language, self.catalogue.default_language).strip() or question.key

    def number(self, value: float) -> str:
        text = str(value)
        if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
            text = str(int(value))
        return text.replace(".", self.words["decimal"])

    def value(self, value: Any, var: Var | None) -> str:
        """A literal or an answer, as a person reads it."""
        if value is None:
            return self.words["null"]
        if isinstance(value, bool):
            return self.words["yes"] if value else self.words["no"]
        if is_number(value):
            return self.number(value)
        if isinstance(value, str):
            return self.option_label(var, value) if var is not None else value
        if isinstance(value, frozenset | list | tuple):
            if not value:
                return self.words["nothing"]
            question = self.question(var) if var is not None else None
            order = [option.value for option in (question.options or ())] if question is not None else []
            ordered = sorted(value, key=lambda item: order.index(item) if item in order else len(order))
            return ", ".join(self.option_label(var, item) for item in ordered)
        return str(value)

    def option_label(self, var: Var | None, value: str) -> str:
        if var is None:
            return value
        option = self.question(var).option(value)
        if option is None:
            return value
        return text_in(option.label, self.language, self.catalogue.default_language)

    # -- rules ---------------------------------------------------------------------
    def rule(self, node: Node, *, nested: bool = False) -> str:
        if isinstance(node, Const):
            return self.words["always"] if node.value else self.words["never"]
        if isinstance(node, Flag):
            return f"{self.question_text(node.var)} = {self.words['yes']}"
        if isinstance(node, In):
            return f"{self.question_text(node.var)} {self.words['includes']} {self.option_label(node.var, node.value)}"
        if isinstance(node, Compare):
            return self.compare(node)
        if isinstance(node, Not):
            inner = self.rule(node.item, nested=True)
            if not isinstance(node.item, And | Or):
                inner = f"({inner})"
            return f"{self.words['not']} {inner}"
        items = node.items
        if len(items) == 1:
            return self.rule(items[0], nested=nested)
        word = self.words["and"] if isinstance(node, And) else self.words["or"]
        text = f" {word} ".join(self.rule(item, nested=True) for item in items)
        return f"({text})" if nested else text

    def compare(self, node: Compare) -> str:
        operands = list(node.operands)
        op = node.op
        if len(operands) == 2 and isinstance(operands[0], Lit) and isinstance(operands[1], Var):
            operands.reverse()
            op = FLIPPED[op]
        variables = [operand for operand in operands if isinstance(operand, Var)]
        context = variables[0] if variables else None

        def part(operand: Lit | Var) -> str:
            if isinstance(operand, Var):
                return self.question_text(operand)
            return self.value(operand.value, context)

        return f" {SYMBOLS[op]} ".join(part(operand) for operand in operands)

    def answer(self, var: Var, value: Any) -> str:
        return f"{self.question_text(var)} {self.value(value, var)}"


def describe_rule(rule: Any, catalogue: Catalogue, language: str = "nl") -> str:
    """Readable text of a JSON Logic rule, e.g. ``Woont u in Leuven? = Ja EN Wat is uw leeftijd? ≥ 65``.

    Questions appear as their text, options as their label, in ``language``
    (falling back to the catalogue's default language); the operators read
    EN/OF/NIET in Dutch and AND/OR/NOT in English. Raises ``CatalogueError``
    when the rule is not valid for the catalogue.
    """
    node, problems = check_rule(rule, catalogue.question_infos)
    if node is None:
        raise CatalogueError([f"rule: {problem}" for problem in problems])
    return _Writer(catalogue, language).rule(node)


def _reasons(node: Node, state: State, want: bool) -> list[Var]:
    """The answered questions that make ``node`` evaluate to ``want``."""
    if isinstance(node, Const):
        return []
    if isinstance(node, Flag | In):
        return [node.var] if state[node.var.index] is not None else []
    if isinstance(node, Compare):
        return [
            operand
            for operand in node.operands
            if isinstance(operand, Var) and state[operand.index] is not None and state[operand.index] is not UNKNOWN
        ]
    if isinstance(node, Not):
        return _reasons(node.item, state, not want)
    # ``and`` true / ``or`` false: every operand has that value and counts;
    # ``and`` false / ``or`` true: only the operands that have it decide.
    out: list[Var] = []
    for item in node.items:
        if evaluate_node(item, state) is want:
            out.extend(_reasons(item, state, want))
    return out


def explain_product(catalogue: Catalogue, product_key: str, state: State, language: str) -> list[str]:
    """The reasons why a product applies (empty when it does not apply)."""
    product = catalogue.product(product_key)
    node = catalogue.product_rule(product.key)
    if evaluate_node(node, state) is not True:
        return []
    writer = _Writer(catalogue, language)
    seen: set[int] = set()
    reasons: list[str] = []
    for var in _reasons(node, state, True):
        if var.index in seen:
            continue
        seen.add(var.index)
        reasons.append(writer.answer(var, state[var.index]))
    return reasons


def format_answer(catalogue: Catalogue, question_key: str, value: Any, language: str) -> str:
    """An answer as a person reads it: ``Ja``, an option label, labels joined by commas."""
    question = catalogue.question(question_key)
    var = Var(question.index, question.key, question.type)
    return _Writer(catalogue, language).value(value, var)
