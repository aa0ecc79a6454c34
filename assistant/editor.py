"""The catalogue editors' logic, apart from the views.

- turning a question, product or case of the document into form values and back
  (``*_initial`` / ``*_item``), keeping what the form does not show (other languages);
- rules as editors read them (``readable_rule``) and checking one rule of one item
  against the whole document (``check_item_rule``), so that the editor sees exactly
  the engine's problems for that rule while typing;
- sorting the engine's problems onto the form's fields (``problems_by_field``);
- the difference between a draft and the published edition (``diff_editions``),
  including which products change outcome for which example case;
- the anonymous usage report of an edition (``usage_report``) and its CSV rows.

Nothing here writes: saving goes through ``assistant.services``.
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Sum
from django.utils.translation import gettext as _

from assistant.engine import AnswerError, Catalogue, CatalogueError, describe_rule, parse_catalogue
from assistant.engine.document import MAX_TEXT_DEPTH, PRODUCT_FIELDS, QUESTION_FIELDS, text_depth, text_in
from assistant.models import Edition, UsageCount
from assistant.problems import EditorProblem, explain_all, explain_answer_problem, explain_mismatch
from leuvenhelpt.forms import parse_decimal

KINDS = ("questions", "products", "cases")
RULE_FIELDS = {"questions": "ask_if", "products": "applies_if"}
EDIT_LANGUAGES = ("nl", "en")


# ---------------------------------------------------------------------------
# Paths of problems and warnings


def item_path(kind: str, index: int) -> str:
    """The path of an item in the engine's messages: ``products[3]``."""
    return f"{kind}[{index}]"


def _under(message: str, prefix: str) -> bool:
    """Whether a problem (``products[3].applies_if: ...``) is about ``prefix`` or something inside it."""
    return message.startswith(prefix) and message[len(prefix) : len(prefix) + 1] in (".", "[", ":")


def problems_under(problems: Iterable[str], prefix: str) -> list[str]:
    """The problems whose path is ``prefix`` or lies inside it (``questions[1]`` does not match ``questions[10]``)."""
    return [problem for problem in problems if _under(problem, prefix)]


_PATH_RE = re.compile(
    r"^(?P<kind>questions|products|cases)\[(?P<index>\d+)\](?:\.(?P<field>[a-z_]+))?(?:\.(?P<sub>[A-Za-z-]+))?"
)


def problems_by_field(
    problems: Iterable[str], kind: str, index: int, field_names: Iterable[str]
) -> tuple[dict[str, list[str]], list[str]]:
    """Sort the engine's problems onto the form fields of one item.

    ``products[3].name: ...`` goes to ``name_nl``; ``products[3].name.en: ...`` to
    ``name_en``; ``products[3].applies_if: ...`` to ``applies_if``. Problems of the
    item as a whole, of fields the form does not have, and of other items come back
    separately, so that nothing is lost.
    """
    names = set(field_names)
    by_field: dict[str, list[str]] = {}
    other: list[str] = []
    for problem in problems:
        match = _PATH_RE.match(problem)
        target = None
        if match and match["kind"] == kind and int(match["index"]) == index and match["field"]:
            name, sub = match["field"], match["sub"]
            candidates = [f"{name}_{sub}"] if sub else []
            candidates += [name, f"{name}_nl"]
            target = next((candidate for candidate in candidates if candidate in names), None)
        if target is None:
            other.append(problem)
        else:
            by_field.setdefault(target, []).append(problem)
    return by_field, other


def item_index(document: Mapping[str, Any], kind: str, key: str) -> int | None:
    """The position of the question or product with this key (the case with this name)."""
    id_field = "name" if kind == "cases" else "key"
    for position, item in enumerate(document.get(kind) or []):
        if isinstance(item, Mapping) and item.get(id_field) == key:
            return position
    return None


def document_with_item(
    document: Mapping[str, Any], kind: str, key: str | None, item: dict[str, Any]
) -> tuple[dict[str, Any], int]:
    """A copy of the document with ``item`` in place of the one with ``key`` (or added at the end)."""
    changed = copy.deepcopy(dict(document))
    items = changed.setdefault(kind, []) if kind == "cases" else changed[kind]
    position = item_index(changed, kind, key) if key is not None else None
    if position is None:
        items.append(item)
        return changed, len(items) - 1
    items[position] = item
    return changed, position


def document_without_item(document: Mapping[str, Any], kind: str, key: str) -> dict[str, Any]:
    """A copy of the document without the question or product with this key (the case with this name)."""
    changed = copy.deepcopy(dict(document))
    position = item_index(changed, kind, key)
    if position is not None:
        del changed[kind][position]
    return changed


def check_document(document: dict[str, Any]) -> tuple[Catalogue | None, list[str]]:
    """Parse a whole document: the catalogue, or the engine's problems."""
    try:
        return parse_catalogue(document), []
    except CatalogueError as error:
        return None, list(error.problems)


# ---------------------------------------------------------------------------
# Rules


class RuleSyntaxError(ValueError):
    """A rule typed by an editor is not JSON."""


def rule_to_text(rule: Any) -> str:
    """A rule as JSON for a text area: on one line when short, indented when long."""
    if rule is None:
        return ""
    compact = json.dumps(rule, ensure_ascii=False)
    if len(compact) <= 90:
        return compact
    return json.dumps(rule, ensure_ascii=False, indent=2)


def rule_from_text(text: str) -> Any:
    """The rule in a text area (None when it is empty). Raises ``RuleSyntaxError`` for text that is not JSON."""
    if not text or not text.strip():
        return None
    if text_depth(text) > MAX_TEXT_DEPTH:
        raise RuleSyntaxError(_("This rule has too many groups inside each other. Make it simpler."))
    try:
        return json.loads(text)
    except RecursionError as error:
        raise RuleSyntaxError(_("This rule has too many groups inside each other. Make it simpler.")) from error
    except json.JSONDecodeError as error:
        raise RuleSyntaxError(
            _("This is not valid JSON (line %(line)s, column %(column)s: %(message)s).")
            % {"line": error.lineno, "column": error.colno, "message": error.msg}
        ) from error


