"""Reads the assistant pages share: the published edition and its compiled catalogue."""

import time
from dataclasses import dataclass
from datetime import datetime
from threading import Lock

from django.core.cache import cache

from assistant.engine import Catalogue, parse_catalogue
from assistant.models import Edition


@dataclass(frozen=True)
class EditionRef:
    id: int
    revision: int
    label: str
    state: str
    updated_at: datetime

    @property
    def version(self) -> tuple:
        """What identifies the content: a row id can come back (after a rollback), its change time not."""
        return (self.revision, self.updated_at)


_FIELDS = ("id", "revision", "label", "state", "updated_at")
_compiled: dict[int, tuple[tuple, Catalogue]] = {}
# A bound on the compiled catalogues a process keeps (memory must not grow with every draft previewed).
COMPILED_KEPT = 8
_lock = Lock()


PUBLISHED_CACHE_KEY = "assistant:published-edition"
LOCAL_SECONDS = 0.5
_local_published: list = []  # [monotonic time, EditionRef or None]


def published_edition() -> EditionRef | None:
    """The published edition's identity: kept in this process for half a second, then in the shared cache,
    and only when both are cold one small query. Every change to an edition clears the shared key
    (``services._log`` calls ``forget_published``), so other processes follow within a second.
    """
    now = time.monotonic()
    local = _local_published
    if local and now - local[0] < LOCAL_SECONDS:
        return local[1]
    ref = cache.get(PUBLISHED_CACHE_KEY)
    if ref is None:
        row = Edition.objects.filter(state=Edition.State.PUBLISHED).values_list(*_FIELDS).first()
        ref = EditionRef(*row) if row else False
        cache.set(PUBLISHED_CACHE_KEY, ref, timeout=300)
    _local_published[:] = [now, ref or None]
    return ref or None


def published_version(request=None) -> tuple | None:
    """What the public assistant and catalogue pages depend on: the published edition and its revision (a page
    kept in memory by ``leuvenhelpt.pagecache`` varies on it)."""
    ref = published_edition()
    return (ref.id, *ref.version) if ref else None


def forget_published() -> None:
    _local_published.clear()
    cache.delete(PUBLISHED_CACHE_KEY)


def edition_ref(edition_id: int) -> EditionRef | None:
    row = Edition.objects.filter(pk=edition_id).values_list(*_FIELDS).first()
    return EditionRef(*row) if row else None


def catalogue_for(ref: EditionRef) -> Catalogue:
    """The compiled catalogue of an edition, compiled once per revision and kept in this process (the
    ``COMPILED_KEPT`` editions used last: the published one and the drafts editors preview)."""
    cached = _compiled.get(ref.id)
    if cached and cached[0] == ref.version:
        return cached[1]
    document = Edition.objects.values_list("document", flat=True).get(pk=ref.id)
    catalogue = parse_catalogue(document)
    with _lock:
        _compiled.pop(ref.id, None)
        _compiled[ref.id] = (ref.version, catalogue)
        while len(_compiled) > COMPILED_KEPT:  # the one compiled longest ago goes (dicts keep their order)
            del _compiled[next(iter(_compiled))]
    return catalogue


def forget_compiled() -> None:
    """Drop every compiled catalogue kept in this process (tests start clean with it)."""
    with _lock:
        _compiled.clear()
