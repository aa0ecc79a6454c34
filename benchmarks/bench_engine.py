"""Benchmark of the assistant rules engine.

Run with ``.venv/bin/python benchmarks/bench_engine.py``. It generates a
deterministic catalogue of 500 products and 150 questions, times parsing and
compiling it once, then times ``Catalogue.evaluate`` (answer checks, every
product, relevant questions and the next question) on many partial answer sets:
random ones, and the ones met while following ``next_question`` through a
session. The target is a median below 2 ms per evaluation.
"""

from __future__ import annotations

import random
import statistics
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from assistant.engine import parse_catalogue  # noqa: E402 - after the path set-up above

QUESTION_COUNT = 150
PRODUCT_COUNT = 500
ANSWER_SETS = 2000
TARGET_MS = 2.0
POSTCODES = ("3000", "3001", "3010", "3012", "3018", "1000", "2000")
THEMES = ("burgerzaken", "wonen", "mobiliteit", "welzijn", "ondernemen", "vrije-tijd", "afval-milieu", "onderwijs")


def _text(text: str) -> dict[str, str]:
    return {"nl": text, "en": text.upper()}


def _question(rng: random.Random, index: int, earlier: list[dict[str, Any]]) -> dict[str, Any]:
    qtype = rng.choices(["boolean", "choice", "multi", "number", "postcode"], weights=[50, 20, 10, 15, 5])[0]
    question: dict[str, Any] = {"key": f"q{index:03d}", "type": qtype, "text": _text(f"Vraag {index}?")}
    if qtype in ("choice", "multi"):
        question["options"] = [
            {"value": f"o{number}", "label": _text(f"Optie {number}")} for number in range(rng.randint(2, 6))
        ]
    if qtype == "number":
        question["min"] = 0
        question["max"] = 120
    if earlier and rng.random() < 0.3:
        question["ask_if"] = _condition(rng, rng.choice(earlier[-30:]))
    return question


def _condition(rng: random.Random, question: dict[str, Any]) -> Any:
    """A realistic comparison on one question."""
    var = {"var": question["key"]}
    qtype = question["type"]
    if qtype == "boolean":
        return var if rng.random() < 0.7 else {"!": var}
    if qtype == "choice":
        values = [option["value"] for option in question["options"]]
        if rng.random() < 0.6:
            return {rng.choice(["==", "!="]): [var, rng.choice(values)]}
        return {"or": [{"==": [var, value]} for value in rng.sample(values, min(2, len(values)))]}
    if qtype == "multi":
        return {"in": [rng.choice([option["value"] for option in question["options"]]), var]}
    if qtype == "number":
        low = rng.randint(0, 90)
        if rng.random() < 0.3:
            return {"<=": [low, var, low + rng.randint(5, 30)]}
        return {rng.choice(["<", "<=", ">", ">="]): [var, low]}
    return {"or": [{"==": [var, code]} for code in rng.sample(POSTCODES[:5], rng.randint(1, 3))]}


def _rule(rng: random.Random, questions: list[dict[str, Any]]) -> Any:
    def conditions(count: int) -> list[Any]:
        return [_condition(rng, rng.choice(questions)) for _ in range(count)]

    shape = rng.random()
    if shape < 0.5:
        return {"and": conditions(rng.randint(1, 4))}
    if shape < 0.8:
        return {"and": [*conditions(rng.randint(1, 2)), {"or": conditions(rng.randint(2, 3))}]}
    return {"or": [{"and": conditions(rng.randint(1, 3))}, {"and": conditions(rng.randint(1, 3))}]}


def build_document(seed: int = 2026) -> dict[str, Any]:
    """A deterministic catalogue of 500 products and 150 questions."""
    rng = random.Random(seed)
    questions: list[dict[str, Any]] = []
    for index in range(QUESTION_COUNT):
        questions.append(_question(rng, index, questions))
    products = [
        {
            "key": f"product-{index:03d}",
            "name": _text(f"Product {index}"),
            "kind": rng.choice(["obligation", "service"]),
            "audiences": ["citizen"],
            "theme": rng.choice(THEMES),
            "summary": _text(f"Samenvatting {index}."),
            "applies_if": _rule(rng, questions),
        }
        for index in range(PRODUCT_COUNT)
    ]
    return {
        "format": "leuvenhelpt-catalogue/1",
        "edition": "bench",
        "default_language": "nl",
        "questions": questions,
        "products": products,
    }


def random_answer(rng: random.Random, question: dict[str, Any]) -> Any:
    qtype = question["type"]
    if qtype == "boolean":
        return rng.random() < 0.5
    if qtype == "choice":
        return rng.choice(question["options"])["value"]
    if qtype == "multi":
        values = [option["value"] for option in question["options"]]
        return rng.sample(values, rng.randint(0, len(values)))
    if qtype == "number":
        return rng.randint(0, 120)
    return rng.choice(POSTCODES)


def answer_sets(doc: dict[str, Any], catalogue: Any, seed: int = 7) -> list[dict[str, Any]]:
    """Random partial answer sets, half of them met along ``next_question``."""
    rng = random.Random(seed)
    questions = {question["key"]: question for question in doc["questions"]}
    sets: list[dict[str, Any]] = []
    while len(sets) < ANSWER_SETS // 2:
        chosen = rng.sample(doc["questions"], rng.randint(0, QUESTION_COUNT))
        sets.append({question["key"]: random_answer(rng, question) for question in chosen})
    while len(sets) < ANSWER_SETS:
        answers: dict[str, Any] = {}
        while len(sets) < ANSWER_SETS:
            sets.append(dict(answers))
            key = catalogue.evaluate(answers).next_question
            if key is None:
                break
            answers[key] = random_answer(rng, questions[key])
    return sets


def _ms(seconds: float) -> float:
    return seconds * 1000.0


def main() -> int:
    doc = build_document()
    started = time.perf_counter()
    catalogue = parse_catalogue(doc)
    parse_ms = _ms(time.perf_counter() - started)
    sets = answer_sets(doc, catalogue)

    for answers in sets[:200]:  # warm up
        catalogue.evaluate(answers)
    timings: list[float] = []
    undecided = 0
    for answers in sets:
        started = time.perf_counter()
        evaluation = catalogue.evaluate(answers)
        timings.append(_ms(time.perf_counter() - started))
        undecided += bool(evaluation.undecided)
    timings.sort()
    median = statistics.median(timings)
    p95 = timings[int(len(timings) * 0.95) - 1]
    print(f"catalogue: {len(catalogue.questions)} questions, {len(catalogue.products)} products")
    print(f"parse + compile + lint: {parse_ms:.1f} ms")
    print(f"evaluate + next question over {len(timings)} answer sets ({undecided} with undecided products):")
    print(f"  median {median:.3f} ms, p95 {p95:.3f} ms, max {timings[-1]:.3f} ms")
    verdict = "OK" if median < TARGET_MS else "FAIL"
    print(f"target < {TARGET_MS:g} ms median: {verdict}")
    return 0 if verdict == "OK" else 1


if __name__ == "__main__":
    sys.exit(main())
