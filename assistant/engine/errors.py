"""Exceptions raised by the rules engine."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


class CatalogueError(ValueError):
    """A catalogue document (or its text) is invalid.

    ``problems`` holds one message per problem, each starting with the path of
    the offending part, e.g. ``products[3].applies_if: unknown operator "xor"``.
    """

    def __init__(self, problems: list[str]) -> None:
        self.problems: list[str] = list(problems)
        super().__init__("\n".join(self.problems))


@dataclass(frozen=True)
class AnswerProblem:
    """One invalid answer.

    ``code`` is stable (``unknown_question``, ``not_boolean``, ``unknown_option``,
    ``not_list``, ``duplicate_option``, ``not_number``, ``below_min``,
    ``above_max``, ``bad_postcode``, ``not_mapping``) so that the user interface
    can show its own translated message; ``question`` is the question key (None
    when the answers as a whole are wrong); ``params`` holds the values a
    translated message needs (``min``, ``max``, ``value``, ``options``).
    """

    code: str
    question: str | None
    detail: str
    params: dict[str, Any] = field(default_factory=dict)

    @property
    def message(self) -> str:
        """The English message, starting with the question key."""
        return f"{self.question}: {self.detail}" if self.question is not None else self.detail


class AnswerError(ValueError):
    """Answers given to a catalogue are invalid (see ``problems``)."""

    def __init__(self, problems: list[AnswerProblem]) -> None:
        self.problems: list[AnswerProblem] = list(problems)
        super().__init__("\n".join(self.messages))

    @property
    def messages(self) -> list[str]:
        """One English message per problem, each starting with the question key."""
        return [problem.message for problem in self.problems]

    @property
    def codes(self) -> list[str]:
        """The stable codes of the problems, in the same order as ``messages``."""
        return [problem.code for problem in self.problems]
