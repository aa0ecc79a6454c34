"""The catalogue's texts in every offered language: which are missing, which are machine-made and not yet checked.

A catalogue text is a mapping language → string that always holds Dutch (the default language). The document's
optional ``unchecked`` field lists, per language, the paths of translations marked "machine-made, not yet checked"
(``products.<key>.name``, ``questions.<key>.options.<value>.label``); an editor who checks one removes its mark.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.utils.translation import gettext_lazy as _

PRODUCT_TEXTS = (("name", _("Name")), ("summary", _("Summary")), ("how_to", _("Next step")), ("service", _("Service")))
QUESTION_TEXTS = (("text", _("Question")), ("agent_text", _("Question as the agent reads it")), ("help", _("Help")))
LONG_FIELDS = {"summary", "how_to", "help"}


def languages() -> list[str]:
    """The offered languages besides Dutch, whose texts an editor adds."""
    return [code for code in settings.LANGUAGES_OFFERED if code != "nl"]


@dataclass
class TextRow:
    """One text of an item (a field, or an option's label) in every language."""

    path: str
    label: str
    values: dict[str, str]
    long: bool = False
    missing: list[str] = field(default_factory=list)
    unchecked: list[str] = field(default_factory=list)


def text_rows(kind: str, item: Mapping[str, Any], unchecked: Mapping[str, Iterable[str]]) -> list[TextRow]:
    """The texts of a question or product (``kind`` "questions" or "products"), in document order."""
    prefix = f"{kind}.{item['key']}"
    marked = {language: set(paths) for language, paths in unchecked.items()}
    found: list[tuple[str, str, Mapping[str, str], bool]] = []
    for name, label in PRODUCT_TEXTS if kind == "products" else QUESTION_TEXTS:
        if isinstance(item.get(name), dict):  # a plain string (e.g. a service's name) has no languages
            found.append((f"{prefix}.{name}", str(label), item[name], name in LONG_FIELDS))
    for option in item.get("options") or ():
        if not isinstance(option.get("label"), dict):
            continue
        nl = option["label"].get("nl", option["value"])
        found.append((f"{prefix}.options.{option['value']}.label", str(_("Option “%s”") % nl), option["label"], False))
    rows = []
    for path, label, text, long in found:
        row = TextRow(path=path, label=label, values=dict(text), long=long)
        row.missing = [code for code in languages() if not (text.get(code) or "").strip()]
        row.unchecked = [code for code in languages() if path in marked.get(code, ()) and code not in row.missing]
        rows.append(row)
    return rows


URL_KINDS = {"questions": "vragen", "products": "producten"}


@dataclass
class ItemCoverage:
    kind: str
    key: str
    name: str
    cells: list[dict[str, Any]]  # per language: code, missing (count), unchecked (count)

    @property
    def url_kind(self) -> str:
        return URL_KINDS[self.kind]


def coverage(document: Mapping[str, Any]) -> list[ItemCoverage]:
    """Per question and product: how many of its texts lack each language, and how many are unchecked."""
    unchecked = document.get("unchecked") or {}
    out = []
    for kind, title in (("questions", "text"), ("products", "name")):
        for item in document.get(kind, ()):
            rows = text_rows(kind, item, unchecked)
            out.append(
                ItemCoverage(
                    kind=kind,
                    key=item["key"],
                    name=item[title].get("nl", item["key"]),
                    cells=[
                        {
                            "code": code,
                            "missing": sum(code in row.missing for row in rows),
                            "unchecked": sum(code in row.unchecked for row in rows),
                        }
                        for code in languages()
                    ],
                )
            )
    return out


def _text_at(item: dict[str, Any], path: str) -> dict[str, str]:
    parts = path.split(".")[2:]
    if parts[0] == "options":
        return next(option for option in item["options"] if option["value"] == parts[1])["label"]
    return item[parts[0]]


def with_translations(
    document: Mapping[str, Any],
    kind: str,
    key: str,
    values: Mapping[str, Mapping[str, str]],
    machine_made: Mapping[str, set[str]],
) -> dict[str, Any]:
    """A copy of the document with an item's translations replaced (``values``: path → language → string; an
    empty string leaves the language out, so it falls back to Dutch) and the item's "machine-made, not yet
    checked" marks set to ``machine_made`` (language → paths)."""
    doc = copy.deepcopy(dict(document))
    item = next(item for item in doc[kind] if item["key"] == key)
    prefix = f"{kind}.{key}."
    for path, by_language in values.items():
        text = _text_at(item, path)
        for code, string in by_language.items():
            if code == "nl":
                continue
            if string.strip():
                text[code] = string.strip()
            else:
                text.pop(code, None)
    unchecked = {
        code: [p for p in paths if not p.startswith(prefix)] for code, paths in (doc.get("unchecked") or {}).items()
    }
    for code, paths in machine_made.items():
        unchecked.setdefault(code, []).extend(p for p in paths if (_text_at(item, p).get(code) or "").strip())
    unchecked = {code: sorted(set(paths)) for code, paths in unchecked.items() if paths}
    if unchecked or "unchecked" in doc:
        doc["unchecked"] = unchecked
    return doc


def _texts(kind: str, item: Mapping[str, Any]) -> dict[str, Mapping[str, str]]:
    """Path → text of every text of an item, keyed with the item's own key."""
    return {row.path: row.values for row in text_rows(kind, item, {})}


def mark_stale(document: dict[str, Any], kind: str, before: Mapping[str, Any], after: Mapping[str, Any]) -> None:
    """After an editor changed Dutch texts of an item (in ``document``, in place): every translation of a changed
    Dutch text that was not changed with it is marked "machine-made, not yet checked" — it may no longer say the
    same. A renamed item's marks follow its new key."""
    old_prefix, new_prefix = f"{kind}.{before['key']}.", f"{kind}.{after['key']}."
    unchecked = {
        code: [new_prefix + p.removeprefix(old_prefix) if p.startswith(old_prefix) else p for p in paths]
        for code, paths in (document.get("unchecked") or {}).items()
    }
    old_texts = {path.replace(old_prefix, new_prefix, 1): text for path, text in _texts(kind, before).items()}
    for path, text in _texts(kind, after).items():
        old = old_texts.get(path)
        if old is None or old.get("nl") == text.get("nl"):
            continue
        for code, string in text.items():
            if code != "nl" and string and old.get(code) == string:
                unchecked.setdefault(code, []).append(path)
    unchecked = {code: sorted(set(paths)) for code, paths in unchecked.items() if paths}
    if unchecked or "unchecked" in document:
        document["unchecked"] = unchecked
