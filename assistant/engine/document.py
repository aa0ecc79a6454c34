"""The catalogue document: reading text, validating it, exporting it again."""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

import yaml

from .answers import check_answers
from .errors import CatalogueError
from .rules import QUESTION_TYPES, CompiledRule, QuestionInfo, check_rule, compile_rule, is_number, show

FORMAT = "leuvenhelpt-catalogue/1"

Text = dict[str, str]
"""A text: language → string; it always holds the default language."""

DOCUMENT_FIELDS = ("format", "edition", "default_language", "questions", "products", "cases", "unchecked")
QUESTION_FIELDS = ("key", "type", "text", "agent_text", "help", "options", "min", "max", "ask_if")
OPTION_FIELDS = ("value", "label")
PRODUCT_FIELDS = (
    "key",
    "name",
    "kind",
    "audiences",
    "theme",
    "summary",
    "how_to",
    "service",
    "url",
    "applies_if",
    "help_route",
    "priority",
    "checked_on",
    "source",
)
CASE_FIELDS = ("name", "answers", "applies", "not_applies")

KINDS = ("obligation", "service")
AUDIENCES = ("citizen", "business", "association")
HELP_ROUTES = ("volunteer", "professional", "none")
# Results show crisis products first (under an urgent banner with the emergency numbers), then obligations.
PRIORITIES = ("crisis", "obligation", "normal")

QUESTION_KEY_RE = re.compile(r"[a-z][a-z0-9_]*", re.ASCII)
PRODUCT_KEY_RE = re.compile(r"[a-z0-9][a-z0-9-]*", re.ASCII)
OPTION_VALUE_RE = re.compile(r"[a-z0-9][a-z0-9_-]*", re.ASCII)
THEME_RE = re.compile(r"[a-z][a-z0-9_-]*", re.ASCII)
LANGUAGE_RE = re.compile(r"[a-z]{2,3}(-[A-Za-z0-9]{2,8})*", re.ASCII)
# ISO 639-1: a text in "xx" (or "zz") is a typo, refused at import with a clear message. Three-letter codes
# (ISO 639-3, e.g. "fil") pass: they are too many to list.
ISO_639_1 = frozenset(
    [
        "aa",
        "ab",
        "ae",
        "af",
        "ak",
        "am",
        "an",
        "ar",
        "as",
        "av",
        "ay",
        "az",
        "ba",
        "be",
        "bg",
        "bi",
        "bm",
        "bn",
        "bo",
        "br",
        "bs",
        "ca",
        "ce",
        "ch",
        "co",
        "cr",
        "cs",
        "cu",
        "cv",
        "cy",
        "da",
        "de",
        "dv",
        "dz",
        "ee",
        "el",
        "en",
        "eo",
        "es",
        "et",
        "eu",
        "fa",
        "ff",
        "fi",
        "fj",
        "fo",
        "fr",
        "fy",
        "ga",
        "gd",
        "gl",
        "gn",
        "gu",
        "gv",
        "ha",
        "he",
        "hi",
        "ho",
        "hr",
        "ht",
        "hu",
        "hy",
        "hz",
        "ia",
        "id",
        "ie",
        "ig",
        "ii",
        "ik",
        "io",
        "is",
        "it",
        "iu",
        "ja",
        "jv",
        "ka",
        "kg",
        "ki",
        "kj",
        "kk",
        "kl",
        "km",
        "kn",
        "ko",
        "kr",
        "ks",
        "ku",
        "kv",
        "kw",
        "ky",
        "la",
        "lb",
        "lg",
        "li",
        "ln",
        "lo",
        "lt",
        "lu",
        "lv",
        "mg",
        "mh",
        "mi",
        "mk",
        "ml",
        "mn",
        "mr",
        "ms",
        "mt",
        "my",
        "na",
        "nb",
        "nd",
        "ne",
        "ng",
        "nl",
        "nn",
        "no",
        "nr",
        "nv",
        "ny",
        "oc",
        "oj",
        "om",
        "or",
        "os",
        "pa",
        "pi",
        "pl",
        "ps",
        "pt",
        "qu",
        "rm",
        "rn",
        "ro",
        "ru",
        "rw",
        "sa",
        "sc",
        "sd",
        "se",
        "sg",
        "si",
        "sk",
        "sl",
        "sm",
        "sn",
        "so",
        "sq",
        "sr",
        "ss",
        "st",
        "su",
        "sv",
        "sw",
        "ta",
        "te",
        "tg",
        "th",
        "ti",
        "tk",
        "tl",
        "tn",
        "to",
        "tr",
        "ts",
        "tt",
        "tw",
        "ty",
        "ug",
        "uk",
        "ur",
        "uz",
        "ve",
        "vi",
        "vo",
        "wa",
        "wo",
        "xh",
        "yi",
        "yo",
        "za",
        "zh",
        "zu",
    ]
)
# A text path in ``unchecked``: products.<key>.<field>, questions.<key>.<field> or questions.<key>.options.<value>.label
TEXT_PATH_RE = re.compile(
    r"(products\.[a-z0-9][a-z0-9-]*\.(name|summary|how_to|service)"
    r"|questions\.[a-z][a-z0-9_]*\.(text|agent_text|help)"
    r"|questions\.[a-z][a-z0-9_]*\.options\.[a-z0-9][a-z0-9_-]*\.label)",
    re.ASCII,
)


