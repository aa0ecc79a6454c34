"""Reads the assistant pages share: the published edition and its compiled catalogue."""

from dataclasses import dataclass
from datetime import datetime

from assistant.engine import Catalogue, parse_catalogue
from assistant.models import Edition
from leuvenhelpt.versioned_cache import ProcessCache, VersionedCache


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


def _published() -> EditionRef | None:
    row = Edition.objects.filter(state=Edition.State.PUBLISHED).values_list(*_FIELDS).first()
    return EditionRef(*row) if row else None


# The published edition's identity: kept in this process for a second and in the shared cache, so only a cold
# shared cache costs one small query. Saving or deleting an edition invalidates it in every process.
PUBLISHED = VersionedCache("assistant-published-edition", _published, depends_on=[Edition], share_value=True)
# Compiled catalogues, one per edition revision (a new revision has a new key; old ones fall out).
COMPILED: ProcessCache[tuple, Catalogue] = ProcessCache("assistant-compiled-catalogues", max_entries=8)


def published_edition() -> EditionRef | None:
    return PUBLISHED.get()


def published_version(request=None) -> tuple | None:
    """What the public assistant and catalogue pages depend on: the published edition and its revision (a page
    kept in memory by ``leuvenhelpt.pagecache`` varies on it)."""
    ref = published_edition()
    return (ref.id, *ref.version) if ref else None


def edition_ref(edition_id: int) -> EditionRef | None:
    row = Edition.objects.filter(pk=edition_id).values_list(*_FIELDS).first()
    return EditionRef(*row) if row else None


def catalogue_for(ref: EditionRef) -> Catalogue:
    """The compiled catalogue of an edition, compiled once per revision and kept in this process."""
    key = (ref.id, *ref.version)
    catalogue = COMPILED.get(key)
    if catalogue is None:
        document = Edition.objects.values_list("document", flat=True).get(pk=ref.id)
        catalogue = parse_catalogue(document)
        COMPILED.set(key, catalogue)
    return catalogue


def catalogue_of(edition: Edition) -> Catalogue:
    """The compiled catalogue of an edition already loaded with its document (the editor's pages): compiled once
    per revision in this process, like ``catalogue_for``, instead of on every page and every save."""
    key = (edition.pk, edition.revision, edition.updated_at)
    catalogue = COMPILED.get(key)
    if catalogue is None:
        catalogue = parse_catalogue(edition.document)
        COMPILED.set(key, catalogue)
    return catalogue


def remember_compiled(edition: Edition, catalogue: Catalogue) -> None:
    """Keep the catalogue a save just compiled for the edition's new revision (the next page needs it at once).
    A rolled-back save leaves an entry no row matches: the version holds the change time, which does not come
    back."""
    COMPILED.set((edition.pk, edition.revision, edition.updated_at), catalogue)
