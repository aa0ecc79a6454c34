"""Small template filters for the volunteers pages."""

from django import template

from volunteers.choices import AREA_NAMES

register = template.Library()


@register.filter
def first_word(value: str) -> str:
    """A help seeker's first name (what a volunteer may see before accepting)."""
    return (value or "").split(" ")[0]


@register.filter
def area_name(postcode: str) -> str:
    """The neighbourhood of a postcode, e.g. "Kessel-Lo" for 3010."""
    return str(AREA_NAMES.get(postcode, postcode))