def known_language(code: str) -> bool:
    """A language code the catalogue takes: ISO 639-1 (or a three-letter code), with optional subtags."""
    if LANGUAGE_RE.fullmatch(code) is None:
        return False
    primary = code.split("-", 1)[0]
    return len(primary) == 3 or primary in ISO_639_1


URL_RE = re.compile(r"https?://[^\s/$.?#][^\s]*", re.ASCII | re.IGNORECASE)


def text_in(text: Mapping[str, str], language: str, default_language: str) -> str:
    """The text in ``language``, falling back to the default language."""
    return text.get(language) or text[default_language]


# ---------------------------------------------------------------------------
# The parts of a catalogue


@dataclass(frozen=True)
class Option:
    """An option of a ``choice`` or ``multi`` question."""

    value: str
    label: Text

    def to_document(self) -> dict[str, Any]:
        return {"value": self.value, "label": dict(self.label)}


@dataclass(frozen=True)
class Question:
    """A question, with its fields as in the document (None where absent)."""

    index: int
    key: str
    type: str
    text: Text
    agent_text: Text | None = None
    help: Text | None = None
    options: tuple[Option, ...] | None = None
    min: int | float | None = None
    max: int | float | None = None
    ask_if: Any = None  # the JSON Logic rule, or None when the question has none

    def option(self, value: str) -> Option | None:
        """The option with this value, or None."""
        for option in self.options or ():
            if option.value == value:
                return option
        return None

    def to_document(self) -> dict[str, Any]:
        out: dict[str, Any] = {"key": self.key, "type": self.type, "text": dict(self.text)}
        if self.agent_text is not None:
            out["agent_text"] = dict(self.agent_text)
        if self.help is not None:
            out["help"] = dict(self.help)
        if self.options is not None:
            out["options"] = [option.to_document() for option in self.options]
        if self.min is not None:
            out["min"] = self.min
        if self.max is not None:
            out["max"] = self.max
        if self.ask_if is not None:
            out["ask_if"] = copy.deepcopy(self.ask_if)
        return out


@dataclass(frozen=True)
class Product:
    """A product, with its fields as in the document (None where absent)."""

    index: int
    key: str
    name: Text
    kind: str
    audiences: tuple[str, ...]
    theme: str
    summary: Text
    applies_if: Any
    how_to: Text | None = None
    service: str | Text | None = None
    url: str | None = None
    help_route: str | None = None
    priority: str | None = None
    checked_on: str | None = None  # "YYYY-MM-DD": when an editor last checked the facts against the source
    source: str | None = None  # where the facts come from: the responsible body's page or regulation

    @property
    def effective_help_route(self) -> str:
        """``help_route`` with its default, ``none``."""
        return self.help_route or "none"

    @property
    def effective_priority(self) -> str:
        """``priority`` with its default: ``obligation`` for an obligation, else ``normal``."""
        return self.priority or ("obligation" if self.kind == "obligation" else "normal")

    def to_document(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "key": self.key,
            "name": dict(self.name),
            "kind": self.kind,
            "audiences": list(self.audiences),
            "theme": self.theme,
            "summary": dict(self.summary),
        }
        if self.how_to is not None:
            out["how_to"] = dict(self.how_to)
        if self.service is not None:
            out["service"] = copy.deepcopy(self.service)
        if self.url is not None:
            out["url"] = self.url
        out["applies_if"] = copy.deepcopy(self.applies_if)
        if self.help_route is not None:
            out["help_route"] = self.help_route
        if self.priority is not None:
            out["priority"] = self.priority
        if self.checked_on is not None:
            out["checked_on"] = self.checked_on
        if self.source is not None:
            out["source"] = self.source
        return out


