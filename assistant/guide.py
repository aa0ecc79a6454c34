"""The citizen's (and the agent's) walk through the assistant: answers kept on the visitor's device only.

``Guide`` joins a compiled catalogue with the answers of one walk through it and tells the pages what they
need: the next question, progress, the way back, and the results grouped as people read them. Nothing here
touches the database.

Where the answers live: for the citizen in a signed cookie in their own browser (``answers_cookie`` /
``keep_answers``), never on the server; for a KCC agent's caller on the contact moment (helpdesk). The cookie
is HttpOnly, Secure on HTTPS, SameSite=Lax, sent only to the assistant's own pages, and ends with the browser
session. Its signature (the site's secret key, a salt of its own) means nobody can hand the site answers or
counts it did not give out; the site takes it for as long as a session lives at most
(``SESSION_ABSOLUTE_TIMEOUT``). Answers given while signed in name the account: after signing out, or for
another account on the same browser, they are not shown (docs/security.md, "The assistant's answers").
"""

import json
import weakref
from collections import OrderedDict
from dataclasses import dataclass, field
from threading import Lock
from typing import Any

from django.conf import settings
from django.core import signing
from django.http import HttpRequest, HttpResponse
from django.utils import translation

from assistant.engine import AnswerError, Catalogue, Evaluation, Product
from assistant.selectors import EditionRef
from assistant.themes import theme_name

ANSWERS_COOKIE = "assistent"
_ANSWERS_SALT = "assistant.guide.answers"
_MEMO_SIZE = 4096
# Evaluations of recent answer sets, per compiled catalogue (read-only results, shared by requests).
_memo: "weakref.WeakKeyDictionary[Catalogue, OrderedDict[str, Evaluation]]" = weakref.WeakKeyDictionary()
_memo_lock = Lock()


def _evaluate(catalogue: Catalogue, answers: dict[str, Any]) -> Evaluation:
    """``catalogue.evaluate(answers)``, remembered for the most recent answer sets.

    Many people give the same first answers; the engine is fast, but not asking it again is faster.
    """
    key = json.dumps(answers, sort_keys=True)
    with _memo_lock:
        recent = _memo.setdefault(catalogue, OrderedDict())
        if key in recent:
            recent.move_to_end(key)
            return recent[key]
    evaluation = catalogue.evaluate(answers)
    with _memo_lock:
        recent[key] = evaluation
        if len(recent) > _MEMO_SIZE:
            recent.popitem(last=False)
    return evaluation


PREVIEW_KEY = "assistant_preview_edition"


