"""Working days and office hours in Leuven: Monday to Friday, Belgian public holidays excluded.

Pure Python (no Django): the ``holidays`` package knows the Belgian public holidays (New Year, Easter
Monday, 1 May, Ascension, Whit Monday, 21 July, 15 August, 1 and 11 November, Christmas).
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from functools import lru_cache

import holidays

# The city's office hours (the stadskantoor's phone lines): Monday to Friday, 9:00 to 17:00.
OFFICE_OPENS = time(9, 0)
OFFICE_CLOSES = time(17, 0)
# An urgent request received later than this on a working day is due the next working day at noon.
URGENT_SAME_DAY_UNTIL = time(16, 0)
URGENT_NEXT_DAY_AT = time(12, 0)


@lru_cache(maxsize=8)
def _belgian_holidays(year: int) -> holidays.HolidayBase:
    return holidays.country_holidays("BE", years=year)


def holiday_name(day: date) -> str | None:
    """The name of the Belgian public holiday on ``day`` (in Dutch), or None."""
    return _belgian_holidays(day.year).get(day)


def is_working_day(day: date) -> bool:
    """Monday to Friday and not a Belgian public holiday."""
    return day.weekday() < 5 and holiday_name(day) is None


def next_working_day(day: date) -> date:
    """The first working day after ``day``."""
    current = day + timedelta(days=1)
    while not is_working_day(current):
        current += timedelta(days=1)
    return current


def add_working_days(start: date, days: int) -> date:
    """The date ``days`` working days after ``start`` (weekends and Belgian public holidays skipped)."""
    current = start
    for _step in range(days):
        current = next_working_day(current)
    return current


def working_days_between(start: date, end: date) -> int:
    """Working days after ``start`` up to and including ``end``; 0 when ``end`` is not later.

    Friday → Monday is 1 working day; Saturday → Sunday is 0; a holiday does not count."""
    if end <= start:
        return 0
    full_weeks, rest = divmod((end - start).days, 7)
    count = full_weeks * 5 + sum((start + timedelta(days=offset)).weekday() < 5 for offset in range(1, rest + 1))
    years = range(start.year, end.year + 1)
    holidays_between = {
        day for year in years for day in _belgian_holidays(year) if start < day <= end and day.weekday() < 5
    }
    return count - len(holidays_between)


def office_open(at: datetime) -> bool:
    """Whether the city's office (and its phone line) is open at ``at`` (a local time)."""
    return is_working_day(at.date()) and OFFICE_OPENS <= at.time() < OFFICE_CLOSES


def first_contact_due(received: datetime, *, urgent: bool, working_days: int = 2) -> datetime:
    """When the help seeker must have heard from us, for a request received at ``received`` (local time).

    Urgent: the same day before the office closes when it came in on a working day before 16:00; otherwise the
    next working day at noon. Any other request: the end of office hours ``working_days`` working days later.
    """
    tz = received.tzinfo
    day = received.date()
    if urgent:
        if is_working_day(day) and received.time() < URGENT_SAME_DAY_UNTIL:
            return datetime.combine(day, OFFICE_CLOSES, tzinfo=tz)
        return datetime.combine(next_working_day(day), URGENT_NEXT_DAY_AT, tzinfo=tz)
    return datetime.combine(add_working_days(day, working_days), OFFICE_CLOSES, tzinfo=tz)