@dataclass(frozen=True)
class Case:
    """An example case: answers and the products that must (not) apply."""

    index: int
    name: str
    answers: dict[str, Any]
    applies: tuple[str, ...] | None = None
    not_applies: tuple[str, ...] | None = None

    def to_document(self) -> dict[str, Any]:
        out: dict[str, Any] = {"name": self.name, "answers": copy.deepcopy(self.answers)}
        if self.applies is not None:
            out["applies"] = list(self.applies)
        if self.not_applies is not None:
            out["not_applies"] = list(self.not_applies)
        return out


@dataclass
class ParsedDocument:
    """The validated content of a document, ready to become a ``Catalogue``."""

    format: str
    edition: str
    default_language: str
    questions: list[Question]
    products: list[Product]
    cases: list[Case] | None
    infos: dict[str, QuestionInfo]
    ask_if: list[CompiledRule | None]
    applies_if: list[CompiledRule]
    unchecked: dict[str, list[str]] | None = None


# ---------------------------------------------------------------------------
# Validation


class _Problems(list[str]):
    def add(self, path: str, message: str) -> None:
        self.append(f"{path}: {message}")


def _string(value: Any, path: str, problems: _Problems, *, required: bool = True) -> str | None:
    if isinstance(value, str) and (value.strip() or not required):
        return value
    if isinstance(value, str):
        problems.add(path, "must not be empty")
    else:
        problems.add(path, f"must be a string, not {show(value)}")
    return None


def _identifier(value: Any, path: str, problems: _Problems, pattern: re.Pattern[str], rule: str) -> str | None:
    if not isinstance(value, str):
        problems.add(path, f"must be a string, not {show(value)}")
        return None
    if pattern.fullmatch(value) is None:
        problems.add(path, f"{show(value)} is not a valid identifier: {rule}")
        return None
    return value


def _mapping(value: Any, path: str, problems: _Problems, fields: tuple[str, ...], required: tuple[str, ...]) -> bool:
    if not isinstance(value, dict):
        problems.add(path, f"must be a mapping, not {show(value)}")
        return False
    for name in value:
        if name not in fields:
            problems.add(f"{path}.{name}" if path else str(name), "unknown field")
    for name in required:
        if name not in value:
            problems.add(f"{path}.{name}" if path else name, "missing required field")
    return True


def _text(value: Any, path: str, problems: _Problems, default_language: str | None) -> Text | None:
    if not isinstance(value, dict) or not value:
        problems.add(path, f"must be a text: a mapping from language to string, e.g. {{nl: ...}}, not {show(value)}")
        return None
    ok = True
    for language, string in value.items():
        if not isinstance(language, str) or LANGUAGE_RE.fullmatch(language) is None:
            problems.add(path, f"{show(language)} is not a language code such as nl or en")
            ok = False
        elif not known_language(language):
            problems.add(
                path, f"{show(language)} is not a known language code (ISO 639-1, such as nl, fr, ar, tr or uk)"
            )
            ok = False
        elif not isinstance(string, str):
            problems.add(f"{path}.{language}", f"must be a string, not {show(string)}")
            ok = False
        elif not string.strip() and language != default_language:
            problems.add(f"{path}.{language}", "empty text (leave the language out instead)")
            ok = False
    if default_language is not None:
        given = value.get(default_language)
        if not isinstance(given, str) or not given.strip():
            problems.add(path, f'missing text in default language "{default_language}"')
            ok = False
    return dict(value) if ok else None


def _optional_text(
    item: dict[str, Any], name: str, path: str, problems: _Problems, default_language: str | None
) -> Text | None:
    if name not in item:
        return None
    return _text(item[name], f"{path}.{name}", problems, default_language)


