"""The dashboard's period picker (GET): this month, quarter or year, or a custom from–to."""

from datetime import date

from django import forms
from django.utils import formats
from django.utils.translation import gettext_lazy as _

from insights.periods import DEFAULT, PRESETS, Period

# Long enough for any comparison the city makes, short enough to stay fast (three years).
MAX_DAYS = 3 * 366
# No figures before this day (the service started later); also keeps the comparison period (as long again,
# just before) far from the calendar's first day, where date arithmetic overflows.
EARLIEST = date(2020, 1, 1)


class PeriodForm(forms.Form):
    period = forms.ChoiceField(
        label=_("Period"),
        required=False,
        initial=DEFAULT,
        choices=[
            ("last_month", _("Last month")),
            ("last_30", _("The last 30 days")),
            ("month", _("This month")),
            ("quarter", _("This quarter")),
            ("year", _("This year")),
            ("custom", _("From – to")),
        ],
    )
    start = forms.DateField(
        label=_("From"),
        help_text=_("with “From – to”"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": _("Enter the start date as day, month and year, for example 1-3-2026.")},
    )
    end = forms.DateField(
        label=_("To"),
        help_text=_("with “From – to”"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": _("Enter the end date as day, month and year, for example 31-3-2026.")},
    )

    def __init__(self, data=None, *, today: date, **kwargs):
        self.today = today
        super().__init__(data, **kwargs)

    def clean(self):
        data = super().clean()
        if data.get("period") != "custom":
            return data
        start, end = data.get("start"), data.get("end")
        if "start" in self.errors or "end" in self.errors:
            return data
        if start is None:
            self.add_error("start", _("Enter the first day of the period."))
        if end is None:
            self.add_error("end", _("Enter the last day of the period."))
        if start and end:
            if end < start:
                self.add_error("end", _("The last day must be on or after the first day."))
            elif end > self.today:
                self.add_error("end", _("The last day cannot be in the future."))
            elif start < EARLIEST:
                self.add_error(
                    "start",
                    _("Choose a first day from %(date)s on: there are no figures before.")
                    % {"date": formats.date_format(EARLIEST, "j F Y")},
                )
            elif (end - start).days + 1 > MAX_DAYS:
                self.add_error("start", _("Choose a period of at most three years."))
        return data

    def chosen(self) -> Period:
        """The period asked for (call after ``is_valid``); the last full month when nothing was chosen."""
        data = self.cleaned_data
        if data.get("period") == "custom":
            return Period(data["start"], data["end"])
        return PRESETS[data.get("period") or DEFAULT](self.today)


def default_period(today: date) -> Period:
    """The last full month: on the 5th, "this month" would hold almost only figures too small to show."""
    return PRESETS[DEFAULT](today)
