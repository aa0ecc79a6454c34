"""Template helpers for catalogue content: texts in the reader's language, falling back to Dutch visibly.

A catalogue text is a mapping language → string that always holds Dutch. In a language it lacks, the Dutch text
is shown (never an empty label), marked ``lang="nl"`` so a screen reader reads it as Dutch, and the page says in
one line, in the reader's language, that some texts are only in Dutch (``catalogue_notice``).
"""

import dataclasses

from django import template
from django.utils import translation
from django.utils.html import format_html
from django.utils.translation import gettext

from leuvenhelpt import languages

register = template.Library()


def _active(default_language: str) -> str:
    return translation.get_language() or default_language


@register.filter
def text(value, default_language: str = "nl") -> str:
    """A catalogue text (language → string) in the active language, falling back to Dutch."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    language = _active(default_language)
    return value.get(language) or value.get(default_language) or next(iter(value.values()), "")


@register.filter
def text_lang(value, default_language: str = "nl") -> str:
    """The language a catalogue text is shown in: the active one, or Dutch where the text lacks it."""
    language = _active(default_language)
    if isinstance(value, dict) and not value.get(language):
        return default_language
    return language


@register.filter
def ltext(value, default_language: str = "nl"):
    """``text``, for HTML: the Dutch fallback inside ``<span lang="nl">`` (escaped either way)."""
    shown = text(value, default_language)
    language = text_lang(value, default_language)
    if language != _active(default_language):
        return format_html('<span lang="{}" dir="ltr">{}</span>', language, shown)
    return shown


def _lacks(value, language: str, depth: int = 0) -> bool:
    """Whether a catalogue text anywhere in ``value`` (a text, an engine object, a list or mapping of them)
    lacks ``language``."""
    if depth > 6 or value is None or isinstance(value, str | int | float | bool):
        return False
    if isinstance(value, dict):
        if "nl" in value and all(isinstance(v, str) for v in value.values()):
            return not value.get(language)
        return any(_lacks(v, language, depth + 1) for v in value.values())
    if isinstance(value, list | tuple):
        return any(_lacks(v, language, depth + 1) for v in value)
    if dataclasses.is_dataclass(value):
        return any(_lacks(getattr(value, f.name), language, depth + 1) for f in dataclasses.fields(value))
    return False


@register.simple_tag
def catalogue_notice(*values, default_language: str = "nl"):
    """The one-line notice, in the reader's language, when a catalogue text on the page is only in Dutch."""
    language = _active(default_language)
    if language == default_language or not any(_lacks(value, language) for value in values):
        return ""
    return fallback_notice()


@register.simple_tag
def fallback_notice():
    """The notice itself, for a page that worked out on its own that some texts are only in Dutch."""
    language = _active("nl")
    return format_html(
        '<p class="language-notice" lang="{}" dir="{}"><i class="bi bi-translate" aria-hidden="true"></i> {}</p>',
        language,
        "rtl" if languages.is_rtl(language) else "ltr",
        gettext("Some texts on this page are only available in Dutch."),
    )


@register.filter
def product_facts(product) -> str:
    """A product's kind, audiences and help route in the editor's words ("dienst · Inwoners · een vrijwilliger kan
    helpen"), not the catalogue's codes."""
    from assistant.forms_editor import AUDIENCE_LABELS, HELP_ROUTE_LABELS, KIND_SHORT_LABELS

    parts = [str(KIND_SHORT_LABELS.get(product.kind, product.kind))]
    parts.append(", ".join(str(AUDIENCE_LABELS.get(audience, audience)) for audience in product.audiences))
    if product.effective_help_route != "none":
        parts.append(str(HELP_ROUTE_LABELS.get(product.effective_help_route, product.effective_help_route)))
    return " · ".join(part for part in parts if part)


@register.filter
def question_type_label(value: str) -> str:
    """A question's type in the editor's words ("Ja of nee"), not the catalogue's code ("boolean")."""
    from assistant.forms_editor import QUESTION_TYPE_LABELS

    return str(QUESTION_TYPE_LABELS.get(value, value))
