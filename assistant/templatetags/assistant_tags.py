"""Template helpers for catalogue content: texts in the reader's language."""

from django import template
from django.utils import translation

register = template.Library()


@register.filter
def text(value, default_language: str = "nl") -> str:
    """A catalogue text (language → string) in the active language, falling back to Dutch."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    language = translation.get_language() or default_language
    return value.get(language) or value.get(default_language) or next(iter(value.values()), "")


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
