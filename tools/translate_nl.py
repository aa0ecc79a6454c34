"""Fill the Dutch catalogue from a msgid → msgstr table (a maintenance aid, not run by the app).

Usage: python tools/translate_nl.py TABLE.py  — TABLE.py defines a dict NL. Untranslated
entries left afterwards are listed; `make messages` then compiles the catalogue.
"""

import runpy
import sys
from pathlib import Path

import polib

PO = Path(__file__).resolve().parent.parent / "locale/nl/LC_MESSAGES/django.po"


def main(table_path: str) -> int:
    table = runpy.run_path(table_path)["NL"]
    po = polib.pofile(str(PO))
    for entry in po:
        if entry.msgid in table:
            translated = table[entry.msgid]
            if entry.msgid_plural:  # a (singular, plural) pair
                entry.msgstr_plural = {0: translated[0], 1: translated[1]}
            else:
                entry.msgstr = translated
            if "fuzzy" in entry.flags:
                entry.flags.remove("fuzzy")
    po.save()
    missing = [e.msgid for e in po if not e.obsolete and not e.translated()]
    for msgid in missing:
        print(f"untranslated: {msgid!r}")
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
