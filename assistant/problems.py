"""The engine's problems and warnings in the editor's language.

The engine (``assistant.engine``) writes its problems for developers and the command
line: ``products[23].applies_if: mentions unknown question "inkomen"``. Catalogue
editors are not developers: here each of those lines becomes a sentence in the page's
language that names the question, product or example case by its visible text, and a
link to the field where it can be fixed. No engine path and no engine English reaches
an editor's page; a message that this module does not know yet becomes a general
sentence about the field (the engine's line is logged, never shown).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

_PATH_RE = re.compile(
    r"^(?P<kind>questions|products|cases)\[(?P<index>\d+)\]"
    r"(?:\.(?P<field>[a-z_]+))?(?:\[(?P<number>\d+)\])?(?:\.(?P<sub>[A-Za-z0-9_-]+))?(?:\S*)?: (?P<detail>.*)$",
    re.DOTALL,
)
_TOP_RE = re.compile(
    r"^(?P<field>document|format|edition|default_language|questions|products|cases|unchecked)(\.[a-z-]+)?: (?P<detail>.*)$"
)


@dataclass(frozen=True)
class EditorProblem:
    """One problem as an editor reads it: a sentence, and where to fix it (empty when nowhere to link)."""

    text: str
    url: str = ""

    def __str__(self) -> str:
        return self.text


def _field_names() -> dict[str, str]:
    return {
        "key": _("the key"),
        "type": _("the type of answer"),
        "text": _("the question text"),
        "agent_text": _("the text for KCC agents"),
        "help": _("the explanation"),
        "options": _("the options"),
        "min": _("the lowest answer"),
        "max": _("the highest answer"),
        "ask_if": _("the rule for when it is asked"),
        "name": _("the name"),
        "kind": _("the kind"),
        "audiences": _("for whom"),
        "theme": _("the theme"),
        "summary": _("the summary"),
        "how_to": _("the next step"),
        "service": _("the responsible service"),
        "url": _("the web page"),
        "applies_if": _("the rule"),
        "help_route": _("help from Leuven Helpt"),
        "priority": _("the priority"),
        "checked_on": _("the date the facts were checked"),
        "source": _("the source of the facts"),
        "answers": _("the answers"),
        "applies": _("the products that must apply"),
        "not_applies": _("the products that must not apply"),
    }


def _text(value: Any, language: str, default: str) -> str:
    if isinstance(value, Mapping):
        return str(value.get(language) or value.get(default) or next(iter(value.values()), ""))
    return str(value) if value else ""


class _Namer:
    """Visible names of the document's questions, options and products, for sentences."""

    def __init__(self, document: Mapping[str, Any] | None, language: str) -> None:
        self.document = document if isinstance(document, Mapping) else {}
        self.language = language
        self.default = str(self.document.get("default_language") or "nl")

    def _items(self, kind: str) -> list[Any]:
        items = self.document.get(kind)
        return items if isinstance(items, list) else []

    def item(self, kind: str, index: int) -> Mapping[str, Any]:
        items = self._items(kind)
        item = items[index] if 0 <= index < len(items) else None
        return item if isinstance(item, Mapping) else {}

    def question(self, key: str) -> str:
        for item in self._items("questions"):
            if isinstance(item, Mapping) and item.get("key") == key:
                return _text(item.get("text"), self.language, self.default) or key
        return key

    def option(self, question: str, value: str) -> str:
        for item in self._items("questions"):
            if isinstance(item, Mapping) and item.get("key") == question:
                for option in item.get("options") or []:
                    if isinstance(option, Mapping) and option.get("value") == value:
                        return _text(option.get("label"), self.language, self.default) or value
        return value

    def product(self, key: str) -> str:
        for item in self._items("products"):
            if isinstance(item, Mapping) and item.get("key") == key:
                return _text(item.get("name"), self.language, self.default) or key
        return key

    def label(self, kind: str, index: int) -> str:
        item = self.item(kind, index)
        if kind == "questions":
            return _text(item.get("text"), self.language, self.default) or str(item.get("key") or index + 1)
        if kind == "products":
            return _text(item.get("name"), self.language, self.default) or str(item.get("key") or index + 1)
        return str(item.get("name") or index + 1)


def _subject(kind: str, label: str) -> str:
    """‘het product ‘X’’ etc., for the middle of a sentence."""
    if kind == "questions":
        return _("the question ‘%(label)s’") % {"label": label}
    if kind == "products":
        return _("the product ‘%(label)s’") % {"label": label}
    return _("the example case ‘%(label)s’") % {"label": label}


def _rule_owner(kind: str, field: str | None, label: str) -> str:
    """The subject of a sentence about a rule: ‘De regel van ‘X’’."""
    if kind == "questions":
        return _("The rule for asking ‘%(label)s’") % {"label": label}
    return _("The rule of ‘%(label)s’") % {"label": label}


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


