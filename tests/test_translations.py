"""Dutch first: every string of ours has a real Dutch translation, compiled."""

from pathlib import Path

import polib

LOCALE = Path(__file__).resolve().parent.parent / "locale/nl/LC_MESSAGES"


def test_dutch_catalogue_is_complete():
    po = polib.pofile(str(LOCALE / "django.po"))
    untranslated = [e.msgid for e in po.untranslated_entries()]
    fuzzy = [e.msgid for e in po.fuzzy_entries()]
    assert untranslated == [], f"translate these in locale/nl: {untranslated}"
    assert fuzzy == [], f"check these fuzzy translations: {fuzzy}"
    assert len(po.translated_entries()) > 100


def test_compiled_catalogue_matches_the_source():
    po = polib.pofile(str(LOCALE / "django.po"))
    mo = polib.mofile(str(LOCALE / "django.mo"))
    compiled = {e.msgid: e.msgstr for e in mo}
    stale = [e.msgid for e in po.translated_entries() if compiled.get(e.msgid) != e.msgstr]
    assert stale == [], "run `make messages` to compile the Dutch catalogue"


def test_words_a_reader_found_wrong_stay_fixed():
    """Issue 18 item 10: "voeren" is to feed; a volunteer with a car can "vervoeren" someone."""
    po = polib.pofile(str(LOCALE / "django.po"))
    wrong = [e.msgstr for e in po.translated_entries() if "iemand voeren" in e.msgstr]
    assert wrong == []
