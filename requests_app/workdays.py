"""Working days (Monday to Friday) for the targets: first contact within 2, a partner's answer within 3."""

from datetime import date, timedelta


def add_working_days(start: date, days: int) -> date:
    """The date ``days`` working days after ``start`` (weekends skipped)."""
    current = start
    while days > 0:
        current += timedelta(days=1)
        if current.weekday() < 5:
            days -= 1
    return current


def working_days_between(start: date, end: date) -> int:
    """Working days (Monday to Friday) after ``start`` up to and including ``end``; 0 when ``end`` is not later.

    Friday → Monday is 1 working day; Saturday → Sunday is 0.
    """
    if end <= start:
        return 0
    full_weeks, rest = divmod((end - start).days, 7)
    return full_weeks * 5 + sum((start + timedelta(days=offset)).weekday() < 5 for offset in range(1, rest + 1))