# Each entry: a pattern on the engine's detail (after the path) and a function giving the sentence.
def _rule_sentence(detail: str, owner: str, names: _Namer) -> str | None:
    """A sentence for a problem or warning about a rule, or None when the detail is not known."""
    match = re.match(r'mentions unknown question "(?P<key>[^"]*)"', detail)
    if match:
        return _("%(owner)s uses the question ‘%(key)s’, but that question does not exist (any more).") % {
            "owner": owner,
            "key": match["key"],
        }
    match = re.match(r'mentions "(?P<key>[^"]*)", which does not come earlier', detail)
    if match:
        return _(
            "%(owner)s uses the question ‘%(question)s’, which is asked later. "
            "A question can only depend on questions asked before it."
        ) % {"owner": owner, "question": names.question(match["key"])}
    match = re.match(r'mentions unknown option "(?P<value>[^"]*)" of question "(?P<key>[^"]*)"', detail)
    if match:
        return _(
            "%(owner)s uses the answer ‘%(value)s’ of the question ‘%(question)s’, but that question has no such answer."
        ) % {"owner": owner, "value": match["value"], "question": names.question(match["key"])}
    match = re.match(r'"[^"]*" compares numbers, but "(?P<key>[^"]*)" is a (?P<type>\w+) question', detail)
    if match:
        return _("%(owner)s compares the answer to ‘%(question)s’ as a number, but that answer is not a number.") % {
            "owner": owner,
            "question": names.question(match["key"]),
        }
    match = re.match(r'"[^"]*" compares "(?P<key>[^"]*)" \(a (?P<type>\w+) question\) with', detail)
    if match:
        return _(
            "%(owner)s compares the answer to ‘%(question)s’ with a value of another kind; that can never be true."
        ) % {"owner": owner, "question": names.question(match["key"])}
    match = re.match(r'"(?P<value>[^"]*)" is not a postcode', detail)
    if match:
        return _("%(owner)s uses ‘%(value)s’ as a postcode, but a postcode has four digits (1000 to 9999).") % {
            "owner": owner,
            "value": match["value"],
        }
    match = re.match(r'"(?P<key>[^"]*)" is a multi question', detail)
    if match:
        return _(
            "%(owner)s compares the answers to ‘%(question)s’ as one value; "
            "with several answers, ask whether one answer is among them."
        ) % {"owner": owner, "question": names.question(match["key"])}
    match = re.match(r'the second operand of "in" must be the answer to a multi question, but "(?P<key>[^"]*)"', detail)
    if match:
        return _(
            "%(owner)s looks for one answer among the answers to ‘%(question)s’, "
            "but that question has only one answer. Compare it with a value instead."
        ) % {"owner": owner, "question": names.question(match["key"])}
    match = re.match(r'the answer to "(?P<key>[^"]*)" \(a \w+ question\) where a truth value is expected', detail)
    if match:
        return _("%(owner)s uses the answer to ‘%(question)s’ as a yes or no; compare it with a value instead.") % {
            "owner": owner,
            "question": names.question(match["key"]),
        }
    if detail.startswith("the rule is nested too deeply"):
        return _("%(owner)s has too many groups inside each other (more than 64). Make it simpler.") % {"owner": owner}
    if detail.startswith("can never be true"):
        return _("%(owner)s can never be true: it applies to nobody. Check the conditions.") % {"owner": owner}
    if "where a truth value is expected" in detail or detail.startswith("an empty object"):
        return _("%(owner)s contains a part that is not a condition (true or false).") % {"owner": owner}
    if detail.startswith("unknown operator") or detail.startswith("an operation must have"):
        return _("%(owner)s uses an operation that the assistant does not know.") % {"owner": owner}
    if "operand" in detail or "needs" in detail or "finite number" in detail or '"var"' in detail:
        return _("%(owner)s is not written correctly. Build it again with the blocks.") % {"owner": owner}
    return None


