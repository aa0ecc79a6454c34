from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.roles import Role


def _navigation(user) -> list[dict]:
    """The main menu for this user: only pages that exist and that their roles may open."""
    items = [
        {"label": _("Home"), "url": reverse("home"), "name": "home"},
        {"label": _("Digital assistant"), "url": reverse("assistant:start"), "name": "start"},
        {"label": _("Products and services"), "url": reverse("assistant:product_list"), "name": "product_list"},
    ]
    if not user.is_authenticated:
        return items
    if user.has_role(Role.CATALOGUE_EDITOR):
        items.append({"label": _("Catalogue"), "url": reverse("assistant:editor_overview"), "name": "editor_overview"})
    items.append({"label": _("My profile"), "url": reverse("accounts:profile"), "name": "profile"})
    if user.has_role(Role.ADMIN):
        items.append({"label": _("Administration"), "url": reverse("admin:index"), "name": "admin"})
    return items


def _mark_current(items: list[dict], path: str) -> list[dict]:
    """The item whose address is the longest beginning of the current path is the current one."""
    matches = [item for item in items if path == item["url"] or (item["url"] != "/" and path.startswith(item["url"]))]
    current = max(matches, key=lambda item: len(item["url"]), default=None)
    for item in items:
        item["current"] = item is current
    return items


def site(request) -> dict:
    """Contact details and the role-aware navigation, available in every template."""
    user = getattr(request, "user", None)
    return {
        "leuvenhelpt": settings.LEUVENHELPT,
        "navigation": _mark_current(_navigation(user), request.path) if user is not None else [],
        "debug_banner": settings.DEBUG,
    }
