"""Evaluating a catalogue against (partial) answers: outcomes and the next question."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from .answers import check_answers
from .errors import AnswerError
from .rules import UNKNOWN, CompiledRule, QuestionInfo, State

# The status of a question during an evaluation.
ASKABLE = 0  # no ask_if, or its ask_if is true
SKIPPED = 1  # its ask_if is false: its answer is null
WAITING = 2  # its ask_if is still unknown: not asked yet, any answer is held back


@dataclass(frozen=True)
class Evaluation:
    """The outcome of evaluating a catalogue with some answers.

    ``applies``, ``not_applies`` and ``undecided`` are sorted product keys,
    ``skipped`` the sorted keys of questions whose ``ask_if`` is false,
    ``next_question`` the key of the question to ask next (None exactly when no
    product is undecided), ``relevant`` the keys of the questions that can still
    change an outcome, in document order. ``effective_answers`` are the given
    answers without those to skipped questions (in document order);
    ``waiting`` lists the questions whose ``ask_if`` is still unknown.
    """

    applies: list[str]
    not_applies: list[str]
    undecided: list[str]
    skipped: list[str]
    next_question: str | None
    relevant: list[str] = field(default_factory=list)
    effective_answers: dict[str, Any] = field(default_factory=dict)
    waiting: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        """The JSON object printed by ``manage.py assistant evaluate``."""
        return {
            "applies": list(self.applies),
            "not_applies": list(self.not_applies),
            "undecided": list(self.undecided),
            "skipped": list(self.skipped),
            "next_question": self.next_question,
        }

    def outcome(self, product_key: str) -> str:
        """``applies``, ``not_applies`` or ``undecided`` for one product."""
        if product_key in self.applies:
            return "applies"
        if product_key in self.not_applies:
            return "not_applies"
        if product_key in self.undecided:
            return "undecided"
        raise KeyError(product_key)


@dataclass(frozen=True)
class Resolution:
    """Which questions are skipped, open or answered, as an evaluation state."""

    state: State
    status: list[int]
    waiting_residuals: dict[int, list[int]]


class Evaluator:
    """The compiled form of a catalogue that evaluations run on.

    Built once per catalogue; ``evaluate`` does no parsing: it walks the
    questions once in document order to decide which are skipped, runs each
    product's compiled rule (collecting the open questions of the undecided
    ones as it goes) and finds the relevant questions in one backward pass.
    """

    def __init__(
        self,
        question_keys: Sequence[str],
        infos: Mapping[str, QuestionInfo],
        ask_if: Sequence[CompiledRule | None],
        product_keys: Sequence[str],
        applies_if: Sequence[CompiledRule],
    ) -> None:
        self.question_keys = tuple(question_keys)
        self.infos = dict(infos)
        self.index = {key: number for number, key in enumerate(self.question_keys)}
        self.ask_if = tuple(rule.run if rule is not None else None for rule in ask_if)
        self.question_order = tuple(sorted(range(len(self.question_keys)), key=self.question_keys.__getitem__))
        order = sorted(range(len(product_keys)), key=list(product_keys).__getitem__)
        self.products = tuple((product_keys[number], applies_if[number].run) for number in order)
        self.multi = frozenset(key for key, info in self.infos.items() if info.type == "multi")

    def check(self, answers: Any) -> None:
        """Raise ``AnswerError`` listing every invalid answer."""
        problems = check_answers(answers, self.infos)
        if problems:
            raise AnswerError(problems)

    def resolve(self, answers: Mapping[str, Any]) -> Resolution:
        """Decide, in document order, which questions are skipped (answers must be valid)."""
        count = len(self.question_keys)
        state: State = [UNKNOWN] * count
        status = [ASKABLE] * count
        waiting: dict[int, list[int]] = {}
        given = [UNKNOWN] * count
        index = self.index
        multi = self.multi
        for key, value in answers.items():
            given[index[key]] = frozenset(value) if key in multi else value
        for number, rule in enumerate(self.ask_if):
            if rule is not None:
                out: list[int] = []
                value = rule(state, out)
                if value is False:
                    status[number] = SKIPPED
                    state[number] = None
                    continue
                if value is None:
                    status[number] = WAITING
                    waiting[number] = out
                    continue
            state[number] = given[number]
        return Resolution(state, status, waiting)

    def evaluate(self, answers: Mapping[str, Any]) -> Evaluation:
        """Check the answers, evaluate every product and find the next question."""
        self.check(answers)
        resolution = self.resolve(answers)
        state, status = resolution.state, resolution.status
        applies: list[str] = []
        not_applies: list[str] = []
        undecided: list[str] = []
        open_questions: list[int] = []
        for key, rule in self.products:
            value = rule(state, open_questions)
            if value is True:
                applies.append(key)
            elif value is False:
                not_applies.append(key)
            else:
                undecided.append(key)
        relevant = bytearray(len(state))
        for number in open_questions:
            relevant[number] = 1
        # An ask_if only mentions earlier questions, so one backward pass over
        # the waiting questions reaches the fixed point.
        for number in sorted(resolution.waiting_residuals, reverse=True):
            if relevant[number]:
                for earlier in resolution.waiting_residuals[number]:
                    relevant[earlier] = 1
        keys = self.question_keys
        next_question = None
        relevant_keys: list[str] = []
        for number, flag in enumerate(relevant):
            if flag:
                relevant_keys.append(keys[number])
                if next_question is None and status[number] == ASKABLE:
                    next_question = keys[number]
        return Evaluation(
            applies=applies,
            not_applies=not_applies,
            undecided=undecided,
            skipped=[keys[number] for number in self.question_order if status[number] == SKIPPED],
            next_question=next_question,
            relevant=relevant_keys,
            effective_answers={
                key: answers[key] for number, key in enumerate(keys) if key in answers and status[number] != SKIPPED
            },
            waiting=[keys[number] for number in sorted(resolution.waiting_residuals)],
        )