def _item_sentence(kind: str, field: str | None, detail: str, label: str, names: _Namer) -> str | None:
    subject = _subject(kind, label)
    field_name = _field_names().get(field or "", _("a field"))
    if detail == "missing required field":
        return _("Fill in %(field)s of %(subject)s.") % {"field": field_name, "subject": subject}
    if detail == "unknown field":
        return _("%(subject)s has a field that the catalogue format does not know.") % {"subject": _capital(subject)}
    match = re.match(r'"(?P<code>[^"]*)" is not a (known )?language code', detail)
    if match:
        return _(
            "%(subject)s has a text in ‘%(code)s’, which is not a known language code. "
            "Use a code such as nl, fr, ar, tr or uk."
        ) % {"subject": _capital(subject), "code": match["code"]}
    match = re.match(r'duplicate key "(?P<key>[^"]*)"', detail)
    if match:
        return _("The key ‘%(key)s’ is already in use. Choose another key.") % {"key": match["key"]}
    if "is not a valid identifier" in detail:
        return _(
            "%(field)s of %(subject)s may only contain lowercase letters, digits and - or _, "
            "and must start with a letter or digit."
        ) % {"field": _capital(field_name), "subject": subject}
    if detail.startswith("must be a web address"):
        return _("The web page of %(subject)s must start with https://.") % {"subject": subject}
    if detail.startswith("must not be empty") or detail.startswith("empty text") or detail.startswith("missing text"):
        return _("Fill in %(field)s of %(subject)s.") % {"field": field_name, "subject": subject}
    match = re.match(r'unknown product "(?P<key>[^"]*)"', detail)
    if match:
        return _("%(subject)s names the product ‘%(key)s’, but that product does not exist (any more).") % {
            "subject": _capital(subject),
            "key": match["key"],
        }
    match = re.match(r'product "(?P<key>[^"]*)" is listed twice', detail)
    if match:
        return _("%(subject)s names the product ‘%(product)s’ twice.") % {
            "subject": _capital(subject),
            "product": names.product(match["key"]),
        }
    match = re.match(r'product "(?P<key>[^"]*)" is listed under both applies and not_applies', detail)
    if match:
        return _("%(subject)s says that ‘%(product)s’ both applies and does not apply. Choose one.") % {
            "subject": _capital(subject),
            "product": names.product(match["key"]),
        }
    match = re.match(r'no rule mentions question "(?P<key>[^"]*)"', detail)
    if match:
        return _("No rule uses %(subject)s, so its answer changes nothing.") % {"subject": subject}
    match = re.match(r'no rule uses option "(?P<value>[^"]*)" of question "(?P<key>[^"]*)"', detail)
    if match:
        return _("No rule uses the answer ‘%(option)s’ of %(subject)s.") % {
            "option": names.option(match["key"], match["value"]),
            "subject": subject,
        }
    if detail.startswith("min ") and "is greater than max" in detail:
        return _("The lowest answer of %(subject)s is higher than its highest answer.") % {"subject": subject}
    if field == "checked_on":
        return _("The date the facts of %(subject)s were checked must be a date such as 2026-12-01.") % {
            "subject": subject
        }
    return None


def _answer_sentence(question_key: str, detail: str, label: str, names: _Namer) -> str:
    """A problem with one answer of an example case."""
    subject = _subject("cases", label)
    if detail == "unknown question":
        return _("%(subject)s answers the question ‘%(key)s’, but that question does not exist (any more).") % {
            "subject": _capital(subject),
            "key": question_key,
        }
    return _("%(subject)s gives an answer to ‘%(question)s’ that does not fit that question.") % {
        "subject": _capital(subject),
        "question": names.question(question_key),
    }


def _link(kind: str, index: int, field: str | None, names: _Namer, edition_id: int | None) -> str:
    if edition_id is None:
        return ""
    item = names.item(kind, index)
    anchor = f"#id_{field}" if field and field in _field_names() else ""
    if field in ("name", "text", "summary", "how_to", "service", "agent_text", "help") and anchor:
        anchor = f"#id_{field}_nl"
    if kind == "cases":
        return reverse("assistant:editor_case_edit", args=[edition_id, index + 1]) + anchor
    key = item.get("key")
    if not isinstance(key, str) or not re.fullmatch(r"[-a-zA-Z0-9_]+", key):
        return ""
    name = "assistant:editor_question_edit" if kind == "questions" else "assistant:editor_product_edit"
    return reverse(name, args=[edition_id, key]) + anchor


def explain(
    message: str, document: Mapping[str, Any] | None, language: str, *, edition_id: int | None = None
) -> EditorProblem:
    """One engine problem or warning as a sentence in ``language`` with a link to the field."""
    with translation.override(language):
        return _explain(message, document, language, edition_id)


