"""tools/po_merge.py, the merge driver for the gettext catalogues (.gitattributes): the union of both sides'
entries, and a wording one side corrected since the common ancestor is not lost."""

import importlib.util
from pathlib import Path

import polib

_spec = importlib.util.spec_from_file_location(
    "po_merge", Path(__file__).resolve().parents[1] / "tools" / "po_merge.py"
)
po_merge = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(po_merge)


def _write(path: Path, entries: dict[str, str]) -> str:
    catalogue = polib.POFile()
    catalogue.metadata = {"Content-Type": "text/plain; charset=UTF-8"}
    for msgid, msgstr in entries.items():
        catalogue.append(polib.POEntry(msgid=msgid, msgstr=msgstr))
    catalogue.save(str(path))
    return str(path)


def _merged(tmp_path, base, ours, theirs) -> dict[str, str]:
    ours_file = _write(tmp_path / "ours.po", ours)
    po_merge.merge(ours_file, _write(tmp_path / "theirs.po", theirs), _write(tmp_path / "base.po", base))
    return {entry.msgid: entry.msgstr for entry in polib.pofile(ours_file)}


def test_entries_of_both_sides_are_kept(tmp_path):
    merged = _merged(tmp_path, {}, {"Bus": "Bus"}, {"Car": "Auto"})
    assert merged == {"Bus": "Bus", "Car": "Auto"}


def test_a_translation_only_theirs_has_is_taken(tmp_path):
    assert _merged(tmp_path, {"Car": ""}, {"Car": ""}, {"Car": "Auto"}) == {"Car": "Auto"}


def test_a_wording_only_theirs_corrected_is_taken(tmp_path):
    base = {"Car (I can give a lift)": "Auto (ik kan iemand voeren)"}
    theirs = {"Car (I can give a lift)": "Auto (ik kan iemand vervoeren)"}
    assert _merged(tmp_path, base, dict(base), theirs) == theirs


def test_a_wording_both_changed_keeps_ours(tmp_path):
    base = {"Car": "Wagen"}
    merged = _merged(tmp_path, base, {"Car": "Auto"}, {"Car": "Voertuig"})
    assert merged == {"Car": "Auto"}