@dataclass
class Guide:
    ref: EditionRef
    catalogue: Catalogue
    answers: dict[str, Any] = field(default_factory=dict)
    history: list[str] = field(default_factory=list)
    counted: list[str] = field(default_factory=list)
    _evaluation: Evaluation | None = None

    # -- what is kept between pages ------------------------------------------------------
    @classmethod
    def load(cls, stored: dict[str, Any], ref: EditionRef, catalogue: Catalogue) -> "Guide":
        """The guide for answers kept earlier (``stored()``). Answers kept for another edition are re-checked one
        by one."""
        guide = cls(ref=ref, catalogue=catalogue)
        answers = stored.get("answers") or {}
        if stored.get("edition") == ref.id and stored.get("revision") == ref.revision:
            guide.answers = dict(answers)
        else:
            for key, value in answers.items():
                try:
                    catalogue.validate_answers({key: value})
                except AnswerError:
                    continue
                guide.answers[key] = value
        guide.history = [key for key in stored.get("history", []) if key in guide.answers]
        guide.counted = list(stored.get("counted", [])) if stored.get("edition") == ref.id else []
        return guide

    def stored(self) -> dict[str, Any]:
        """What ``load`` needs to pick up where this guide is (JSON)."""
        return {
            "edition": self.ref.id,
            "revision": self.ref.revision,
            "answers": self.answers,
            "history": self.history,
            "counted": self.counted,
        }

    def first_time(self, event: str) -> bool:
        """True once per walk and event (so a refresh does not count twice)."""
        if event in self.counted:
            return False
        self.counted.append(event)
        return True

    # -- answering ----------------------------------------------------------------------
    @property
    def evaluation(self) -> Evaluation:
        if self._evaluation is None:
            self._evaluation = _evaluate(self.catalogue, self.answers)
        return self._evaluation

    def answer(self, key: str, value: Any) -> None:
        """Record an answer, then drop the answers to questions that no longer apply (now skipped)."""
        answers = dict(self.answers)
        answers[key] = value
        self.catalogue.validate_answers({key: value})
        evaluation = self.catalogue.evaluate(answers)
        skipped = set(evaluation.skipped)
        self.answers = {k: v for k, v in answers.items() if k not in skipped}
        self._evaluation = None
        self.history = [k for k in self.history if k != key and k in self.answers] + [key]

    def may_answer(self, key: str) -> bool:
        """A question may be answered when it is the one asked now, or to change an earlier answer."""
        return key == self.evaluation.next_question or (key in self.answers and key not in self.evaluation.skipped)

    def previous(self, key: str) -> str | None:
        """The question answered just before this one (for the back link)."""
        if key in self.history:
            position = self.history.index(key)
            return self.history[position - 1] if position > 0 else None
        return self.history[-1] if self.history else None

    @property
    def progress(self) -> tuple[int, int]:
        """(answered, answered + still relevant): a sense of how far along the person is."""
        answered = len(self.evaluation.effective_answers)
        remaining = len([k for k in self.evaluation.relevant if k not in self.evaluation.effective_answers])
        return answered, answered + remaining

    def number(self, key: str) -> int:
        """The question's place in this walk: one more than the questions answered before it in the catalogue's
        order (the order they are asked in), so changing the first answer later still says "Vraag 1"."""
        question = self.catalogue.question
        place = question(key).index
        return 1 + sum(1 for answered in self.evaluation.effective_answers if question(answered).index < place)

    @property
    def done(self) -> bool:
        return self.evaluation.next_question is None

    def answered_questions(self) -> list[dict[str, Any]]:
        """The answers that count, in document order, as people read them (for "Uw antwoorden")."""
        language = translation.get_language() or "nl"
        effective = self.evaluation.effective_answers
        return [
            {
                "key": question.key,
                "question": question,
                "answer": self.catalogue.format_answer(question.key, effective[question.key], language),
            }
            for question in self.catalogue.questions
            if question.key in effective
        ]

    # -- results ------------------------------------------------------------------------
    def results(self) -> dict[str, Any]:
        """Applying products — crisis products first (``crisis``, a flat list: the page shows them under an urgent
        banner with the emergency numbers), then obligations, then services (both grouped by theme) — and the
        undecided ones. A product's group is its ``priority`` (by default its kind)."""
        language = translation.get_language() or "nl"
        evaluation = self.evaluation
        applies = set(evaluation.applies)
        undecided = set(evaluation.undecided)
        groups: dict[str, dict[str, list[dict[str, Any]]]] = {"obligation": {}, "normal": {}}
        crisis: list[dict[str, Any]] = []
        open_products: list[Product] = []
        for product in self.catalogue.products:
            if product.key in applies:
                entry = {
                    "product": product,
                    "why": self.catalogue.explain(product.key, self.answers, language),
                    "help_route": product.effective_help_route,
                }
                if product.effective_priority == "crisis":
                    crisis.append(entry)
                else:
                    groups[product.effective_priority].setdefault(product.theme, []).append(entry)
            elif product.key in undecided:
                open_products.append(product)
        return {
            "crisis": crisis,
            "obligations": sorted((theme_name(t), entries) for t, entries in groups["obligation"].items()),
            "services": sorted((theme_name(t), entries) for t, entries in groups["normal"].items()),
            "undecided": open_products,
            "count": len(applies),
        }


# -- the citizen's answers, in their own browser ---------------------------------------------------
def _account(request: HttpRequest) -> int | None:
    user = getattr(request, "user", None)
    return user.pk if user is not None and user.is_authenticated else None


def answers_cookie(request: HttpRequest) -> dict[str, Any]:
    """What the visitor's browser keeps for the guide (``Guide.stored()``), or ``{}``: no cookie, a signature
    that does not match, older than a session lives (``SESSION_ABSOLUTE_TIMEOUT``), or given while signed in to
    an account that is not the visitor's now (after signing out on a shared computer, the next person sees none
    of it)."""
    value = request.COOKIES.get(ANSWERS_COOKIE)
    if not value:
        return {}
    try:
        kept = signing.loads(value, salt=_ANSWERS_SALT, max_age=settings.SESSION_ABSOLUTE_TIMEOUT)
    except signing.BadSignature:  # also SignatureExpired, and a cookie from before a new secret key
        return {}
    if not isinstance(kept, dict) or not isinstance(kept.get("guide"), dict):
        return {}
    owner = kept.get("account")
    if owner is not None and owner != _account(request):
        return {}
    return kept["guide"]


def keep_answers(request: HttpRequest, response: HttpResponse, guide: Guide, path: str) -> None:
    """Keep the guide in the visitor's browser until the browser closes, sent only to ``path`` (the assistant)."""
    value = signing.dumps({"guide": guide.stored(), "account": _account(request)}, salt=_ANSWERS_SALT, compress=True)
    response.set_cookie(
        ANSWERS_COOKIE,
        value,
        path=path,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )


def forget_answers(response: HttpResponse, path: str) -> None:
    response.delete_cookie(ANSWERS_COOKIE, path=path, samesite="Lax")
