"""Every offered language complete: every string of ours has a real translation in each language the site offers
(settings.LANGUAGES_OFFERED; English is the language the strings are written in), none fuzzy, compiled, and each
catalogue says whether its translations were checked (its ``X-Review-Status`` header, docs/i18n.md)."""

from pathlib import Path

import polib
import pytest
from django.conf import settings

LOCALE = Path(__file__).resolve().parent.parent / "locale"
TRANSLATED = [code for code in settings.LANGUAGES_OFFERED if code != "en"]
REVIEW_STATUSES = {"checked", "machine-made, not yet checked"}


def _po(language: str) -> polib.POFile:
    path = LOCALE / language / "LC_MESSAGES" / "django.po"
    assert path.exists(), f"no catalogue for {language}: run `make messages`"
    return polib.pofile(str(path))


def _missing(po: polib.POFile) -> list[str]:
    """Untranslated entries, counting a plural entry with any empty form as untranslated."""
    return [e.msgid for e in po if not e.obsolete and not e.translated() and "fuzzy" not in e.flags]


def test_the_offered_languages_include_dutch_and_come_from_settings():
    assert settings.LANGUAGE_CODE == "nl"
    assert TRANSLATED[0] == "nl"
    assert [code for code, _name in settings.LANGUAGES] == settings.LANGUAGES_OFFERED


@pytest.mark.parametrize("language", TRANSLATED)
def test_catalogue_is_complete(language):
    po = _po(language)
    untranslated = _missing(po)
    fuzzy = [e.msgid for e in po.fuzzy_entries()]
    assert untranslated == [], f"translate these {len(untranslated)} in locale/{language}: {untranslated[:20]}"
    assert fuzzy == [], f"check these fuzzy translations in locale/{language}: {fuzzy[:20]}"
    assert len(po.translated_entries()) > 100


@pytest.mark.parametrize("language", TRANSLATED)
def test_catalogue_has_every_string_of_the_dutch_one(language):
    """A language whose catalogue was not updated (make messages) lacks the newest strings altogether."""
    dutch = {e.msgid for e in _po("nl") if not e.obsolete}
    absent = sorted(dutch - {e.msgid for e in _po(language) if not e.obsolete})
    assert absent == [], f"run `make messages`: locale/{language} lacks {absent[:20]}"


@pytest.mark.parametrize("language", TRANSLATED)
def test_catalogue_says_whether_it_was_checked(language):
    assert _po(language).metadata.get("X-Review-Status") in REVIEW_STATUSES


@pytest.mark.parametrize("language", TRANSLATED)
def test_compiled_catalogue_matches_the_source(language):
    po = _po(language)
    mo = polib.mofile(str(LOCALE / language / "LC_MESSAGES" / "django.mo"))
    compiled = {e.msgid: (e.msgstr, e.msgstr_plural) for e in mo}
    stale = [
        e.msgid
        for e in po.translated_entries()
        if compiled.get(e.msgid) is None
        or (e.msgstr_plural and compiled[e.msgid][1] != e.msgstr_plural)
        or (not e.msgstr_plural and compiled[e.msgid][0] != e.msgstr)
    ]
    assert stale == [], f"run `make messages` to compile locale/{language}"


def test_the_check_fails_on_an_untranslated_or_fuzzy_string(tmp_path):
    """The test above can fail: an empty and a fuzzy entry are both found."""
    path = tmp_path / "django.po"
    path.write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        'msgid "Home"\nmsgstr ""\n\n#, fuzzy\nmsgid "Menu"\nmsgstr "Menu"\n\n'
        'msgid "%(n)s day"\nmsgid_plural "%(n)s days"\nmsgstr[0] "%(n)s dag"\nmsgstr[1] ""\n',
        encoding="utf-8",
    )
    po = polib.pofile(str(path))
    assert _missing(po) == ["Home", "%(n)s day"]
    assert [e.msgid for e in po.fuzzy_entries()] == ["Menu"]


def test_words_a_reader_found_wrong_stay_fixed():
    """Issue 18 item 10: "voeren" is to feed; a volunteer with a car can "vervoeren" someone."""
    wrong = [e.msgstr for e in _po("nl").translated_entries() if "iemand voeren" in e.msgstr]
    assert wrong == []
