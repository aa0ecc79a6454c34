"""Working days for the targets (first contact within 2, a partner's answer within 3): Monday to Friday
without the Belgian public holidays. The calendar itself lives in ``emergency.hours`` (the bottom layer)."""

from emergency.hours import add_working_days, first_contact_due, is_working_day, working_days_between

__all__ = ["add_working_days", "first_contact_due", "is_working_day", "working_days_between"]
