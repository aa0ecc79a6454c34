"""Readable names of the catalogue's themes (the catalogue itself only holds their identifiers)."""

from django.utils.translation import gettext_lazy as _

THEMES = {
    "burgerzaken": _("Civil affairs and documents"),
    "wonen": _("Housing"),
    "mobiliteit": _("Getting around and parking"),
    "welzijn": _("Welfare, care and support"),
    "ondernemen": _("Doing business"),
    "vrije-tijd": _("Leisure, culture and sport"),
    "afval-milieu": _("Waste and environment"),
    "onderwijs": _("Education and childcare"),
}


def theme_name(theme: str) -> str:
    """The theme's name in the active language; an unknown theme reads as its identifier."""
    return str(THEMES.get(theme, theme.replace("-", " ").capitalize()))
