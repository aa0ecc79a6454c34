from django import template
from django.utils.html import format_html

from once.services import FIELD, token_new

register = template.Library()


@register.simple_tag
def once_token():
    """The hidden one-time token of a form that creates something (see ``once.services``)."""
    return format_html('<input type="hidden" name="{}" value="{}">', FIELD, token_new())