def _explain(message: str, document: Mapping[str, Any] | None, language: str, edition_id: int | None) -> EditorProblem:
    names = _Namer(document, language)
    match = _PATH_RE.match(message)
    if match:
        kind, index, field = match["kind"], int(match["index"]), match["field"]
        detail = match["detail"]
        label = names.label(kind, index)
        url = _link(kind, index, field, names, edition_id)
        sentence = None
        if field in ("applies_if", "ask_if"):
            sentence = _rule_sentence(detail, _rule_owner(kind, field, label), names)
        elif kind == "cases" and field == "answers" and match["sub"]:
            sentence = _answer_sentence(match["sub"], detail, label, names)
        if sentence is None:
            sentence = _item_sentence(kind, field, detail, label, names)
        if sentence is None:
            logger.info("editor problem without a sentence: %s", message)
            if field:
                sentence = _("%(field)s of %(subject)s is not valid.") % {
                    "field": _capital(_field_names().get(field, _("a field"))),
                    "subject": _subject(kind, label),
                }
            else:
                sentence = _("%(subject)s is not valid.") % {"subject": _capital(_subject(kind, label))}
        return EditorProblem(sentence, url)
    top = _TOP_RE.match(message)
    logger.info("editor problem about the document: %s", message)
    if top and top["field"] == "document":
        if "nested too deeply" in top["detail"]:
            return EditorProblem(_("The file has too many levels inside each other. Check the rules in it."))
        if "invalid" in top["detail"]:
            line = re.search(r"line (\d+), column (\d+)", top["detail"])
            if line:
                return EditorProblem(
                    _("The file is not valid YAML or JSON (line %(line)s, column %(column)s).")
                    % {"line": line[1], "column": line[2]}
                )
            return EditorProblem(_("The file is not valid YAML or JSON."))
        return EditorProblem(_("The file is not a catalogue in the format leuvenhelpt-catalogue/1."))
    if top and top["field"] == "format":
        return EditorProblem(_("The file is not in the format leuvenhelpt-catalogue/1."))
    if top and top["field"] == "edition":
        exists = re.match(r'an edition "(?P<label>[^"]*)" already exists', top["detail"])
        if exists:
            return EditorProblem(
                _("An edition ‘%(label)s’ already exists. Give the edition in the file another name.")
                % {"label": exists["label"]}
            )
        return EditorProblem(_("Fill in the name of the edition."))
    if top and top["field"] == "unchecked":
        return EditorProblem(
            _(
                "The list of translations that are machine-made and not yet checked (unchecked) is not valid: "
                "per language code such as fr, a list of texts such as products.<key>.name."
            )
        )
    if top and top["field"] == "default_language":
        return EditorProblem(_("The default language of the catalogue is missing or not a language code."))
    return EditorProblem(_("The catalogue has a problem that cannot be shown here. Ask a developer for help."))


def explain_all(
    messages: Iterable[str], document: Mapping[str, Any] | None, language: str, *, edition_id: int | None = None
) -> list[EditorProblem]:
    """Every problem as a sentence, each sentence once."""
    seen: set[str] = set()
    out: list[EditorProblem] = []
    for message in messages:
        problem = explain(str(message), document, language, edition_id=edition_id)
        if problem.text not in seen:
            seen.add(problem.text)
            out.append(problem)
    return out


def explain_mismatch(mismatch: Any, case_name: str, names_document: Mapping[str, Any], language: str) -> str:
    """A case that fails, for one product: ‘Volgens het voorbeeld … geldt ‘X’, maar de regel zegt van niet.’"""
    with translation.override(language):
        return _mismatch_sentence(mismatch, case_name, _Namer(names_document, language))


def _mismatch_sentence(mismatch: Any, case_name: str, names: _Namer) -> str:
    product = names.product(mismatch.product)
    values = {"case": case_name, "product": product}
    if mismatch.expected == "applies":
        if mismatch.actual == "undecided":
            questions = ", ".join(f"‘{names.question(key)}’" for key in mismatch.depends_on)
            return _(
                "The case ‘%(case)s’ says that ‘%(product)s’ applies, but the rule still needs an answer to %(questions)s."
            ) % {**values, "questions": questions}
        return _("The case ‘%(case)s’ says that ‘%(product)s’ applies, but according to the rule it does not.") % values
    if mismatch.actual == "undecided":
        questions = ", ".join(f"‘{names.question(key)}’" for key in mismatch.depends_on)
        return _(
            "The case ‘%(case)s’ says that ‘%(product)s’ does not apply, "
            "but the rule still needs an answer to %(questions)s."
        ) % {**values, "questions": questions}
    return _("The case ‘%(case)s’ says that ‘%(product)s’ does not apply, but according to the rule it does.") % values


def explain_answer_problem(problem: Any, names_document: Mapping[str, Any], language: str) -> str:
    """An invalid answer (an ``AnswerProblem``) of an example case, naming the question by its text."""
    with translation.override(language):
        return _answer_problem_sentence(problem, _Namer(names_document, language))


def _answer_problem_sentence(problem: Any, names: _Namer) -> str:
    if problem.code == "unknown_question":
        return _("The answer to ‘%(key)s’: that question does not exist (any more).") % {"key": problem.question}
    if problem.question:
        return _("The answer to ‘%(question)s’ does not fit that question.") % {
            "question": names.question(problem.question)
        }
    return _("The answers are not valid.")


def field_label(name: str) -> str:
    """A field of the catalogue format as an editor calls it: ‘De regel’ for ``applies_if``."""
    return _capital(_field_names().get(name, name))
