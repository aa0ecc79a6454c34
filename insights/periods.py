"""The period a dashboard shows, and the previous period of equal length beside it."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.utils import formats, timezone


@dataclass(frozen=True)
class Period:
    """Whole days from ``start`` to ``end``, both included, in the city's time zone."""

    start: date
    end: date

    def __post_init__(self):
        if self.end < self.start:
            raise ValueError("a period ends on or after its start")

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def previous(self) -> "Period":
        """The same number of days, ending the day before this period starts."""
        return Period(self.start - timedelta(days=self.days), self.start - timedelta(days=1))

    @property
    def since(self) -> datetime:
        return timezone.make_aware(datetime.combine(self.start, time.min))

    @property
    def until(self) -> datetime:
        """The first moment after the period (exclusive bound)."""
        return timezone.make_aware(datetime.combine(self.end + timedelta(days=1), time.min))

    def label(self) -> str:
        if self.start == self.end:
            return formats.date_format(self.start, "j F Y")
        return f"{formats.date_format(self.start, 'j F Y')} – {formats.date_format(self.end, 'j F Y')}"


def this_month(today: date) -> Period:
    return Period(today.replace(day=1), today)


def this_quarter(today: date) -> Period:
    return Period(date(today.year, 3 * ((today.month - 1) // 3) + 1, 1), today)


def this_year(today: date) -> Period:
    return Period(date(today.year, 1, 1), today)


PRESETS = {"month": this_month, "quarter": this_quarter, "year": this_year}
