"""Benchmark of "Wie krijgt dit?" in the catalogue editor, for a product and for a question.

Run with ``DEBUG=1 .venv/bin/python benchmarks/bench_who_gets.py``. It reads the Leuven catalogue, makes 3,000
distinct anonymous answer sets (the cap the editor evaluates) from its example cases with varied ages and incomes,
and times ``editor.who_gets`` (one product, draft and published rule) and ``editor.question_usage`` (a question:
its answers, and the reach of every product that depends on it under both catalogues). Nothing touches the
database. The target is under 3 s for either at the cap, on the shared 2-core machine.
"""

from __future__ import annotations

import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "leuvenhelpt.settings")
os.environ.setdefault("DEBUG", "1")

import django  # noqa: E402 - after the path and settings set-up above

django.setup()

from assistant import editor  # noqa: E402
from assistant.demo import LEUVEN_CATALOGUE  # noqa: E402
from assistant.engine import load_catalogue_text, parse_catalogue  # noqa: E402

SETS = editor.WHO_GETS_MAX_SETS
TARGET_MS = 3000.0
ROUNDS = 3


def answer_sets(catalogue, rng: random.Random) -> list[tuple[dict, int]]:
    seen: set[str] = set()
    out: list[tuple[dict, int]] = []
    cases = [catalogue.evaluate(case.answers).effective_answers for case in catalogue.cases]
    while len(out) < SETS:
        answers = dict(rng.choice(cases))
        if "age" in answers:
            answers["age"] = rng.randint(0, 99)
        if "income_situation" in answers:
            answers["income_situation"] = rng.choice(["none", "low", "sufficient"])
        key = repr(sorted(answers.items()))
        if key not in seen:
            seen.add(key)
            out.append((answers, rng.randint(1, 4)))
    return out


def timed(function) -> float:
    runs = []
    for _round in range(ROUNDS):
        start = time.perf_counter()
        function()
        runs.append((time.perf_counter() - start) * 1000)
    return statistics.median(runs)


def main() -> int:
    document = load_catalogue_text(LEUVEN_CATALOGUE.read_text(encoding="utf-8"))
    catalogue = parse_catalogue(document)
    sets = answer_sets(catalogue, random.Random(19))
    sessions = sum(count for _answers, count in sets)
    print(f"{len(sets)} distinct answer sets ({sessions} sessions), {len(catalogue.products)} products")
    worst = 0.0
    product = "leefloon"
    rule = next(item["applies_if"] for item in document["products"] if item["key"] == product)
    draft, _key = editor.catalogue_with_rule(document, "products", product, rule)
    ms = timed(
        lambda: editor.who_gets(
            draft=draft, published=catalogue, product_key=product, answer_sets=sets, sessions=sessions
        )
    )
    print(f"who_gets({product}): {ms:.0f} ms median of {ROUNDS}")
    worst = max(worst, ms)
    for question in ("audience", "income_situation", "age"):
        rule = catalogue.question(question).ask_if
        draft, _key = editor.catalogue_with_rule(document, "questions", question, rule)
        ms = timed(
            lambda draft=draft, question=question: editor.question_usage(
                draft=draft,
                saved=catalogue,
                published=catalogue,
                question_key=question,
                answer_sets=sets,
                sessions=sessions,
                language="nl",
            )
        )
        print(f"question_usage({question}): {ms:.0f} ms median of {ROUNDS}")
        worst = max(worst, ms)
    print(f"worst {worst:.0f} ms, target < {TARGET_MS:.0f} ms: {'met' if worst < TARGET_MS else 'MISSED'}")
    return 0 if worst < TARGET_MS else 1


if __name__ == "__main__":
    sys.exit(main())
