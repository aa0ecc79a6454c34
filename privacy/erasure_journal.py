"""The erasure journal: the ids of the people erased, kept outside the database, so that erasures done after a
backup can be done again after that backup is restored (docs/operations.md, "Backups").

One line per erasure: ``<UTC time>\\tperson\\t<id>``. Ids only, never a name or an address: the journal holds no
personal data once the person is erased. ``ERASURE_JOURNAL`` names the file; keep it on other storage than
the database and its backups, and copy it with them.
"""

import logging
from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings

logger = logging.getLogger("leuvenhelpt.privacy")


def journal_path() -> Path:
    return Path(settings.ERASURE_JOURNAL)


def journal_record(*, person_id: int) -> None:
    """Append one erased person's id (after the commit of the erasure). A failure is logged as an error: the
    erasure stands, but would not be re-applied after a restore."""
    path = journal_path()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("a", encoding="utf-8") as journal:
            journal.write(f"{datetime.now(UTC).isoformat(timespec='seconds')}\tperson\t{person_id}\n")
    except OSError:
        logger.exception("erasure journal not written for person %s: re-apply it by hand after a restore", person_id)


def journal_person_ids(path: Path | None = None) -> list[int]:
    """The erased people's ids, oldest first, each once."""
    path = path or journal_path()
    if not path.exists():
        return []
    ids: dict[int, None] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if len(parts) == 3 and parts[1] == "person" and parts[2].isdigit():
            ids[int(parts[2])] = None
    return list(ids)
