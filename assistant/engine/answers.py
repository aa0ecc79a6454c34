"""Checking answers against the questions of a catalogue."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .errors import AnswerProblem
from .rules import QuestionInfo, is_number, is_postcode, show


def _options_text(options: tuple[str, ...]) -> str:
    return ", ".join(show(option) for option in options)


def check_answer(info: QuestionInfo, value: Any) -> AnswerProblem | None:
    """The problem with ``value`` as an answer to the question, or None."""
    key = info.key
    if info.type == "boolean":
        if isinstance(value, bool):
            return None
        return AnswerProblem("not_boolean", key, f"must be true or false, not {show(value)}", {"value": value})
    if info.type == "choice":
        if isinstance(value, str) and value in info.options:
            return None
        return AnswerProblem(
            "unknown_option",
            key,
            f"must be one of {_options_text(info.options)}, not {show(value)}",
            {"value": value, "options": list(info.options)},
        )
    if info.type == "multi":
        if not isinstance(value, list | tuple):
            return AnswerProblem(
                "not_list",
                key,
                f"must be a list of options from {_options_text(info.options)}, not {show(value)}",
                {"value": value, "options": list(info.options)},
            )
        seen: list[Any] = []
        for item in value:
            if not isinstance(item, str) or item not in info.options:
                return AnswerProblem(
                    "unknown_option",
                    key,
                    f"{show(item)} is not one of the options {_options_text(info.options)}",
                    {"value": item, "options": list(info.options)},
                )
            if item in seen:
                return AnswerProblem("duplicate_option", key, f"{show(item)} is given twice", {"value": item})
            seen.append(item)
        return None
    if info.type == "number":
        if not is_number(value):
            return AnswerProblem("not_number", key, f"must be a number, not {show(value)}", {"value": value})
        if info.min is not None and value < info.min:
            return AnswerProblem(
                "below_min",
                key,
                f"{show(value)} is below the minimum {show(info.min)}",
                {"value": value, "min": info.min},
            )
        if info.max is not None and value > info.max:
            return AnswerProblem(
                "above_max",
                key,
                f"{show(value)} is above the maximum {show(info.max)}",
                {"value": value, "max": info.max},
            )
        return None
    if info.type == "postcode":
        if is_postcode(value):
            return None
        return AnswerProblem(
            "bad_postcode",
            key,
            f"must be a postcode: a string of four digits from 1000 to 9999, not {show(value)}",
            {"value": value},
        )
    return None  # a question whose own definition is invalid: nothing to check against


def check_answers(answers: Any, questions: Mapping[str, QuestionInfo]) -> list[AnswerProblem]:
    """Every problem with a set of answers (question key → answer)."""
    if not isinstance(answers, Mapping):
        return [
            AnswerProblem(
                "not_mapping",
                None,
                f"answers must be a mapping from question key to answer, not {show(answers)}",
                {"value": answers},
            )
        ]
    problems: list[AnswerProblem] = []
    for key, value in answers.items():
        info = questions.get(key) if isinstance(key, str) else None
        if info is None:
            problems.append(AnswerProblem("unknown_question", str(key), "unknown question", {"value": value}))
            continue
        problem = check_answer(info, value)
        if problem is not None:
            problems.append(problem)
    return problems


def state_value(info: QuestionInfo, value: Any) -> Any:
    """The value a checked answer has in an evaluation state."""
    if info.type == "multi":
        return frozenset(value)
    return value
