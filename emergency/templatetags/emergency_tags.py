"""``{% emergency_block %}``: what to do now, from the help lines the city maintains."""

from django import template

from emergency.selectors import helplines

register = template.Library()


@register.inclusion_tag("emergency/_block.html", takes_context=True)
def emergency_block(context, heading_level: int = 2, compact: bool = False, block_id: str = "emergency"):
    lines = helplines()
    return {
        "lines": lines,
        "heading_level": heading_level,
        "compact": compact,
        "block_id": block_id,
        "request": context.get("request"),
    }