_QUESTION_PATH_RE = re.compile(r"questions\[(\d+)\]")


def _question_position(problem: str) -> int:
    match = _QUESTION_PATH_RE.match(problem)
    return int(match.group(1)) if match else -1


def _option_values(raw: Any) -> tuple[str, ...]:
    if not isinstance(raw, list):
        return ()
    values = (option.get("value") for option in raw if isinstance(option, dict))
    return tuple(dict.fromkeys(value for value in values if isinstance(value, str)))


class _Parser:
    def __init__(self, doc: Any) -> None:
        self.doc = doc
        self.problems = _Problems()
        self.default_language: str | None = None
        self.infos: dict[str, QuestionInfo] = {}

    def parse(self) -> ParsedDocument:
        doc = self.doc
        problems = self.problems
        if not isinstance(doc, dict):
            raise CatalogueError(
                [
                    f"document: must be a mapping with format, edition, default_language, questions and products, not {show(doc)}"
                ]
            )
        _mapping(doc, "", problems, DOCUMENT_FIELDS, ("format", "edition", "default_language", "questions", "products"))
        if "format" in doc and doc["format"] != FORMAT:
            problems.add("format", f'must be exactly "{FORMAT}", not {show(doc["format"])}')
        edition = _string(doc["edition"], "edition", problems) if "edition" in doc else None
        if "default_language" in doc:
            language = doc["default_language"]
            if isinstance(language, str) and known_language(language):
                self.default_language = language
            else:
                problems.add("default_language", f"must be a language code such as nl or en, not {show(language)}")

        raw_questions = self._list(doc, "questions")
        raw_products = self._list(doc, "products")
        raw_cases = self._list(doc, "cases") if "cases" in doc else None

        start = len(problems)
        questions = self._questions(raw_questions)
        ask_if = self._ask_ifs(raw_questions)
        # The ask_if rules are checked once every key is known; report their
        # problems beside the other problems of their question.
        problems[start:] = sorted(problems[start:], key=_question_position)
        products, applies_if = self._products(raw_products)
        cases = self._cases(raw_cases, {product.key for product in products}) if raw_cases is not None else None
        unchecked = self._unchecked(doc["unchecked"]) if "unchecked" in doc else None

        if problems:
            raise CatalogueError(list(problems))
        assert edition is not None and self.default_language is not None  # noqa: S101 - implied by no problems
        return ParsedDocument(
            format=FORMAT,
            edition=edition,
            default_language=self.default_language,
            questions=[question for question in questions if question is not None],
            products=products,
            cases=cases,
            infos=self.infos,
            ask_if=ask_if,
            applies_if=applies_if,
            unchecked=unchecked,
        )

    def _unchecked(self, raw: Any) -> dict[str, list[str]] | None:
        """Translations marked "machine-made, not yet checked": language → the paths of those texts."""
        if not isinstance(raw, dict):
            self.problems.add("unchecked", f"must be a mapping from language to a list of text paths, not {show(raw)}")
            return None
        out: dict[str, list[str]] = {}
        for language, paths in raw.items():
            if not isinstance(language, str) or not known_language(language):
                self.problems.add("unchecked", f"{show(language)} is not a known language code (ISO 639-1, such as fr)")
                continue
            if not isinstance(paths, list) or not all(isinstance(p, str) and TEXT_PATH_RE.fullmatch(p) for p in paths):
                self.problems.add(f"unchecked.{language}", "must be a list of text paths such as products.<key>.name")
                continue
            out[language] = sorted(set(paths))
        return out

    def _list(self, doc: dict[str, Any], name: str) -> list[Any]:
        value = doc.get(name, [])
        if not isinstance(value, list):
            self.problems.add(name, f"must be a list, not {show(value)}")
            return []
        return value

    # -- questions --------------------------------------------------------------
    def _questions(self, raw_questions: list[Any]) -> list[Question | None]:
        questions: list[Question | None] = []
        seen: set[str] = set()
        for index, item in enumerate(raw_questions):
            path = f"questions[{index}]"
            questions.append(None)
            if not _mapping(item, path, self.problems, QUESTION_FIELDS, ("key", "type", "text")):
                continue
            key = None
            if "key" in item:
                key = _identifier(
                    item["key"],
                    f"{path}.key",
                    self.problems,
                    QUESTION_KEY_RE,
                    "use lowercase letters, digits and _, starting with a letter",
                )
                if key is not None and key in seen:
                    self.problems.add(f"{path}.key", f'duplicate key "{key}"')
                    key = None
                elif key is not None:
                    seen.add(key)
            qtype = item.get("type")
            if "type" in item and qtype not in QUESTION_TYPES:
                allowed = ", ".join(QUESTION_TYPES)
                self.problems.add(f"{path}.type", f"unknown type {show(qtype)} (allowed: {allowed})")
                qtype = None
            text = _text(item["text"], f"{path}.text", self.problems, self.default_language) if "text" in item else None
            agent_text = _optional_text(item, "agent_text", path, self.problems, self.default_language)
            help_text = _optional_text(item, "help", path, self.problems, self.default_language)
            options = self._options(item, path, qtype)
            low, high = self._bounds(item, path, qtype)
            if key is not None:
                self.infos[key] = QuestionInfo(
                    index=index,
                    key=key,
                    type=qtype or "?",
                    # every value given, even an invalid one, so that rules using it add no problems
                    options=_option_values(item.get("options")),
                    min=low,
                    max=high,
                )
            if key is None or qtype is None or text is None:
                continue
            questions[-1] = Question(
                index=index,
                key=key,
                type=qtype,
                text=text,
                agent_text=agent_text,
                help=help_text,
                options=options,
                min=low,
                max=high,
                ask_if=copy.deepcopy(item["ask_if"]) if "ask_if" in item else None,
            )
        return questions

    def _options(self, item: dict[str, Any], path: str, qtype: str | None) -> tuple[Option, ...] | None:
        problems = self.problems
        if "options" not in item:
            if qtype in ("choice", "multi"):
                problems.add(f"{path}.options", f"missing required field (a {qtype} question needs options)")
            return None
        raw = item["options"]
        if qtype not in ("choice", "multi", None):
            problems.add(f"{path}.options", "only choice and multi questions have options")
            return None
        if not isinstance(raw, list) or not raw:
            problems.add(f"{path}.options", f"must be a non-empty list of {{value, label}}, not {show(raw)}")
            return None
        options: list[Option] = []
        seen: set[str] = set()
        for number, option in enumerate(raw):
            option_path = f"{path}.options[{number}]"
            if not _mapping(option, option_path, problems, OPTION_FIELDS, OPTION_FIELDS):
                continue
            value = None
            if "value" in option:
                value = _identifier(
                    option["value"],
                    f"{option_path}.value",
                    problems,
                    OPTION_VALUE_RE,
                    "use lowercase letters, digits, - and _, starting with a letter or digit",
                )
                if value is not None and value in seen:
                    problems.add(f"{option_path}.value", f"duplicate option value {show(value)}")
                    value = None
                elif value is not None:
                    seen.add(value)
            label = (
                _text(option["label"], f"{option_path}.label", problems, self.default_language)
                if "label" in option
                else None
            )
            if value is not None and label is not None:
                options.append(Option(value, label))
        return tuple(options)

    def _bounds(self, item: dict[str, Any], path: str, qtype: str | None) -> tuple[Any, Any]:
        bounds: dict[str, Any] = {}
        for name in ("min", "max"):
            if name not in item:
                continue
            value = item[name]
            if qtype not in ("number", None):
                self.problems.add(f"{path}.{name}", "only number questions have min and max")
            elif not is_number(value):
                self.problems.add(f"{path}.{name}", f"must be a number, not {show(value)}")
            else:
                bounds[name] = value
        low, high = bounds.get("min"), bounds.get("max")
        if low is not None and high is not None and low > high:
            self.problems.add(f"{path}.min", f"min {show(low)} is greater than max {show(high)}")
        return low, high

    def _ask_ifs(self, raw_questions: list[Any]) -> list[CompiledRule | None]:
        """Check and compile every ``ask_if``; one entry per question, None when absent."""
        compiled: list[CompiledRule | None] = []
        for index, item in enumerate(raw_questions):
            node = None
            if isinstance(item, dict) and "ask_if" in item:
                node, rule_problems = check_rule(item["ask_if"], self.infos, limit=index)
                for problem in rule_problems:
                    self.problems.add(f"questions[{index}].ask_if", problem)
            compiled.append(compile_rule(node) if node is not None else None)
        return compiled

    # -- products -----------------------------------------------------------------
    def _products(self, raw_products: list[Any]) -> tuple[list[Product], list[CompiledRule]]:
        problems = self.problems
        products: list[Product] = []
        compiled: list[CompiledRule] = []
        seen: set[str] = set()
        for index, item in enumerate(raw_products):
            path = f"products[{index}]"
            required = ("key", "name", "kind", "audiences", "theme", "summary", "applies_if")
            if not _mapping(item, path, problems, PRODUCT_FIELDS, required):
                continue
            before = len(problems)
            key = None
            if "key" in item:
                key = _identifier(
                    item["key"],
                    f"{path}.key",
                    problems,
                    PRODUCT_KEY_RE,
                    "use lowercase letters, digits and -, starting with a letter or digit",
                )
                if key is not None and key in seen:
                    problems.add(f"{path}.key", f'duplicate key "{key}"')
                elif key is not None:
                    seen.add(key)
            name = _text(item["name"], f"{path}.name", problems, self.default_language) if "name" in item else None
            if "kind" in item and item["kind"] not in KINDS:
                problems.add(f"{path}.kind", f'must be "obligation" or "service", not {show(item["kind"])}')
            audiences = self._audiences(item, path)
            if "theme" in item:
                _identifier(
                    item["theme"],
                    f"{path}.theme",
                    problems,
                    THEME_RE,
                    "use lowercase letters, digits, - and _, starting with a letter",
                )
            summary = (
                _text(item["summary"], f"{path}.summary", problems, self.default_language)
                if "summary" in item
                else None
            )
            how_to = _optional_text(item, "how_to", path, problems, self.default_language)
            service = item.get("service")
            if "service" in item and not isinstance(service, dict):
                _string(service, f"{path}.service", problems)
            elif "service" in item:
                _text(service, f"{path}.service", problems, self.default_language)
            if "url" in item:
                url = item["url"]
                if not isinstance(url, str) or URL_RE.fullmatch(url) is None:
                    problems.add(f"{path}.url", f"must be a web address starting with https://, not {show(url)}")
            if "help_route" in item and item["help_route"] not in HELP_ROUTES:
                allowed = ", ".join(f'"{route}"' for route in HELP_ROUTES)
                problems.add(f"{path}.help_route", f"must be one of {allowed}, not {show(item['help_route'])}")
            if "priority" in item and item["priority"] not in PRIORITIES:
                allowed = ", ".join(f'"{priority}"' for priority in PRIORITIES)
                problems.add(f"{path}.priority", f"must be one of {allowed}, not {show(item['priority'])}")
            node = None
            if "checked_on" in item:
                checked_on = item["checked_on"]
                if not (isinstance(checked_on, str) and _is_iso_date(checked_on)):
                    problems.add(f"{path}.checked_on", f"must be a date written as YYYY-MM-DD, not {show(checked_on)}")
            if "source" in item:
                _string(item["source"], f"{path}.source", problems)
            if "applies_if" in item:
                node, rule_problems = check_rule(item["applies_if"], self.infos)
                for problem in rule_problems:
                    problems.add(f"{path}.applies_if", problem)
            if len(problems) > before or key is None or name is None or summary is None or node is None:
                continue
            assert audiences is not None  # noqa: S101 - implied by no new problems
            products.append(
                Product(
                    index=index,
                    key=key,
                    name=name,
                    kind=item["kind"],
                    audiences=audiences,
                    theme=item["theme"],
                    summary=summary,
                    applies_if=copy.deepcopy(item["applies_if"]),
                    how_to=how_to,
                    service=copy.deepcopy(service),
                    url=item.get("url"),
                    help_route=item.get("help_route"),
                    priority=item.get("priority"),
                    checked_on=item.get("checked_on"),
                    source=item.get("source"),
                )
            )
            compiled.append(compile_rule(node))
        return products, compiled

    def _audiences(self, item: dict[str, Any], path: str) -> tuple[str, ...] | None:
        if "audiences" not in item:
            return None
        raw = item["audiences"]
        allowed = ", ".join(AUDIENCES)
        if not isinstance(raw, list) or not raw:
            self.problems.add(
                f"{path}.audiences", f"must be a non-empty list of audiences ({allowed}), not {show(raw)}"
            )
            return None
        ok = True
        for number, audience in enumerate(raw):
            if audience not in AUDIENCES:
                self.problems.add(
                    f"{path}.audiences[{number}]", f"unknown audience {show(audience)} (allowed: {allowed})"
                )
                ok = False
            elif audience in raw[:number]:
                self.problems.add(f"{path}.audiences[{number}]", f"duplicate audience {show(audience)}")
                ok = False
        return tuple(raw) if ok else None

    # -- cases --------------------------------------------------------------------
    def _cases(self, raw_cases: list[Any], product_keys: set[str]) -> list[Case]:
        problems = self.problems
        cases: list[Case] = []
        all_product_keys = set(product_keys)
        raw_products = self.doc.get("products")
        for item in raw_products if isinstance(raw_products, list) else ():
            if isinstance(item, dict) and isinstance(item.get("key"), str):
                all_product_keys.add(item["key"])
        for index, item in enumerate(raw_cases):
            path = f"cases[{index}]"
            if not _mapping(item, path, problems, CASE_FIELDS, ("name", "answers")):
                continue
            before = len(problems)
            if "name" in item:
                _string(item["name"], f"{path}.name", problems)
            answers = item.get("answers")
            if "answers" in item:
                if not isinstance(answers, dict):
                    problems.add(
                        f"{path}.answers", f"must be a mapping from question key to answer, not {show(answers)}"
                    )
                else:
                    for problem in check_answers(answers, self.infos):
                        problems.add(f"{path}.answers.{problem.question}", problem.detail)
            lists: dict[str, tuple[str, ...] | None] = {}
            for name in ("applies", "not_applies"):
                lists[name] = self._case_products(item, name, path, all_product_keys)
            both = set(lists["applies"] or ()) & set(lists["not_applies"] or ())
            for key in sorted(both):
                problems.add(path, f'product "{key}" is listed under both applies and not_applies')
            if len(problems) > before:
                continue
            cases.append(
                Case(
                    index=index,
                    name=item["name"],
                    answers=copy.deepcopy(answers),
                    applies=lists["applies"],
                    not_applies=lists["not_applies"],
                )
            )
        return cases

    def _case_products(
        self, item: dict[str, Any], name: str, path: str, product_keys: set[str]
    ) -> tuple[str, ...] | None:
        if name not in item:
            return None
        raw = item[name]
        if not isinstance(raw, list):
            self.problems.add(f"{path}.{name}", f"must be a list of product keys, not {show(raw)}")
            return None
        for number, key in enumerate(raw):
            if not isinstance(key, str):
                self.problems.add(f"{path}.{name}[{number}]", f"must be a product key, not {show(key)}")
            elif key not in product_keys and isinstance(self.doc.get("products"), list):
                self.problems.add(f"{path}.{name}[{number}]", f'unknown product "{key}"')
            elif key in raw[:number]:
                self.problems.add(f"{path}.{name}[{number}]", f'product "{key}" is listed twice')
        return tuple(key for key in raw if isinstance(key, str))


