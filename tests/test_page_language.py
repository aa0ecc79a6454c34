"""No English on a Dutch page, no Dutch on an English page, no engine path shown to an editor (issue 18 item 9).

Every page the permission matrix opens (200) is rendered for each role that may open it, in Dutch and in
English. Its visible text — each text node, and the texts read out instead (aria-label, alt, title, placeholder,
a button's value) — is compared with the translation catalogues: ours (every entry, with its placeholders as
wildcards) and the Dutch catalogues of Django and allauth (the entries they translate).

- On a Dutch page a text that is an English source text with a different Dutch translation is a leak — unless it
  is also a Dutch text somewhere (a word both languages share, like "Status").
- On an English page the same for a Dutch translation that is not also an English source text.
- On any page, an engine path such as ``products[23].applies_if`` is a leak of the engine's language.
"""

import re
from functools import cache
from html.parser import HTMLParser
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.urls import reverse

from tests.permission_matrix import MATRIX, OK, ROLES

ROOT = Path(__file__).resolve().parent.parent
OURS = ROOT / "locale/nl/LC_MESSAGES/django.po"
ENGINE_PATH = re.compile(r"\b(?:questions|products|cases)\[\d+\]")
# Texts read out in place of (or beside) the visible ones.
READ_ATTRIBUTES = ("aria-label", "alt", "title", "placeholder")
# Languages are offered by their own names (the switch, the language for e-mails): "Nederlands" on an English page.
ENDONYMS = {"nederlands", "english"}
SKIPPED_ELEMENTS = {"script", "style", "template", "code", "pre", "textarea"}  # code and typed text, not ours
PLACEHOLDER = re.compile(r"%\(\w+\)[sdif]|%[sdif]|\{\w*\}")


