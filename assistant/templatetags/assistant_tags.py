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
