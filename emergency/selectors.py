"""Reads of the help lines: the ones shown, each with whether it answers now."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone, translation

from emergency.models import HelpLine
from leuvenhelpt.versioned_cache import VersionedCache

# The active lines, read on every page with an emergency block: kept in each process until one is edited
# (every process and container follows within half a second).
ACTIVE_LINES: VersionedCache[list[HelpLine]] = VersionedCache(
    "emergency.helplines",
    lambda: list(HelpLine.objects.filter(active=True)),
    depends_on=[HelpLine],
    local_seconds=0.5,
)


@dataclass(frozen=True)
class ShownLine:
    name: str
    number: str
    purpose: str
    kind: str
    hours: str
    always_open: bool
    open_now: bool
    lang: str = "nl"  # the language of name and purpose (the lines are kept in Dutch and English)

    @property
    def dial(self) -> str:
        """The number as a ``tel:`` link wants it (digits and a leading +)."""
        return "".join(ch for ch in self.number if ch.isdigit() or ch == "+")


def helplines(*, at: datetime | None = None, language: str | None = None) -> list[ShownLine]:
    """The active lines in their order, each saying whether it is open at ``at`` (no query while no line
    changed: ``ACTIVE_LINES``)."""
    at = timezone.localtime(at or timezone.now())
    language = language or translation.get_language() or "nl"
    return [
        ShownLine(
            name=line.name_in(language),
            number=line.number,
            purpose=line.purpose_in(language),
            kind=line.kind,
            hours=line.hours_text(),
            always_open=line.always_open,
            open_now=line.is_open(at),
            lang="en" if line.name_in(language) == line.name_en and line.name_en else "nl",
        )
        for line in ACTIVE_LINES.get()
    ]


def open_instead(lines: list[ShownLine]) -> list[ShownLine]:
    """The lines to call while the city is closed: those open now, the city's own excepted."""
    return [line for line in lines if line.open_now and line.kind != HelpLine.Kind.CITY]


def shown_state(*, at: datetime | None = None) -> tuple:
    """What an emergency block shows depends on: the lines (their version) and which of them are open now.
    A page kept in memory (``leuvenhelpt.pagecache``) varies on it, so it changes when a line opens or closes."""
    at = timezone.localtime(at or timezone.now())
    return (ACTIVE_LINES.version(), tuple(line.is_open(at) for line in ACTIVE_LINES.get()))
