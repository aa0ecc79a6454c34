"""The question page in every offered language against Dutch, in process (no network, no gunicorn).

The HTTP benchmark (bench_pages.py) compares each language with a bare view through gunicorn, but on a
busy machine its numbers move by a factor of two between runs. Here the hello view and the question page in each
language take turns, 20 rounds of 30 requests, and the best round of each counts, in CPU time of this process
(the database's and Redis's work is the same in every language): what one language costs more than another
shows even when other processes take the CPU. Target: no language more than 10 % slower than Dutch.

    python benchmarks/bench_languages.py   (or: make bench)
"""

import os
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.bench_pages import environment, prepare  # noqa: E402

ROUNDS, REQUESTS = 20, 30


def main() -> int:
    env = environment()
    prepare(env)
    os.environ.update(env)
    os.environ["ALLOWED_HOSTS"] = "testserver"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "leuvenhelpt.settings")
    import django
    from django.conf import settings

    django.setup()
    settings.ROOT_URLCONF = "benchmarks.urls"
    from django.test import Client

    client = Client()
    client.post("/assistent/vraag/audience/", {"answer": "citizen"})
    question = "/assistent/vraag/lives_in_leuven/"
    languages = list(settings.LANGUAGES_OFFERED)
    for code in languages:  # warm up, and check the page really is in that language
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = code
        page = client.get(question)
        assert page.status_code == 200 and f'<html lang="{code}"'.encode() in page.content, code
    best = {name: float("inf") for name in ["hello", *languages]}
    for _ in range(ROUNDS):
        order = ["hello", *languages]
        random.shuffle(order)
        for name in order:
            url = "/bench/hello/" if name == "hello" else question
            if name != "hello":
                client.cookies[settings.LANGUAGE_COOKIE_NAME] = name
            start = time.process_time()
            for _ in range(REQUESTS):
                client.get(url)
            best[name] = min(best[name], (time.process_time() - start) / REQUESTS * 1000)
    print(f"in process, CPU time of this process, best of {ROUNDS} rounds of {REQUESTS} requests, in random order")
    print(f"hello view:         {best['hello']:6.2f} ms")
    failed = []
    for code in languages:
        extra = best[code] / best["nl"] - 1
        verdict = "OK" if extra <= 0.10 else "FAIL"
        print(f"question page {code}:   {best[code]:6.2f} ms  {extra:+6.1%} against Dutch  {verdict}")
        if extra > 0.10:
            failed.append(code)
    print(
        f"target: no language more than 10 % slower than Dutch: {'OK' if not failed else 'FAIL in ' + ', '.join(failed)}"
    )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
