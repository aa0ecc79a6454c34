from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.roles import Role


def _navigation(user) -> list[dict]:
    """The main menu for this user: only pages that exist and that their roles may open."""
    items = [{"label": _("Home"), "url": reverse("home"), "name": "home"}]
    if not user.is_authenticated:
        return items
    items.append({"label": _("My profile"), "url": reverse("accounts:profile"), "name": "profile"})
    if user.has_role(Role.ADMIN):
        items.append({"label": _("Administration"), "url": reverse("admin:index"), "name": "admin"})
    return items


def site(request) -> dict:
    """Contact details and the role-aware navigation, available in every template."""
    user = getattr(request, "user", None)
    return {
        "leuvenhelpt": settings.LEUVENHELPT,
        "navigation": _navigation(user) if user is not None else [],
        "debug_banner": settings.DEBUG,
    }
