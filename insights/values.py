"""The values in an insights table, and how each is shown so that no one can be singled out.

Every count of people (requests, sessions, referrals, hand-offs) under ``SMALL`` is shown as "< 5",
on the page, in the charts (no bar) and in the CSV. A share is shown only when both its parts are
at least ``SMALL``; a median or 90th percentile only when it rests on at least ``SMALL`` requests;
hours given only when they were given on at least ``SMALL`` matches.
"""

from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal

from django.utils.formats import number_format
from django.utils.translation import gettext as _

SMALL = 5


def _under() -> str:
    return _("< %(small)s") % {"small": SMALL}


@dataclass(frozen=True)
class Count:
    """How many people (or their requests, sessions, referrals): suppressed under ``SMALL``."""

    n: int

    @property
    def shown(self) -> bool:
        return self.n >= SMALL

    def text(self) -> str:
        return number_format(self.n, force_grouping=True) if self.shown else _under()

    def csv(self) -> str | int:
        return self.n if self.shown else _under()

    def chart(self) -> int | None:
        return self.n if self.shown else None


@dataclass(frozen=True)
class Number:
    """A figure about the service, not about people (e.g. products in the catalogue): always shown."""

    n: int

    shown = True

    def text(self) -> str:
        return number_format(self.n, force_grouping=True)

    def csv(self) -> int:
        return self.n

    def chart(self) -> int:
        return self.n


@dataclass(frozen=True)
class Share:
    """``part`` out of ``whole`` as a percentage, shown only when part and whole are both at least ``SMALL``."""

    part: int
    whole: int

    @property
    def shown(self) -> bool:
        return self.part >= SMALL and self.whole >= SMALL

    @property
    def percent(self) -> float:
        return 100 * self.part / self.whole

    def text(self) -> str:
        if not self.shown:
            return _under() if self.whole >= SMALL else "–"
        return _("%(percent)s %%") % {"percent": number_format(self.percent, decimal_pos=1)}

    def csv(self) -> str | float:
        """A number for the CSV writer (which writes the decimal comma), or the text for a hidden figure."""
        if not self.shown:
            return _under() if self.whole >= SMALL else ""
        return round(self.percent, 1)

    def chart(self) -> float | None:
        return round(self.percent, 1) if self.shown else None


@dataclass(frozen=True)
class Duration:
    """A median or percentile of waiting times, over ``n`` requests: shown only when ``n`` is at least ``SMALL``."""

    value: timedelta | None
    n: int = field(default=0)

    @property
    def shown(self) -> bool:
        return self.value is not None and self.n >= SMALL

    @property
    def hours(self) -> float:
        return self.value.total_seconds() / 3600

    def text(self) -> str:
        if not self.shown:
            return "–"
        if self.hours < 48:
            return _("%(hours)s h") % {"hours": number_format(self.hours, decimal_pos=1)}
        return _("%(days)s days") % {"days": number_format(self.hours / 24, decimal_pos=1)}

    def csv(self) -> str | float:
        return round(self.hours, 1) if self.shown else ""

    def chart(self) -> float | None:
        return round(self.hours, 1) if self.shown else None


@dataclass(frozen=True)
class Hours:
    """Hours given over ``matches`` completed matches: shown only when they are at least ``SMALL``."""

    total: Decimal
    matches: int

    @property
    def shown(self) -> bool:
        return self.matches >= SMALL

    def text(self) -> str:
        if not self.shown:
            return _under() if self.matches else "–"
        return _("%(hours)s h") % {"hours": number_format(self.total, decimal_pos=1, force_grouping=True)}

    def csv(self) -> str | float:
        if not self.shown:
            return _under() if self.matches else ""
        return round(self.total, 1)

    def chart(self) -> float | None:
        return float(self.total) if self.shown else None


Value = Count | Number | Share | Duration | Hours