def parse_document(doc: Any) -> ParsedDocument:
    """Validate a whole document; raise ``CatalogueError`` listing every problem."""
    return _Parser(doc).parse()


# ---------------------------------------------------------------------------
# Text


def _is_iso_date(text: str) -> bool:
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        return False
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return True


class _StrictLoader(yaml.SafeLoader):
    """``yaml.SafeLoader`` that rejects a key given twice in one mapping."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        if isinstance(node, yaml.MappingNode):
            self.flatten_mapping(node)
            seen: set[Any] = set()
            for key_node, _ in node.value:
                key = self.construct_object(key_node, deep=True)
                try:
                    duplicate = key in seen
                    seen.add(key)
                except TypeError:
                    continue  # unhashable: SafeLoader reports it
                if duplicate:
                    raise yaml.constructor.ConstructorError(
                        "while reading a mapping", node.start_mark, f"found duplicate key {key!r}", key_node.start_mark
                    )
        return super().construct_mapping(node, deep=deep)


# A date such as checked_on: 2026-12-01 stays the string it is written as (the document is JSON-compatible).
_StrictLoader.add_constructor("tag:yaml.org,2002:timestamp", yaml.SafeLoader.construct_yaml_str)  # type: ignore[type-var]


def _reject_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise ValueError(f"duplicate key {key!r}")
        out[key] = value
    return out


def _load_yaml(text: str, json_error: json.JSONDecodeError | None = None) -> Any:
    try:
        return yaml.load(text, Loader=_StrictLoader)  # noqa: S506 - _StrictLoader is a SafeLoader # nosec B506
    except yaml.YAMLError as error:
        if json_error is not None:  # it looked like JSON: the JSON error is the useful one
            message = f"invalid JSON at line {json_error.lineno}, column {json_error.colno}: {json_error.msg}"
            raise CatalogueError([f"document: {message}"]) from json_error
        mark = getattr(error, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark is not None else ""
        problem = getattr(error, "problem", None) or str(error)
        raise CatalogueError([f"document: invalid YAML{where}: {problem}"]) from error


# Brackets nested deeper than this are refused before the text is parsed: a rule may be
# nested 64 levels (two brackets each, ``{"and": [``), inside a few levels of document.
MAX_TEXT_DEPTH = 200


_BLOCK_INDENT_RE = re.compile(r"^(?:[ \t]|[-?:][ \t])*")


def text_depth(text: str, limit: int = MAX_TEXT_DEPTH) -> int:
    """How deep the text nests, measured before parsing (stops counting past ``limit``).

    Two cheap scans, so that a hostile or broken file cannot make the JSON or YAML
    parser recurse until Python gives up: ``[`` and ``{`` outside double-quoted
    strings, and YAML block nesting, which shows as the column where a line's content
    starts after its indentation and ``- `` markers (counted as one level per two columns).
    """
    depth = deepest = 0
    in_string = escaped = False
    for char in text:
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            if depth > deepest:
                deepest = depth
                if deepest > limit:
                    return deepest
        elif char in "]}" and depth:
            depth -= 1
    for line in text.splitlines():
        match = _BLOCK_INDENT_RE.match(line)
        block = len(match.group(0)) // 2 if match else 0  # the pattern matches the empty string
        if block > deepest:
            deepest = block
            if deepest > limit:
                return deepest
    return deepest


def load_catalogue_text(text: str) -> dict[str, Any]:
    """Read a catalogue document from YAML or JSON text (not yet validated).

    Raises ``CatalogueError`` when the text is not valid YAML/JSON, holds a key
    twice in one mapping, is nested deeper than ``MAX_TEXT_DEPTH`` brackets (checked
    before parsing), or is not a mapping.
    """
    too_deep = f"document: nested too deeply (more than {MAX_TEXT_DEPTH} levels)"
    if text_depth(text) > MAX_TEXT_DEPTH:
        raise CatalogueError([too_deep])
    try:
        doc = _load_text(text)
    except RecursionError as error:  # nesting the scan cannot see, e.g. YAML block sequences "- - - ..."
        raise CatalogueError([too_deep]) from error
    if not isinstance(doc, dict):
        raise CatalogueError(
            [
                f"document: must be a mapping with format, edition, default_language, questions and products, not {show(doc)}"
            ]
        )
    return doc


def _load_text(text: str) -> Any:
    if text.lstrip().startswith("{"):
        try:
            doc = json.loads(text, object_pairs_hook=_reject_duplicates)
        except json.JSONDecodeError as error:
            # Perhaps YAML in flow style, which also starts with "{".
            doc = _load_yaml(text, json_error=error)
        except ValueError as error:
            raise CatalogueError([f"document: invalid JSON: {error}"]) from error
    else:
        doc = _load_yaml(text)
    return doc


def dump_catalogue_text(doc: Mapping[str, Any], *, fmt: str = "yaml") -> str:
    """Write a document as YAML (default) or JSON text, keys in document order."""
    if fmt == "json":
        return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"
    if fmt != "yaml":
        raise ValueError(f"unknown format {fmt!r}: use 'yaml' or 'json'")
    return yaml.safe_dump(dict(doc), sort_keys=False, allow_unicode=True, width=100)
