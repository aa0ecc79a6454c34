"""Lint warnings: things that are allowed but are probably mistakes."""

from __future__ import annotations

from collections.abc import Sequence

from .document import Product, Question
from .evaluate import Evaluator
from .rules import Compare, CompiledRule, In, Lit, Var, evaluate_node, iter_nodes, never_true, node_vars


def lint(
    questions: Sequence[Question],
    products: Sequence[Product],
    ask_if: Sequence[CompiledRule | None],
    applies_if: Sequence[CompiledRule],
    evaluator: Evaluator,
) -> list[str]:
    """Warnings about a valid catalogue, each starting with its path.

    - a product whose rule can never be true (false once simplified with no
      answers at all, or with contradictory conditions on one question);
    - a question whose ``ask_if`` can never be true (it is never asked);
    - a question that no rule mentions;
    - an option of a choice or multi question that no rule uses;
    - a crisis product that applies before anything is answered (everyone would get the urgent banner).
    """
    warnings: list[str] = []
    infos = {question.index: evaluator.infos[question.key] for question in questions}
    nothing_answered = evaluator.resolve({}).state

    def impossible(rule: CompiledRule) -> bool:
        return never_true(rule.node, infos) or evaluate_node(rule.node, nothing_answered) is False

    mentioned: set[int] = set()
    used_options: set[tuple[int, str]] = set()
    all_options_used: set[int] = set()
    for rule in [rule for rule in ask_if if rule is not None] + list(applies_if):
        for var in node_vars(rule.node):
            mentioned.add(var.index)
        for node in iter_nodes(rule.node):
            if isinstance(node, In):
                used_options.add((node.var.index, node.value))
            elif isinstance(node, Compare):
                variables = [operand for operand in node.operands if isinstance(operand, Var)]
                if len(variables) > 1:  # x == y depends on every option of both
                    all_options_used.update(var.index for var in variables)
                for var in variables:
                    for operand in node.operands:
                        if isinstance(operand, Lit) and isinstance(operand.value, str):
                            used_options.add((var.index, operand.value))

    for question, condition in zip(questions, ask_if, strict=True):
        if condition is not None and impossible(condition):
            warnings.append(
                f'questions[{question.index}].ask_if: can never be true, so question "{question.key}" is never asked'
            )
        if question.index not in mentioned:
            warnings.append(f'questions[{question.index}]: no rule mentions question "{question.key}"')
            continue
        if question.index in all_options_used:
            continue
        for number, option in enumerate(question.options or ()):
            if (question.index, option.value) not in used_options:
                warnings.append(
                    f"questions[{question.index}].options[{number}]: "
                    f'no rule uses option "{option.value}" of question "{question.key}"'
                )
    for product, rule in zip(products, applies_if, strict=True):
        if impossible(rule):
            warnings.append(
                f'products[{product.index}].applies_if: can never be true, so product "{product.key}" never applies'
            )
        elif product.effective_priority == "crisis" and evaluate_node(rule.node, nothing_answered) is True:
            warnings.append(
                f'products[{product.index}].priority: crisis product "{product.key}" applies to everyone, '
                "so every result would open with the urgent banner"
            )
    return warnings
