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
_lock = Lock()


PUBLISHED_CACHE_KEY = "assistant:published-edition"
LOCAL_SECONDS = 1.0
_local_published: list = []  # [monotonic time, EditionRef or None]


def published_edition() -> EditionRef | None:
    """The published edition's identity: kept in this process for a second, then in the shared cache,
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


def forget_published() -> None:
    _local_published.clear()
    cache.delete(PUBLISHED_CACHE_KEY)


def edition_ref(edition_id: int) -> EditionRef | None:
    row = Edition.objects.filter(pk=edition_id).values_list(*_FIELDS).first()
    return EditionRef(*row) if row else None


def catalogue_for(ref: EditionRef) -> Catalogue:
    """The compiled catalogue of an edition, compiled once per revision and kept in this process."""
    cached = _compiled.get(ref.id)
    if cached and cached[0] == ref.version:
        return cached[1]
    document = Edition.objects.values_list("document", flat=True).get(pk=ref.id)
    catalogue = parse_catalogue(document)
    with _lock:
        _compiled[ref.id] = (ref.version, catalogue)
    return catalogue


def _version(edition: Edition) -> tuple:
    return (edition.revision, edition.updated_at)


def catalogue_of(edition: Edition) -> Catalogue:
    """The compiled catalogue of an edition already loaded with its document (the editor's pages): compiled once
    per revision in this process, like ``catalogue_for``, instead of on every page and every save."""
    cached = _compiled.get(edition.pk)
    if cached and cached[0] == _version(edition):
        return cached[1]
    catalogue = parse_catalogue(edition.document)
    with _lock:
        _compiled[edition.pk] = (_version(edition), catalogue)
    return catalogue


def remember_compiled(edition: Edition, catalogue: Catalogue) -> None:
    """Keep the catalogue a save just compiled for the edition's new revision (the next page needs it at once).
    A rolled-back save leaves an entry no row matches: the version holds the change time, which does not come
    back."""
    with _lock:
        _compiled[edition.pk] = (_version(edition), catalogue)


def forget_compiled() -> None:
    """Drop every compiled catalogue kept in this process (tests start clean with it)."""
    with _lock:
        _compiled.clear()
