"""The period a dashboard shows, and the previous period of equal length beside it."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.utils import formats, timezone


@dataclass(frozen=True)
class Period:
    """Whole days from ``start`` to ``end``, both included, in the city's time zone."""

    start: date
    end: date
    # What it is compared with, when not the days just before (a year to date: the same days of last year).
    compare_with: "Period | None" = None

    def __post_init__(self):
        if self.end < self.start:
            raise ValueError("a period ends on or after its start")

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def previous(self) -> "Period":
        """What the period is compared with: ``compare_with`` when set, else the same number of days ending the
        day before this period starts."""
        if self.compare_with is not None:
            return self.compare_with
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


def _a_year_earlier(day: date) -> date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 1, day=28)


def this_year(today: date) -> Period:
    """1 January until today, compared with the same days of last year (1 January until this date last year)."""
    last_year = Period(date(today.year - 1, 1, 1), _a_year_earlier(today))
    return Period(date(today.year, 1, 1), today, compare_with=last_year)


def last_month(today: date) -> Period:
    """The last full calendar month (the default: a month under way holds mostly too few to show), compared with
    the full month before it."""
    end = today.replace(day=1) - timedelta(days=1)
    before_end = end.replace(day=1) - timedelta(days=1)
    return Period(end.replace(day=1), end, compare_with=Period(before_end.replace(day=1), before_end))


def last_30_days(today: date) -> Period:
    return Period(today - timedelta(days=29), today)


PRESETS = {
    "last_month": last_month,
    "last_30": last_30_days,
    "month": this_month,
    "quarter": this_quarter,
    "year": this_year,
}
DEFAULT = "last_month"
