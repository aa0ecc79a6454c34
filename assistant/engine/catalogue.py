"""The ``Catalogue``: a validated, compiled catalogue document."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from . import describe as _describe
from .document import FORMAT, Case, Product, Question, parse_document
from .evaluate import Evaluation, Evaluator
from .lint import lint
from .rules import Node, QuestionInfo, residual_rule

_OUTCOME_TEXT = {
    "applies": "it applies",
    "not_applies": "it does not apply",
    "undecided": "it is undecided",
}


@dataclass(frozen=True)
class CaseMismatch:
    """One product whose outcome differs from what a case expects.

    ``expected`` is ``applies`` or ``not_applies``; ``actual`` is ``applies``,
    ``not_applies`` or ``undecided``; ``depends_on`` lists, for an undecided
    product, the unanswered questions its rule still depends on.
    """

    product: str
    expected: str
    actual: str
    depends_on: tuple[str, ...] = ()

    def __str__(self) -> str:
        wanted = "to apply" if self.expected == "applies" else "not to apply"
        text = f"{self.product}: expected {wanted}, but {_OUTCOME_TEXT[self.actual]}"
        if self.depends_on:
            text += f" (it still depends on {', '.join(self.depends_on)})"
        return text


@dataclass(frozen=True)
class CaseResult:
    """The result of running one example case."""

    index: int
    name: str
    passed: bool
    mismatches: tuple[CaseMismatch, ...]
    evaluation: Evaluation

    @property
    def failed_applies(self) -> list[CaseMismatch]:
        """Products listed under ``applies`` that do not apply (with their actual outcome)."""
        return [mismatch for mismatch in self.mismatches if mismatch.expected == "applies"]

    @property
    def failed_not_applies(self) -> list[CaseMismatch]:
        """Products listed under ``not_applies`` that apply or are undecided."""
        return [mismatch for mismatch in self.mismatches if mismatch.expected == "not_applies"]

    def describe(self) -> list[str]:
        """One line for the case, then one line per mismatch (for ``assistant test``)."""
        status = "passed" if self.passed else "FAILED"
        return [f'cases[{self.index}] "{self.name}": {status}', *(f"  {mismatch}" for mismatch in self.mismatches)]


class Catalogue:
    """A validated catalogue, with every rule compiled. Build it with ``parse_catalogue``.

    ``questions`` and ``products`` keep the document order; ``warnings`` holds
    the lint warnings (allowed, but probably mistakes).
    """

    def __init__(self, doc: Any) -> None:
        parsed = parse_document(doc)
        self.format: str = FORMAT
        self.edition: str = parsed.edition
        self.default_language: str = parsed.default_language
        self.questions: tuple[Question, ...] = tuple(parsed.questions)
        self.products: tuple[Product, ...] = tuple(parsed.products)
        self.cases: tuple[Case, ...] = tuple(parsed.cases or ())
        self._has_cases = parsed.cases is not None
        # Translations marked "machine-made, not yet checked" (language → text paths); review only.
        self.unchecked: dict[str, list[str]] = parsed.unchecked or {}
        self._has_unchecked = parsed.unchecked is not None
        self.question_infos: dict[str, QuestionInfo] = parsed.infos
        self._questions = {question.key: question for question in self.questions}
        self._products = {product.key: product for product in self.products}
        self._ask_if = parsed.ask_if
        self._rules = {product.key: rule for product, rule in zip(self.products, parsed.applies_if, strict=True)}
        self._evaluator = Evaluator(
            [question.key for question in self.questions],
            self.question_infos,
            parsed.ask_if,
            [product.key for product in self.products],
            parsed.applies_if,
        )
        self.warnings: list[str] = lint(
            self.questions, self.products, parsed.ask_if, parsed.applies_if, self._evaluator
        )

    def __reduce__(self) -> tuple[Any, ...]:
        # Compiled rules are closures; a pickled catalogue is its document, compiled again on loading.
        return (Catalogue, (self.to_document(),))

    def __repr__(self) -> str:
        return (
            f"<Catalogue {self.edition!r}: {len(self.questions)} questions, "
            f"{len(self.products)} products, {len(self.cases)} cases>"
        )

    # -- looking things up ------------------------------------------------------
    def question(self, key: str) -> Question:
        """The question with this key (``KeyError`` if there is none)."""
        return self._questions[key]

    def product(self, key: str) -> Product:
        """The product with this key (``KeyError`` if there is none)."""
        return self._products[key]

    def product_rule(self, key: str) -> Node:
        """The checked rule tree of a product's ``applies_if``."""
        return self._rules[key].node

    # -- the document -------------------------------------------------------------
    def to_document(self) -> dict[str, Any]:
        """The document again: ``parse_catalogue(doc).to_document() == doc``."""
        doc: dict[str, Any] = {
            "format": self.format,
            "edition": self.edition,
            "default_language": self.default_language,
            "questions": [question.to_document() for question in self.questions],
            "products": [product.to_document() for product in self.products],
        }
        if self._has_cases:
            doc["cases"] = [case.to_document() for case in self.cases]
        if self._has_unchecked:
            doc["unchecked"] = {language: list(paths) for language, paths in self.unchecked.items()}
        return doc

    # -- answers and evaluation -------------------------------------------------
    def validate_answers(self, answers: Any) -> None:
        """Raise ``AnswerError`` (with one problem per invalid answer) unless all answers are valid.

        An answer to a question that is skipped is checked too (and then ignored
        by ``evaluate``).
        """
        self._evaluator.check(answers)

    def evaluate(self, answers: Mapping[str, Any]) -> Evaluation:
        """Evaluate every product against (partial) answers; raise ``AnswerError`` if any is invalid."""
        return self._evaluator.evaluate(answers)

    def residual_rule(self, product_key: str, answers: Mapping[str, Any]) -> Any:
        """The product's rule simplified with what the answers tell (``True``, ``False`` or a rule)."""
        self._evaluator.check(answers)
        state = self._evaluator.resolve(answers).state
        return residual_rule(self._rules[product_key].node, state)

    def explain(self, product_key: str, answers: Mapping[str, Any], language: str = "nl") -> list[str]:
        """Why a product applies: ``["Woont u in Leuven? Ja", "Wat is uw leeftijd? 70"]``.

        The answers that make its rule true (of an ``or`` only the true branches),
        each as question text and answer, in rule order. Empty when the product
        does not apply (yet).
        """
        self.product(product_key)
        self._evaluator.check(answers)
        state = self._evaluator.resolve(answers).state
        return _describe.explain_product(self, product_key, state, language)

    def describe_rule(self, rule: Any, language: str = "nl") -> str:
        """``describe_rule(rule, self, language)``."""
        return _describe.describe_rule(rule, self, language)

    def format_answer(self, question_key: str, value: Any, language: str = "nl") -> str:
        """An answer as a person reads it (``Ja``, an option label, ...)."""
        return _describe.format_answer(self, question_key, value, language)

    # -- cases --------------------------------------------------------------------
    def run_case(
        self,
        answers: Mapping[str, Any],
        applies: tuple[str, ...] | list[str] = (),
        not_applies: tuple[str, ...] | list[str] = (),
        *,
        name: str = "",
        index: int = -1,
    ) -> CaseResult:
        """Evaluate with exactly these answers and compare with the expected outcomes."""
        evaluation = self.evaluate(answers)
        state = None
        mismatches: list[CaseMismatch] = []
        for expected, keys, good in (("applies", applies, "applies"), ("not_applies", not_applies, "not_applies")):
            for key in keys:
                actual = evaluation.outcome(key)
                if actual == good:
                    continue
                depends_on: tuple[str, ...] = ()
                if actual == "undecided":
                    if state is None:
                        state = self._evaluator.resolve(answers).state
                    open_questions: list[int] = []
                    self._rules[key].run(state, open_questions)
                    depends_on = tuple(self.questions[number].key for number in dict.fromkeys(open_questions))
                mismatches.append(CaseMismatch(key, expected, actual, depends_on))
        return CaseResult(index, name, not mismatches, tuple(mismatches), evaluation)

    def run_cases(self) -> list[CaseResult]:
        """Run every example case of the document, in order."""
        return [
            self.run_case(case.answers, case.applies or (), case.not_applies or (), name=case.name, index=case.index)
            for case in self.cases
        ]


def parse_catalogue(doc: dict[str, Any]) -> Catalogue:
    """Validate a ``leuvenhelpt-catalogue/1`` document and compile it.

    Raises ``CatalogueError`` whose ``problems`` holds one message per problem,
    each starting with its path (``products[3].applies_if: unknown operator "xor"``).
    """
    return Catalogue(doc)
