"""Git merge driver for gettext catalogues: the union of both sides' entries.

Branches that each add strings to ``locale/<lang>/LC_MESSAGES/django.po`` conflict on line wrapping and
order, never on meaning. This driver keeps every entry of ours, adds every entry only theirs has, and takes
theirs where ours has no translation (or a fuzzy one) or where only theirs changed the translation since the
common ancestor (a corrected wording on a branch, e.g. "voeren" → "vervoeren", is not lost). Afterwards ``make messages`` re-sorts the file,
drops strings no longer used and compiles the ``.mo``.

Set up once per clone (the repository's ``.gitattributes`` names the driver):

    git config merge.po-union.name "gettext catalogue union"
    git config merge.po-union.driver "python3 tools/po_merge.py %O %A %B"
"""

import sys

try:
    import polib
except ImportError:  # the driver runs with whatever python3 git finds; fall back to a plain conflict
    sys.exit(1)


def _translation(entry) -> tuple:
    return (entry.msgstr, tuple(sorted(entry.msgstr_plural.items())), "fuzzy" in entry.flags)


def merge(ours_path: str, theirs_path: str, base_path: str | None = None) -> None:
    ours = polib.pofile(ours_path, wrapwidth=0)
    theirs = polib.pofile(theirs_path, wrapwidth=0)
    base = polib.pofile(base_path, wrapwidth=0) if base_path else None
    for entry in theirs:
        if entry.obsolete:
            continue
        mine = ours.find(entry.msgid, msgctxt=entry.msgctxt)
        if mine is None:
            ours.append(entry)
            continue
        before = base.find(entry.msgid, msgctxt=entry.msgctxt) if base is not None else None
        only_theirs_changed = (
            before is not None
            and entry.translated()
            and _translation(mine) == _translation(before)
            and _translation(entry) != _translation(before)
        )
        if only_theirs_changed or (entry.translated() and (not mine.translated() or "fuzzy" in mine.flags)):
            mine.msgstr = entry.msgstr
            mine.msgstr_plural = entry.msgstr_plural
            mine.flags = [flag for flag in mine.flags if flag != "fuzzy"]
    # An entry one side made obsolete while the other still uses it would now stand twice (msgmerge refuses).
    active = {(entry.msgctxt, entry.msgid) for entry in ours if not entry.obsolete}
    for entry in [entry for entry in ours if entry.obsolete and (entry.msgctxt, entry.msgid) in active]:
        ours.remove(entry)
    ours.save(ours_path)


if __name__ == "__main__":
    base_file, ours_file, theirs_file = sys.argv[1:4]
    merge(ours_file, theirs_file, base_file)
