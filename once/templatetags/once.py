from django import template
from django.utils.html import format_html

from leuvenhelpt.pagecache import ONCE_PLACEHOLDER, render_placeholders
from once.services import FIELD, token_new

register = template.Library()


@register.simple_tag(takes_context=True)
def once_token(context):
    """The hidden one-time token of a form that creates something (see ``once.services``). A page kept for
    every visitor (``leuvenhelpt.pagecache``) gets a placeholder, filled in with a new token for each visitor."""
    request = context.get("request")
    token = ONCE_PLACEHOLDER if request is not None and render_placeholders(request) else token_new()
    return format_html('<input type="hidden" name="{}" value="{}">', FIELD, token)
