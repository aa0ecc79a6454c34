"""The city's language policy: which page group a page belongs to, and which language it is shown in.

``settings.LANGUAGE_POLICY`` names the languages of each page group; this module knows which addresses belong
to which group. A visitor who chose a language that a group does not offer sees its pages in Dutch, the
language of record, with a one-line notice in their own language (``base.html``).
"""

from functools import cache

from django.conf import settings

PUBLIC, HELP, MESSAGES, STAFF = "public", "help", "messages", "staff"

# Address prefix → page group; the longest prefix that fits decides. Not listed: public.
PAGE_GROUPS = {
    "/hulp/": HELP,
    "/mijn/aanvragen/": HELP,
    "/mijn/gegevens/": HELP,
    "/assistent/hulp/": HELP,
    "/assistent/redactie/": STAFF,
    "/coordinatie/": STAFF,
    "/partners/": STAFF,
    "/vrijwilligers/coordinatie/": STAFF,
    "/kcc/": STAFF,
    "/inzichten/": STAFF,
    "/privacy/": STAFF,
    "/admin/": STAFF,
}


@cache
def _prefixes() -> tuple[tuple[str, str], ...]:
    return tuple(sorted(PAGE_GROUPS.items(), key=lambda item: len(item[0]), reverse=True))


def page_group(path: str) -> str:
    for prefix, group in _prefixes():
        if path.startswith(prefix):
            return group
    return PUBLIC


def offered(language: str | None) -> str:
    """The language if the site offers it, else Dutch."""
    return language if language in settings.LANGUAGE_NAMES and language in settings.LANGUAGES_OFFERED else "nl"


def for_group(group: str, language: str | None) -> str:
    """The language a page group is shown in for someone who chose ``language``: theirs if the policy offers
    it for that group, else Dutch."""
    return language if language in settings.LANGUAGE_POLICY[group] else settings.LANGUAGE_CODE


def message_language(language: str | None) -> str:
    """The language of an e-mail, SMS or letter to a person whose preferred language is ``language``: that
    language while the site offers it for messages, else Dutch (a language no longer offered included)."""
    return for_group(MESSAGES, language)


def is_rtl(language: str) -> bool:
    return language in settings.LANGUAGES_BIDI


def offered_choices() -> list[tuple[str, str]]:
    """The offered languages as form choices, each under its own name (a callable: read at each form)."""
    return list(settings.LANGUAGES)
