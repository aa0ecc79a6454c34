"""What every page needs: contact details, the role-aware menu, and the addresses the layout links to.

The layout is on every page, so its addresses are worked out once per process (``_urls``,
``_assets``) instead of with ``{% url %}`` and ``{% static %}`` on every request.
"""

from functools import cache

from django.conf import settings
from django.templatetags.static import static
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils import translation
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.roles import Role
from leuvenhelpt import languages
from leuvenhelpt.pagecache import CSRF_PLACEHOLDER, render_placeholders

# (name, label, URL name, roles that see it; None: everyone, () : every signed-in user)
MENU = [
    ("home", _("Home"), "home", None),
    ("start", _("Digital assistant"), "assistant:start", None),
    ("product_list", _("Products and services"), "assistant:product_list", None),
    ("editor_overview", _("Catalogue"), "assistant:editor_overview", (Role.CATALOGUE_EDITOR,)),
    ("coordination_queue", _("Coordination"), "coordination:queue", (Role.COORDINATOR,)),
    ("kcc_console", _("KCC console"), "helpdesk:console", (Role.KCC_AGENT,)),
    ("partner_referrals", _("Referrals"), "partners:list", (Role.CASEWORKER,)),
    ("volunteers_overview", _("Volunteers"), "volunteers:coordination", (Role.COORDINATOR,)),
    ("volunteer_mine", _("My volunteering"), "volunteers:mine", (Role.VOLUNTEER,)),
    ("insights_dashboard", _("Insights"), "insights:dashboard", (Role.COORDINATOR, Role.MANAGER)),
    ("my_requests", _("My requests"), "mine:list", ()),
    ("my_data", _("My data"), "privacy:my_access_log", ()),
    ("dpo_index", _("Privacy"), "dpo:index", (Role.DPO,)),
    ("profile", _("My profile"), "accounts:profile", ()),
    ("admin", _("Administration"), "admin:index", (Role.ADMIN,)),
]
LAYOUT_URLS = [
    "home",
    "privacy_statement",
    "accessibility_statement",
    "account_login",
    "account_logout",
    "accounts:profile",
]
LAYOUT_ASSETS = {
    "bootstrap_css": "vendor/bootstrap/bootstrap.min.css",
    "bootstrap_rtl_css": "vendor/bootstrap/bootstrap.rtl.min.css",
    "icons_css": "vendor/bootstrap-icons/bootstrap-icons.min.css",
    "site_css": "css/site.css",
    "print_css": "css/print.css",
    "favicon": "img/favicon.svg",
    "logo": "img/logo.svg",
    "bootstrap_js": "vendor/bootstrap/bootstrap.bundle.min.js",
    "htmx_js": "vendor/htmx/htmx.min.js",
    "site_js": "js/site.js",
}


@cache
def _urls(urlconf, prefix) -> dict[str, str]:
    return {name.replace(":", "_"): reverse(name) for name in LAYOUT_URLS} | {
        menu_name: reverse(url_name) for menu_name, _label, url_name, _roles in MENU
    }


@cache
def _assets(static_url: str) -> dict[str, str]:
    return {name: static(path) for name, path in LAYOUT_ASSETS.items()}


def _navigation(user, urls: dict[str, str], path: str) -> list[dict]:
    """The main menu for this user (only what their roles may open), with the current page marked."""
    items = [
        {"name": name, "label": label, "url": urls[name]}
        for name, label, _url_name, roles in MENU
        if roles is None or (user.is_authenticated and (roles == () or user.has_role(*roles)))
    ]
    # The item whose address is the longest beginning of the current path is the current one.
    matches = [item for item in items if path == item["url"] or (item["url"] != "/" and path.startswith(item["url"]))]
    current = max(matches, key=lambda item: len(item["url"]), default=None)
    for item in items:
        item["current"] = item is current
    return items


@cache
def _language_links(prefix: str, offered: tuple[tuple[str, str], ...]) -> list[dict[str, str]]:
    """The language links of the header: each language under its own name, in its own direction."""
    return [
        {
            "code": code,
            "name": name,
            "dir": "rtl" if languages.is_rtl(code) else "ltr",
            "url": reverse("switch_language", args=[code]),
        }
        for code, name in offered
    ]


@cache
def _phone_ltr(phone: str):
    """The phone number kept left to right inside a right-to-left sentence (else "016 27 27 72" reads backwards)."""
    return format_html('<bdi dir="ltr" class="text-nowrap">{}</bdi>', phone)


def _language_notice(chosen: str) -> dict[str, str]:
    """The one line, in the visitor's own language, that says this page is only in Dutch."""
    with translation.override(chosen):
        text = gettext("This page is only available in Dutch.")
    return {"code": chosen, "dir": "rtl" if languages.is_rtl(chosen) else "ltr", "text": text}


def site(request) -> dict:
    urls = _urls(get_urlconf(), get_script_prefix())
    user = getattr(request, "user", None)
    extra = {"csrf_token": CSRF_PLACEHOLDER} if render_placeholders(request) else {}
    chosen = getattr(request, "language_chosen", settings.LANGUAGE_CODE)
    fallback = getattr(request, "language_fallback", None)
    return extra | {
        "language_links": _language_links(get_script_prefix(), tuple(settings.LANGUAGES)),
        "language_chosen": chosen,
        "language_notice": _language_notice(fallback) if fallback else None,
        "phone_ltr": _phone_ltr(settings.LEUVENHELPT["PHONE"]),
        "leuvenhelpt": settings.LEUVENHELPT,
        "site_urls": urls,
        "assets": _assets(settings.STATIC_URL),
        "navigation": _navigation(user, urls, request.path) if user is not None else [],
        "debug_banner": settings.DEBUG,
    }