def readable_rule(rule: Any, catalogue: Catalogue, language: str = "nl") -> str | None:
    """The rule as editors read it (``Woont u in Leuven? = Ja EN ...``), or None when it is not valid."""
    if rule is None:
        return None
    try:
        return describe_rule(rule, catalogue, language)
    except CatalogueError:
        return None


@dataclass
class RuleCheck:
    """What the editor sees under a rule while typing: its reading, or the problems."""

    empty: bool = False
    readable: str | None = None
    problems: list[EditorProblem] = field(default_factory=list)  # sentences in the editor's language
    warnings: list[EditorProblem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def _placeholder(kind: str, document: Mapping[str, Any], rule_field: str, rule: Any) -> dict[str, Any]:
    """A minimal valid new item carrying ``rule``, to check a rule of an item that does not exist yet."""
    language = document.get("default_language") or "nl"
    taken = {item.get("key") for item in document.get(kind) or [] if isinstance(item, Mapping)}
    key = "nieuw" if kind == "questions" else "nieuw-product"
    while key in taken:
        key += "x" if kind == "questions" else "-x"
    if kind == "questions":
        item = {"key": key, "type": "boolean", "text": {language: "?"}}
    else:
        item = {
            "key": key,
            "name": {language: "?"},
            "kind": "service",
            "audiences": ["citizen"],
            "theme": "nieuw",
            "summary": {language: "?"},
        }
    if rule is not None:
        item[rule_field] = rule
    elif kind == "products":
        item[rule_field] = True
    return item


def catalogue_with_rule(
    document: Mapping[str, Any], kind: str, key: str | None, rule: Any
) -> tuple[Catalogue | None, str | None]:
    """The catalogue as it would be with this rule on the item (a new item goes at the end), and the item's key.

    (None, None) when the document would not be valid that way.
    """
    rule_field = RULE_FIELDS[kind]
    position = item_index(document, kind, key) if key else None
    if position is None:
        item = _placeholder(kind, document, rule_field, rule)
        key = None
    else:
        item = copy.deepcopy(document[kind][position])
        if rule is None:
            item.pop(rule_field, None)
        else:
            item[rule_field] = rule
    changed, _position = document_with_item(document, kind, key, item)
    catalogue, _problems = check_document(changed)
    return catalogue, item.get("key")


def check_item_rule(
    document: Mapping[str, Any], kind: str, key: str | None, rule_text: str, language: str = "nl"
) -> RuleCheck:
    """Check the rule (``ask_if`` or ``applies_if``) of one item as it would be saved.

    The rule is put into a copy of the document, in the item with ``key`` (or in a new
    item at the end), and the whole document is parsed: only the problems whose path
    is that rule are shown, with the lint warnings about it. A valid rule comes back
    in readable form.
    """
    rule_field = RULE_FIELDS[kind]
    try:
        rule = rule_from_text(rule_text)
    except RuleSyntaxError as error:
        return RuleCheck(problems=[EditorProblem(str(error))])
    if rule is None and kind == "questions":
        return RuleCheck(empty=True)
    position = item_index(document, kind, key) if key else None
    if position is None:
        item = _placeholder(kind, document, rule_field, rule)
        key = None
    else:
        item = copy.deepcopy(document[kind][position])
        if rule is None:
            item.pop(rule_field, None)
        else:
            item[rule_field] = rule
    changed, position = document_with_item(document, kind, key, item)
    prefix = f"{item_path(kind, position)}.{rule_field}"
    catalogue, problems = check_document(changed)
    if catalogue is None:
        mine = problems_under(problems, prefix)
        if rule is None and not mine:
            mine = problems_under(problems, item_path(kind, position))
        if mine or rule is None:
            return RuleCheck(problems=explain_all(mine, changed, language))
        # The rule is fine; something else in the document is not (it cannot be saved either way).
        base, _problems = check_document(dict(document))
        return RuleCheck(readable=readable_rule(rule, base, language) if base else None)
    if rule is None:
        return RuleCheck(empty=True)
    return RuleCheck(
        readable=readable_rule(rule, catalogue, language),
        warnings=explain_all(problems_under(catalogue.warnings, prefix), changed, language),
    )


# ---------------------------------------------------------------------------
# Form values ↔ document items


def _text_parts(text: Any, prefix: str) -> dict[str, str]:
    """``{"nl": ..., "en": ...}`` as ``{"<prefix>_nl": ..., "<prefix>_en": ...}``."""
    if isinstance(text, str):
        return {f"{prefix}_nl": text, f"{prefix}_en": ""}
    text = text or {}
    return {f"{prefix}_{language}": text.get(language, "") for language in EDIT_LANGUAGES}


def _text_value(existing: Any, nl: str, en: str) -> dict[str, str] | None:
    """A text from the Dutch and English fields, keeping the other languages it already had."""
    out: dict[str, str] = {}
    if nl:
        out["nl"] = nl
    if en:
        out["en"] = en
    if isinstance(existing, Mapping):
        out.update({language: value for language, value in existing.items() if language not in EDIT_LANGUAGES})
    return out or None


def number_to_text(value: Any) -> str:
    return "" if value is None else str(value)


def number_from_text(text: str) -> int | float | None:
    """``"65"`` → 65, ``"2,5"`` → 2.5, ``""`` → None. Raises ``ValueError`` for anything else."""
    number = parse_decimal(text)  # the site's one reading of a typed number (raises ValueError)
    if number is None:
        return None
    return float(number) if "," in text or "." in text else int(number)


def options_to_text(options: Any) -> str:
    """Options as lines ``value | label nl | label en``."""
    lines = []
    for option in options or []:
        label = option.get("label") or {}
        parts = [option.get("value", ""), label.get("nl", "")]
        if label.get("en"):
            parts.append(label["en"])
        lines.append(" | ".join(parts))
    return "\n".join(lines)


class OptionsSyntaxError(ValueError):
    pass


def options_from_text(text: str, existing: Any = None) -> list[dict[str, Any]] | None:
    """Lines ``value | label nl | label en`` as options (None when there are none).

    Other languages of an existing option's label are kept. Raises
    ``OptionsSyntaxError`` naming the first line that does not have that form.
    """
    before = {option.get("value"): option.get("label") for option in existing or [] if isinstance(option, Mapping)}
    options = []
    for number, line in enumerate((text or "").splitlines(), start=1):
        if not line.strip():
            continue
        parts = [part.strip() for part in line.split("|")]
        if len(parts) not in (2, 3) or not parts[0] or not parts[1]:
            raise OptionsSyntaxError(number)
        label = _text_value(before.get(parts[0]), parts[1], parts[2] if len(parts) == 3 else "")
        options.append({"value": parts[0], "label": label})
    return options or None


def answers_to_text(answers: Any) -> str:
    """A case's answers as a JSON object with one answer per line."""
    if not answers:
        return "{}"
    lines = [
        f"  {json.dumps(key, ensure_ascii=False)}: {json.dumps(value, ensure_ascii=False)}"
        for key, value in answers.items()
    ]
    return "{\n" + ",\n".join(lines) + "\n}"


def keys_to_text(keys: Any) -> str:
    return ", ".join(keys or [])


def keys_from_text(text: str) -> list[str]:
    return [part.strip() for part in re.split(r"[,\n]", text or "") if part.strip()]


def question_initial(item: Mapping[str, Any]) -> dict[str, Any]:
    """Form values for a question of the document."""
    return {
        "key": item.get("key", ""),
        "type": item.get("type", ""),
        **_text_parts(item.get("text"), "text"),
        **_text_parts(item.get("agent_text"), "agent_text"),
        **_text_parts(item.get("help"), "help"),
        "options": options_to_text(item.get("options")),
        "min": number_to_text(item.get("min")),
        "max": number_to_text(item.get("max")),
        "ask_if": rule_to_text(item.get("ask_if")),
    }


def question_item(data: Mapping[str, Any], existing: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """A question of the document from cleaned form values (``options``, ``min``, ``max``, ``ask_if`` parsed)."""
    existing = existing or {}
    values = {
        "key": data["key"],
        "type": data["type"],
        "text": _text_value(existing.get("text"), data.get("text_nl", ""), data.get("text_en", "")) or {},
        "agent_text": _text_value(
            existing.get("agent_text"), data.get("agent_text_nl", ""), data.get("agent_text_en", "")
        ),
        "help": _text_value(existing.get("help"), data.get("help_nl", ""), data.get("help_en", "")),
        "options": data.get("options"),
        "min": data.get("min"),
        "max": data.get("max"),
        "ask_if": data.get("ask_if"),
    }
    return {
        name: values[name] for name in QUESTION_FIELDS if name in ("key", "type", "text") or values[name] is not None
    }


def product_initial(item: Mapping[str, Any]) -> dict[str, Any]:
    """Form values for a product of the document."""
    return {
        "key": item.get("key", ""),
        **_text_parts(item.get("name"), "name"),
        "kind": item.get("kind", ""),
        "audiences": list(item.get("audiences") or []),
        "theme": item.get("theme", ""),
        **_text_parts(item.get("summary"), "summary"),
        **_text_parts(item.get("how_to"), "how_to"),
        **_text_parts(item.get("service"), "service"),
        "url": item.get("url", ""),
        "applies_if": rule_to_text(item.get("applies_if")),
        "help_route": item.get("help_route") or "none",
        "priority": item.get("priority") or "",
        "checked_on": item.get("checked_on", ""),
        "source": item.get("source", ""),
    }


def product_item(data: Mapping[str, Any], existing: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """A product of the document from cleaned form values (``applies_if`` parsed).

    ``service`` stays a plain string when it was one and no English is given; ``help_route``
    "none" is only written when the product already said so (it is the default).
    """
    existing = existing or {}
    service_nl, service_en = data.get("service_nl", ""), data.get("service_en", "")
    if isinstance(existing.get("service"), str) and not service_en:
        service: Any = service_nl or None
    else:
        service = _text_value(existing.get("service"), service_nl, service_en)
    help_route = data.get("help_route") or "none"
    if help_route == "none" and "help_route" not in existing:
        help_route = None
    values = {
        "key": data["key"],
        "name": _text_value(existing.get("name"), data.get("name_nl", ""), data.get("name_en", "")) or {},
        "kind": data["kind"],
        "audiences": list(data.get("audiences") or []),
        "theme": data["theme"],
        "summary": _text_value(existing.get("summary"), data.get("summary_nl", ""), data.get("summary_en", "")) or {},
        "how_to": _text_value(existing.get("how_to"), data.get("how_to_nl", ""), data.get("how_to_en", "")),
        "service": service,
        "url": data.get("url") or None,
        "applies_if": data.get("applies_if"),
        "help_route": help_route,
        "priority": data.get("priority") or None,
        "checked_on": data["checked_on"].isoformat() if data.get("checked_on") else None,
        "source": (data.get("source") or "").strip() or None,
    }
    required = ("key", "name", "kind", "audiences", "theme", "summary", "applies_if")
    return {name: values[name] for name in PRODUCT_FIELDS if name in required or values[name] is not None}


def case_initial(item: Mapping[str, Any]) -> dict[str, Any]:
    """Form values for an example case of the document."""
    return {
        "name": item.get("name", ""),
        "answers": answers_to_text(item.get("answers")),
        "applies": keys_to_text(item.get("applies")),
        "not_applies": keys_to_text(item.get("not_applies")),
    }


def case_item(data: Mapping[str, Any], existing: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """An example case from cleaned form values (``answers`` parsed, key lists split).

    An empty list is only written when the case already had that list.
    """
    existing = existing or {}
    out: dict[str, Any] = {"name": data["name"], "answers": data["answers"]}
    for name in ("applies", "not_applies"):
        keys = list(data.get(name) or [])
        if keys or name in existing:
            out[name] = keys
    return out


# ---------------------------------------------------------------------------
# The edition page


@dataclass
class QuestionRow:
    number: int
    question: Any
    text: str
    ask_if: str | None
    options: list[str]
    warnings: list[str]


@dataclass
class ProductRow:
    product: Any
    name: str
    rule: str | None
    warnings: list[str]


def question_rows(
    catalogue: Catalogue, language: str, *, document: Mapping[str, Any] | None = None, edition_id: int | None = None
) -> list[QuestionRow]:
    default = catalogue.default_language
    rows = []
    for question in catalogue.questions:
        rows.append(
            QuestionRow(
                number=question.index + 1,
                question=question,
                text=text_in(question.text, language, default),
                ask_if=readable_rule(question.ask_if, catalogue, language),
                options=[text_in(option.label, language, default) for option in question.options or ()],
                warnings=explain_all(
                    problems_under(catalogue.warnings, item_path("questions", question.index)),
                    document,
                    language,
                    edition_id=edition_id,
                ),
            )
        )
    return rows


def product_groups(
    catalogue: Catalogue, language: str, *, document: Mapping[str, Any] | None = None, edition_id: int | None = None
) -> list[tuple[str, list[ProductRow]]]:
    """Products grouped by theme, themes in order of first appearance, products in document order."""
    groups: dict[str, list[ProductRow]] = {}
    for product in catalogue.products:
        groups.setdefault(product.theme, []).append(
            ProductRow(
                product=product,
                name=text_in(product.name, language, catalogue.default_language),
                rule=readable_rule(product.applies_if, catalogue, language),
                warnings=explain_all(
                    problems_under(catalogue.warnings, item_path("products", product.index)),
                    document,
                    language,
                    edition_id=edition_id,
                ),
            )
        )
    return list(groups.items())


def general_warnings(catalogue: Catalogue, language: str = "nl") -> list[EditorProblem]:
    """Lint warnings that are not about one question or product, as sentences."""
    return explain_all([warning for warning in catalogue.warnings if not _PATH_RE.match(warning)], None, language)


def case_lines(result: Any, document: Mapping[str, Any], language: str) -> list[str]:
    """Why an example case fails, one sentence per product, naming the product and questions by their text."""
    return [explain_mismatch(mismatch, result.name, document, language) for mismatch in result.mismatches]


# ---------------------------------------------------------------------------
# The difference between two editions


@dataclass(frozen=True)
class FieldChange:
    """One field that differs: as editors read it, and for rules also the JSON."""

    field: str
    before: str
    after: str
    before_json: str = ""
    after_json: str = ""

    @property
    def label(self) -> str:
        """The field as editors call it (‘De regel’), never the format's key."""
        from assistant.problems import field_label

        return field_label(self.field)


@dataclass(frozen=True)
class ItemChange:
    key: str
    label: str
    fields: tuple[FieldChange, ...]


@dataclass(frozen=True)
class ItemRef:
    key: str
    label: str


@dataclass
class SectionDiff:
    added: list[ItemRef] = field(default_factory=list)
    removed: list[ItemRef] = field(default_factory=list)
    changed: list[ItemChange] = field(default_factory=list)
    reordered: bool = False

    @property
    def has_changes(self) -> bool:
        return bool(self.added or self.removed or self.changed or self.reordered)


@dataclass(frozen=True)
class OutcomeChange:
    """A product whose outcome for an example case differs between the editions."""

    case: str
    product: str
    product_name: str
    before: str  # applies, not_applies, undecided or absent (not in that edition)
    after: str


@dataclass(frozen=True)
class CaseProblem:
    """A case whose answers one of the editions does not accept (a question or option is gone)."""

    case: str
    edition: str  # "published" or "draft"
    messages: tuple[str, ...]


@dataclass
class EditionDiff:
    questions: SectionDiff
    products: SectionDiff
    cases: SectionDiff
    outcomes: list[OutcomeChange]
    case_problems: list[CaseProblem]
    cases_compared: int

    @property
    def has_changes(self) -> bool:
        return self.questions.has_changes or self.products.has_changes or self.cases.has_changes


def _show(value: Any, name: str, catalogue: Catalogue, language: str) -> str:
    """A field's value as an editor reads it in a comparison (a rule in words)."""
    if value is None:
        return "—"
    if name in ("ask_if", "applies_if"):
        return readable_rule(value, catalogue, language) or json.dumps(value, ensure_ascii=False)
    if name == "options":
        return options_to_text(value)
    if name == "answers":
        return answers_to_text(value)
    if isinstance(value, Mapping) and all(isinstance(part, str) for part in value.values()):
        return "\n".join(f"{language_code}: {text}" for language_code, text in value.items())
    if isinstance(value, list) and all(isinstance(part, str) for part in value):
        return ", ".join(value)
    if isinstance(value, bool):
        return json.dumps(value)
    if isinstance(value, str | int | float):
        return str(value)
    return json.dumps(value, ensure_ascii=False, indent=1)


def _field_change(name: str, old: Any, new: Any, before_cat: Catalogue, after_cat: Catalogue, language: str):
    change = FieldChange(name, _show(old, name, before_cat, language), _show(new, name, after_cat, language))
    if name in ("ask_if", "applies_if"):
        change = FieldChange(
            name,
            change.before,
            change.after,
            "" if old is None else json.dumps(old, ensure_ascii=False),
            "" if new is None else json.dumps(new, ensure_ascii=False),
        )
    return change


def _label(kind: str, item: Mapping[str, Any], language: str, default: str) -> str:
    if kind == "questions":
        return text_in(item["text"], language, default)
    if kind == "products":
        return text_in(item["name"], language, default)
    return item["name"]


def _section(
    kind: str,
    before_doc: Mapping[str, Any],
    after_doc: Mapping[str, Any],
    before_cat: Catalogue,
    after_cat: Catalogue,
    fields: Iterable[str],
    language: str,
) -> SectionDiff:
    id_field = "name" if kind == "cases" else "key"
    before = {item[id_field]: item for item in before_doc.get(kind) or []}
    after = {item[id_field]: item for item in after_doc.get(kind) or []}
    section = SectionDiff()
    for key, item in after.items():
        if key not in before:
            section.added.append(ItemRef(key, _label(kind, item, language, after_cat.default_language)))
            continue
        old = before[key]
        changes = tuple(
            _field_change(name, old.get(name), item.get(name), before_cat, after_cat, language)
            for name in fields
            if old.get(name) != item.get(name)
        )
        if changes:
            section.changed.append(ItemChange(key, _label(kind, item, language, after_cat.default_language), changes))
    for key, item in before.items():
        if key not in after:
            section.removed.append(ItemRef(key, _label(kind, item, language, before_cat.default_language)))
    common_before = [key for key in before if key in after]
    common_after = [key for key in after if key in before]
    section.reordered = common_before != common_after
    return section


def _outcomes(
    catalogue: Catalogue, answers: Mapping[str, Any], document: Mapping[str, Any], language: str
) -> tuple[dict[str, str] | None, list[str]]:
    try:
        evaluation = catalogue.evaluate(answers)
    except AnswerError as error:
        return None, [explain_answer_problem(problem, document, language) for problem in error.problems]
    outcomes = dict.fromkeys(evaluation.applies, "applies")
    outcomes.update(dict.fromkeys(evaluation.not_applies, "not_applies"))
    outcomes.update(dict.fromkeys(evaluation.undecided, "undecided"))
    return outcomes, []


def diff_editions(
    published: Mapping[str, Any],
    draft: Mapping[str, Any],
    *,
    language: str = "nl",
    published_catalogue: Catalogue | None = None,
    draft_catalogue: Catalogue | None = None,
) -> EditionDiff:
    """What a draft changes compared with the published edition (both valid documents).

    Questions, products and cases that were added, removed or changed (field by field),
    and for every example case of either edition (the same name and answers count once)
    the products whose outcome differs: ``applies`` → ``not_applies`` and so on, with
    ``absent`` for a product that only one edition has. A product that is absent on
    one side and does not apply on the other is not a change anyone would notice, and
    is left out.
    """
    before_cat = published_catalogue or parse_catalogue(dict(published))
    after_cat = draft_catalogue or parse_catalogue(dict(draft))
    questions = _section("questions", published, draft, before_cat, after_cat, QUESTION_FIELDS, language)
    products = _section("products", published, draft, before_cat, after_cat, PRODUCT_FIELDS, language)
    cases = _section("cases", published, draft, before_cat, after_cat, ("answers", "applies", "not_applies"), language)

    seen: set[tuple[str, str]] = set()
    union: list[tuple[str, dict[str, Any]]] = []
    for case in (*after_cat.cases, *before_cat.cases):
        marker = (case.name, json.dumps(case.answers, sort_keys=True))
        if marker not in seen:
            seen.add(marker)
            union.append((case.name, case.answers))
    names = {}
    for product in (*before_cat.products, *after_cat.products):
        names[product.key] = text_in(product.name, language, after_cat.default_language)
    keys = [product.key for product in after_cat.products]
    keys += [product.key for product in before_cat.products if product.key not in set(keys)]

    changes: list[OutcomeChange] = []
    problems: list[CaseProblem] = []
    for name, answers in union:
        before, before_problems = _outcomes(before_cat, answers, published, language)
        after, after_problems = _outcomes(after_cat, answers, draft, language)
        if before_problems:
            problems.append(CaseProblem(name, "published", tuple(before_problems)))
        if after_problems:
            problems.append(CaseProblem(name, "draft", tuple(after_problems)))
        if before is None or after is None:
            continue
        for key in keys:
            old, new = before.get(key, "absent"), after.get(key, "absent")
            if old != new and {old, new} != {"absent", "not_applies"}:
                changes.append(OutcomeChange(name, key, names[key], old, new))
    return EditionDiff(questions, products, cases, changes, problems, len(union))


# ---------------------------------------------------------------------------
# Anonymous usage


@dataclass(frozen=True)
class QuestionUsage:
    key: str
    text: str
    shown: int
    answered: int

    @property
    def dropped(self) -> int:
        """People who saw the question and did not answer it (they stopped, went back or restarted)."""
        return max(self.shown - self.answered, 0)

    @property
    def drop_share(self) -> float:
        return self.dropped / self.shown if self.shown else 0.0

    @property
    def drop_percent(self) -> float:
        return 100 * self.drop_share


@dataclass(frozen=True)
class ProductUsage:
    key: str
    name: str
    applied: int
    help_clicked: int


@dataclass(frozen=True)
class Bar:
    """One bar of a chart: the count and its width as a share of the longest bar."""

    key: str
    label: str
    count: int
    share: float  # of the first step (funnel) or of what was shown (drop-off)
    width: str  # "0.0" … "100.0", for an SVG width attribute (never localised)

    @property
    def percent(self) -> float:
        return 100 * self.share


@dataclass
class UsageReport:
    edition: Edition
    start: date | None
    end: date | None
    started: int
    finished: int
    no_product: int
    help_clicked: int
    results_mailed: int
    first_question: str | None
    first_answered: int
    questions: list[QuestionUsage]
    products: list[ProductUsage]

    @property
    def is_empty(self) -> bool:
        return not (self.started or self.questions or self.products or self.help_clicked or self.results_mailed)

    def funnel(self) -> list[Bar]:
        """Started → answered the first question → finished → asked Leuven Helpt for help."""
        steps = [
            ("session_started", _("Started the assistant"), self.started),
            ("first_answered", _("Answered the first question"), self.first_answered),
            ("session_finished", _("Saw their results"), self.finished),
            ("help_clicked", _("Asked Leuven Helpt for help"), self.help_clicked),
        ]
        top = max([self.started, *(count for _key, _label, count in steps)]) or 1
        return [
            Bar(key, label, count, count / self.started if self.started else 0.0, f"{100 * count / top:.1f}")
            for key, label, count in steps
        ]

    def drop_off(self) -> list[Bar]:
        """Per question, the share of people who saw it and went no further."""
        return [
            Bar(row.key, row.text, row.dropped, row.drop_share, f"{100 * row.drop_share:.1f}")
            for row in self.questions
            if row.shown
        ]

    def product_bars(self, limit: int = 15) -> list[Bar]:
        """The products most often shown as applying (the table beside the chart lists them all)."""
        rows = [row for row in self.products if row.applied][:limit]
        top = max((row.applied for row in rows), default=0) or 1
        total = self.finished or 0
        return [
            Bar(row.key, row.name, row.applied, row.applied / total if total else 0.0, f"{100 * row.applied / top:.1f}")
            for row in rows
        ]

    def csv_rows(self) -> list[list[Any]]:
        """The report's tables as one long table: table, key, label, measure, count."""
        header = [_("table"), _("key"), _("description"), _("measure"), _("count")]
        rows: list[list[Any]] = [header]
        summary = _("summary")
        rows += [
            [summary, "session_started", _("Sessions started"), _("count"), self.started],
            [summary, "session_finished", _("Sessions finished"), _("count"), self.finished],
            [summary, "no_product", _("No product applied"), _("count"), self.no_product],
            [summary, "help_clicked", _("Asked Leuven Helpt for help"), _("count"), self.help_clicked],
            [summary, "results_mailed", _("Results e-mailed"), _("count"), self.results_mailed],
        ]
        funnel = _("funnel")
        rows += [[funnel, bar.key, bar.label, _("count"), bar.count] for bar in self.funnel()]
        questions = _("questions")
        for row in self.questions:
            rows += [
                [questions, row.key, row.text, _("shown"), row.shown],
                [questions, row.key, row.text, _("answered"), row.answered],
                [questions, row.key, row.text, _("dropped off"), row.dropped],
            ]
        products = _("products")
        for row in self.products:
            rows += [
                [products, row.key, row.name, _("shown as applying"), row.applied],
                [products, row.key, row.name, _("asked for help"), row.help_clicked],
            ]
        return rows


def usage_report(
    *, edition: Edition, catalogue: Catalogue, start: date | None, end: date | None, language: str
) -> UsageReport:
    """The anonymous counts of one edition over a period (either end open): one query.

    Questions come in document order and products by how often they applied; keys that
    the edition no longer has (none, normally) are listed with their key as label.
    """
    counts = UsageCount.objects.filter(edition=edition)
    if start:
        counts = counts.filter(day__gte=start)
    if end:
        counts = counts.filter(day__lte=end)
    totals: dict[str, dict[str, int]] = {}
    for event, key, total in counts.values_list("event", "key").annotate(total=Sum("count")).order_by():
        totals.setdefault(event, {})[key] = totals.get(event, {}).get(key, 0) + total
    Event = UsageCount.Event

    def total(event: str) -> int:
        return sum(totals.get(event, {}).values())

    default = catalogue.default_language
    shown, answered = totals.get(Event.QUESTION_SHOWN, {}), totals.get(Event.QUESTION_ANSWERED, {})
    question_keys = [question.key for question in catalogue.questions]
    question_keys += sorted((set(shown) | set(answered)) - set(question_keys))
    questions = []
    for key in question_keys:
        if key in shown or key in answered:
            try:
                label = text_in(catalogue.question(key).text, language, default)
            except KeyError:
                label = key
            questions.append(QuestionUsage(key, label, shown.get(key, 0), answered.get(key, 0)))

    applied, helped = totals.get(Event.PRODUCT_APPLIED, {}), totals.get(Event.HELP_CLICKED, {})
    products = []
    for key in set(applied) | {key for key in helped if key}:
        try:
            label = text_in(catalogue.product(key).name, language, default)
        except KeyError:
            label = key
        products.append(ProductUsage(key, label, applied.get(key, 0), helped.get(key, 0)))
    products.sort(key=lambda row: (-row.applied, -row.help_clicked, row.name))

    first = catalogue.questions[0].key if catalogue.questions else None
    return UsageReport(
        edition=edition,
        start=start,
        end=end,
        started=total(Event.SESSION_STARTED),
        finished=total(Event.SESSION_FINISHED),
        no_product=total(Event.NO_PRODUCT),
        help_clicked=total(Event.HELP_CLICKED),
        results_mailed=total(Event.RESULTS_MAILED),
        first_question=first,
        first_answered=answered.get(first, 0) if first else 0,
        questions=questions,
        products=products,
    )


# ---------------------------------------------------------------------------
# Who gets this? (beside a product's rule)

WHO_GETS_DAYS = 90
WHO_GETS_MAX_SETS = 3000  # the most frequent distinct answer sets; each is one evaluation per rule


@dataclass(frozen=True)
class CaseHit:
    number: int  # 1-based, for the case's edit page
    name: str


@dataclass
class WhoGets:
    """Who a product's rule reaches: example cases, and anonymous answer sets of the last 90 days."""

    cases: list[CaseHit]
    case_total: int
    sessions: int  # finished sessions in the period (all answer sets)
    draft_count: int | None  # sessions that would get the product under the rule as built now
    published_count: int | None  # … under the published rule (None: not in the published edition)
    sampled: bool = False  # only the most frequent answer sets were evaluated


def _answers_fitting(catalogue: Catalogue, answers: Mapping[str, Any]) -> dict[str, Any] | None:
    """The answers this catalogue accepts (answers to questions it no longer has, or no longer fitting, left out)."""
    answers = dict(answers)
    for _attempt in range(3):
        try:
            catalogue.validate_answers(answers)
        except AnswerError as error:
            for problem in error.problems:
                answers.pop(problem.question, None)
            if any(problem.question is None for problem in error.problems):
                return None
            continue
        return answers
    return None


def _evaluate_fitting(catalogue: Catalogue, answers: Mapping[str, Any]) -> Any:
    """The evaluation of the answers this catalogue accepts (None when none can be evaluated).

    Evaluating checks the answers anyway, so the common case (all answers fit) costs one evaluation; only a set with
    answers that no longer fit is trimmed first.
    """
    try:
        return catalogue.evaluate(answers)
    except AnswerError:
        fitting = _answers_fitting(catalogue, answers)
        return catalogue.evaluate(fitting) if fitting is not None else None


def _reach(catalogue: Catalogue | None, product_key: str, sets: list[tuple[dict[str, Any], int]]) -> int | None:
    if catalogue is None:
        return None
    try:
        catalogue.product(product_key)
    except KeyError:
        return None
    total = 0
    for answers, count in sets:
        evaluation = _evaluate_fitting(catalogue, answers)
        if evaluation is not None and product_key in evaluation.applies:
            total += count
    return total


def recent_answer_sets(*, today: date, days: int = WHO_GETS_DAYS) -> tuple[list[tuple[dict[str, Any], int]], int, bool]:
    """The anonymous answer sets of the last ``days`` days (any edition), merged, most frequent first (one query).

    Returns the sets (at most ``WHO_GETS_MAX_SETS``), the number of sessions in all of them, and whether
    only a part was kept.
    """
    from datetime import timedelta

    from assistant.models import AnswerSet

    merged: dict[str, list[Any]] = {}
    rows = AnswerSet.objects.filter(week__gte=today - timedelta(days=days)).values_list("digest", "answers", "count")
    for digest, answers, count in rows:
        entry = merged.setdefault(digest, [answers, 0])
        entry[1] += count
    ordered = sorted(merged.values(), key=lambda entry: -entry[1])
    sessions = sum(count for _answers, count in ordered)
    return (
        [(answers, count) for answers, count in ordered[:WHO_GETS_MAX_SETS]],
        sessions,
        len(ordered) > WHO_GETS_MAX_SETS,
    )


def who_gets(
    *,
    draft: Catalogue | None,
    published: Catalogue | None,
    product_key: str,
    answer_sets: list[tuple[dict[str, Any], int]],
    sessions: int,
    sampled: bool = False,
) -> WhoGets:
    """The example cases of the draft that get the product under the rule as built, and the reach of both rules."""
    hits: list[CaseHit] = []
    if draft is not None:
        for result in draft.run_cases():
            if product_key in result.evaluation.applies:
                hits.append(CaseHit(result.index + 1, result.name))
    return WhoGets(
        cases=hits,
        case_total=len(draft.cases) if draft is not None else 0,
        sessions=sessions,
        draft_count=_reach(draft, product_key, answer_sets),
        published_count=_reach(published, product_key, answer_sets),
        sampled=sampled,
    )


# ---------------------------------------------------------------------------
# Facts to check again

CHECK_AGAIN_DAYS = 365


@dataclass(frozen=True)
class UncheckedProduct:
    key: str
    name: str
    checked_on: date | None


def unchecked_products(catalogue: Catalogue, language: str, today: date) -> list[UncheckedProduct]:
    """Products whose facts were never checked, or not in the last 12 months; the oldest first."""
    out = []
    for product in catalogue.products:
        checked = date.fromisoformat(product.checked_on) if product.checked_on else None
        if checked is None or (today - checked).days > CHECK_AGAIN_DAYS:
            out.append(
                UncheckedProduct(product.key, text_in(product.name, language, catalogue.default_language), checked)
            )
    return sorted(out, key=lambda row: (row.checked_on is not None, row.checked_on or date.min, row.name))


# ---------------------------------------------------------------------------
# Who gets this? (beside a question's rule)

WHO_ANSWERS_TOP_VALUES = 8  # number and postcode questions: the most frequent answers, the rest together


def rule_question_keys(rule: Any) -> set[str]:
    """The keys of the questions a JSON Logic rule mentions (``{"var": key}``), at any depth."""
    found: set[str] = set()
    stack = [rule]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            value = node.get("var") if len(node) == 1 else None
            if isinstance(value, str):
                found.add(value)
                continue
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    return found


@dataclass(frozen=True)
class ItemLink:
    key: str
    name: str


@dataclass(frozen=True)
class AnswerTally:
    label: str
    count: int


@dataclass(frozen=True)
class ProductReach:
    key: str
    name: str
    direct: bool  # the product's own rule uses the question (else through a question it decides on)
    draft_count: int | None  # answer sets that get it with the question's rule as built on the page
    published_count: int | None  # … with the published edition (None: not in it)

    @property
    def changes(self) -> bool:
        return self.draft_count is not None and self.draft_count != self.published_count


@dataclass
class QuestionReach:
    """Who a question reaches: what depends on it, how the last 90 days answered it, and what changes."""

    products: list[ItemLink]  # products whose rule uses the question
    questions: list[ItemLink]  # questions asked only when this one decides (their ask_if uses it)
    cases: list[CaseHit]  # example cases that answer it
    case_total: int
    sessions: int
    answers: list[AnswerTally] = field(default_factory=list)
    skipped: int = 0  # sets where the question is skipped under the rule on the page
    not_asked: int = 0  # sets without an answer where it is not skipped either (not needed, or stopped early)
    reach: list[ProductReach] = field(default_factory=list)
    draft_ok: bool = True  # False: the rule on the page is not valid, so nothing is counted under it
    sampled: bool = False


def _answer_label(question: Any, value: Any, language: str, default: str) -> str:
    if question.type == "boolean":
        return _("Yes") if value else _("No")
    if question.type in ("choice", "multi"):
        option = question.option(value)
        return text_in(option.label, language, default) if option is not None else str(value)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value)


def _tally(question: Any, values: list[tuple[Any, int]], language: str, default: str) -> list[AnswerTally]:
    """The answers given to one question, counted the way its type reads best."""
    from collections import Counter

    counts: Counter[Any] = Counter()
    empty = 0
    for value, count in values:
        if question.type == "multi":
            if not value:
                empty += count
            for option in value or ():
                counts[option] += count
        elif isinstance(value, list | dict):
            continue
        else:
            counts[value] += count
    out: list[AnswerTally] = []
    if question.type in ("choice", "multi"):
        for option in question.options or ():
            out.append(AnswerTally(text_in(option.label, language, default), counts.pop(option.value, 0)))
        if question.type == "multi":
            out.append(AnswerTally(_("none of these"), empty))
        return out
    if question.type == "boolean":
        return [AnswerTally(_("Yes"), counts.get(True, 0)), AnswerTally(_("No"), counts.get(False, 0))]
    ordered = sorted(counts.items(), key=lambda item: (-item[1], str(item[0])))
    out = [
        AnswerTally(_answer_label(question, value, language, default), count)
        for value, count in ordered[:WHO_ANSWERS_TOP_VALUES]
    ]
    rest = sum(count for _value, count in ordered[WHO_ANSWERS_TOP_VALUES:])
    if rest:
        out.append(AnswerTally(_("other answers"), rest))
    return out


def _decided_by(catalogue: Catalogue, question_key: str) -> tuple[list[str], set[str]]:
    """The questions whose ``ask_if`` depends on this question (also through each other), and the products that
    use the question or one of them."""
    gated: list[str] = []
    reached = {question_key}
    for question in catalogue.questions:
        if question.key != question_key and rule_question_keys(question.ask_if) & reached:
            gated.append(question.key)
            reached.add(question.key)
    document = catalogue.to_document()
    products = {
        product["key"] for product in document["products"] if rule_question_keys(product.get("applies_if")) & reached
    }
    return gated, products


def question_usage(
    *,
    draft: Catalogue | None,
    saved: Catalogue,
    published: Catalogue | None,
    question_key: str | None,
    answer_sets: list[tuple[dict[str, Any], int]],
    sessions: int,
    language: str,
    sampled: bool = False,
) -> QuestionReach:
    """ "Who gets this?" for a question with its ``ask_if`` as built on the page (``draft``; None while invalid).

    ``saved`` is the draft edition as saved (for the products and questions that depend on the question when
    the rule on the page cannot be read). Products and answers are counted over the anonymous answer sets,
    each evaluated once per catalogue.
    """
    from collections import Counter

    base = draft or saved
    default = base.default_language
    if question_key is None:
        return QuestionReach([], [], [], len(base.cases), sessions, draft_ok=draft is not None, sampled=sampled)
    try:
        question = base.question(question_key)
    except KeyError:
        return QuestionReach([], [], [], len(base.cases), sessions, draft_ok=draft is not None, sampled=sampled)
    document = base.to_document()
    direct = [
        product["key"] for product in document["products"] if question_key in rule_question_keys(product["applies_if"])
    ]
    gated, affected = _decided_by(base, question_key)

    def name_of(key: str) -> str:
        return text_in(base.product(key).name, language, default)

    products = [ItemLink(key, name_of(key)) for key in direct]
    questions = [ItemLink(key, text_in(base.question(key).text, language, default)) for key in gated]
    cases = [
        CaseHit(result.index + 1, result.name)
        for result in base.run_cases()
        if question_key in result.evaluation.effective_answers
    ]
    usage = QuestionReach(
        products, questions, cases, len(base.cases), sessions, draft_ok=draft is not None, sampled=sampled
    )
    if not answer_sets:
        return usage

    values: list[tuple[Any, int]] = []
    draft_reach: Counter[str] = Counter()
    published_reach: Counter[str] = Counter()
    for answers, count in answer_sets:
        evaluation = _evaluate_fitting(base, answers)
        if evaluation is None:
            continue
        if question_key in evaluation.effective_answers:
            values.append((evaluation.effective_answers[question_key], count))
        elif question_key in evaluation.skipped:
            usage.skipped += count
        else:
            usage.not_asked += count
        if draft is not None:
            for key in evaluation.applies:
                draft_reach[key] += count
        if published is not None:
            published_evaluation = _evaluate_fitting(published, answers)
            if published_evaluation is not None:
                for key in published_evaluation.applies:
                    published_reach[key] += count
    usage.answers = _tally(question, values, language, default)
    published_keys = {product.key for product in published.products} if published is not None else set()
    for key in [key for key in direct] + sorted(affected - set(direct), key=name_of):
        usage.reach.append(
            ProductReach(
                key=key,
                name=name_of(key),
                direct=key in direct,
                draft_count=draft_reach.get(key, 0) if draft is not None else None,
                published_count=published_reach.get(key, 0) if key in published_keys else None,
            )
        )
    return usage