VOID_ELEMENTS = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class _Texts(HTMLParser):
    """The texts of a page a reader sees or hears, without code, typed text and stored content: an element with
    translate="no" holds what was stored as written (a note, a case's name, an e-mail as sent), not our wording."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.texts: list[str] = []
        self._skipping = 0
        self._open: list[tuple[str, bool]] = []  # per open element: its tag, and whether it skips its content

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        skips = tag in SKIPPED_ELEMENTS or values.get("translate") == "no"
        if tag not in VOID_ELEMENTS:
            self._open.append((tag, skips))
            self._skipping += skips
        if self._skipping:
            return
        for name in READ_ATTRIBUTES:
            if values.get(name):
                self.texts.append(values[name])
        if tag == "input" and values.get("type") in ("submit", "button") and values.get("value"):
            self.texts.append(values["value"])

    def handle_startendtag(self, tag, attrs):
        if tag not in VOID_ELEMENTS:  # <span/>: opened and closed at once
            self.handle_starttag(tag, attrs)
            self.handle_endtag(tag)
        else:
            self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag):
        # Close up to the element this tag ends (a <p> or <li> may have closed without its end tag).
        if tag in VOID_ELEMENTS or all(open_tag != tag for open_tag, _skips in self._open):
            return
        while self._open:
            open_tag, skips = self._open.pop()
            self._skipping -= skips
            if open_tag == tag:
                break

    def handle_data(self, data):
        if not self._skipping:
            self.texts.append(data)


def visible_texts(html: str) -> list[str]:
    parser = _Texts()
    parser.feed(html)
    texts = (" ".join(text.split()) for text in parser.texts)
    return [text for text in texts if len(text) > 2 and any(c.isalpha() for c in text)]


def _regex(text: str) -> str:
    """The text as a regular expression, each placeholder matching anything (the spaces around it kept)."""
    return ".+?".join(re.escape(re.sub(r"\s+", " ", piece)) for piece in PLACEHOLDER.split(text))


def _telling(text: str) -> bool:
    """Long enough to tell a language by: more than two characters, and a text with placeholders needs four
    letters of its own ("%(first)s and %(last)s" would match any name)."""
    own = PLACEHOLDER.sub("", text)
    letters = sum(c.isalpha() for c in own)
    return len(own) > 2 and letters > 0 and (own == text or letters >= 4)


def _pattern(texts: set[str]) -> re.Pattern:
    """One regular expression that matches a whole text equal to any of ``texts``, placeholders matching anything."""
    parts = sorted((_regex(text) for text in texts), key=len, reverse=True)
    return re.compile("(?:" + "|".join(parts) + ")", re.IGNORECASE)  # a label may be shown with a capital


@cache
def catalogues() -> tuple[re.Pattern, re.Pattern, set[str], set[str]]:
    """(English sources with a different Dutch text, Dutch texts with a different English source, all English
    sources, all Dutch texts)."""
    pairs: list[tuple[str, str]] = []
    for entry in polib.pofile(str(OURS)):
        if entry.obsolete:
            continue
        if entry.msgid_plural:
            pairs += [
                (entry.msgid, entry.msgstr_plural.get(0, "")),
                (entry.msgid_plural, entry.msgstr_plural.get(1, "")),
            ]
        else:
            pairs.append((entry.msgid, entry.msgstr))
    site = Path(polib.__file__).resolve().parent
    for mo in [
        *site.glob("django/conf/locale/nl/LC_MESSAGES/django.mo"),
        *site.glob("django/contrib/auth/locale/nl/LC_MESSAGES/django.mo"),
        *site.glob("allauth/locale/nl/LC_MESSAGES/django.mo"),
    ]:
        for entry in polib.mofile(str(mo)):
            if entry.msgid and not entry.msgid_plural:
                pairs.append((entry.msgid, entry.msgstr))
    pairs = [(" ".join(en.split()).casefold(), " ".join(nl.split()).casefold()) for en, nl in pairs if en and nl]
    english = {en for en, _nl in pairs}
    dutch = {nl for _en, nl in pairs}
    # Only texts with a letter and more than two characters can be told apart (not "OK", "—", "%(n)s").
    english_only = {en for en, nl in pairs if en != nl and en not in dutch and _telling(en)}
    dutch_only = {nl for en, nl in pairs if en != nl and nl not in english and _telling(nl)}
    return _pattern(english_only), _pattern(dutch_only), english, dutch


def leaks(html: str, language: str) -> list[str]:
    english_only, dutch_only, english, dutch = catalogues()
    wrong, own = (english_only, dutch) if language == "nl" else (dutch_only, english)
    found = []
    for text in visible_texts(html):
        if ENGINE_PATH.search(text):
            found.append(f"engine path: {text}")
        elif text.casefold() not in own and text.casefold() not in ENDONYMS and wrong.fullmatch(text):
            found.append(text)
    return sorted(set(found))


def test_the_check_finds_english_on_a_dutch_page_and_dutch_on_an_english_one():
    page = (
        "<main><h1>Mijn aanvragen</h1><p>This password is too short. It must contain at least 8 characters.</p>"
        '<button aria-label="Sign out">x</button><script>var x = "Save product";</script>'
        "<p>products[23].applies_if: mentions unknown question</p><p>Status</p>"
        '<p translate="no">Sign in</p><p>Sign up<br></p></main>'
    )
    assert leaks(page, "nl") == [
        "Sign out",
        "Sign up",
        "This password is too short. It must contain at least 8 characters.",
        "engine path: products[23].applies_if: mentions unknown question",
    ]
    assert leaks("<p>Mijn aanvragen</p><p>My requests</p>", "en") == ["Mijn aanvragen"]


PAGES = sorted(name for name, access in MATRIX.items() if any(access.outcome[role] == OK for role in ROLES))


@pytest.mark.parametrize("url_name", PAGES)
def test_every_page_speaks_one_language(url_name, client_as, request):
    access = MATRIX[url_name]
    kwargs = dict(access.kwargs)
    if access.setup:
        kwargs.update(request.getfixturevalue(access.setup))
    url = reverse(url_name, kwargs=kwargs)
    found = {}
    for role in (role for role in ROLES if access.outcome[role] == OK):
        client = client_as(role)
        for language in ("nl", "en"):
            client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
            response = client.get(url)
            assert response.status_code == 200, f"{url} as {role}"
            if "html" not in response.get("Content-Type", ""):
                continue
            wrong = leaks(response.content.decode(), language)
            if wrong:
                found[f"{role or 'anonymous'} {language}"] = wrong
        client.logout()
    assert found == {}, f"{url}: {found}"


def test_what_the_data_overview_names_is_translated():
    """'All my data' titles each holding by its model's plural name and labels each personal field by its
    verbose name: each must be marked for translation (Django's default is built from the English class name)."""
    from django.utils.functional import Promise

    from leuvenhelpt.register import holdings

    unnamed = []
    for holding in holdings():
        model = holding.model_class
        if holding.subject is None:  # not about a person: not in their overview
            continue
        if "verbose_name_plural" not in model._meta.original_attrs:
            unnamed.append(f"{holding.model} (verbose_name_plural)")
        for name in holding.personal:
            field = model._meta.get_field(name)
            if not isinstance(getattr(field, "_verbose_name", None) or field.verbose_name, Promise):
                unnamed.append(f"{holding.model}.{name}")
    assert unnamed == [], unnamed
