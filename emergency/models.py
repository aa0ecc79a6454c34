"""The emergency and help numbers the city maintains as data (admin-editable), with their opening hours."""

from __future__ import annotations

import re
from datetime import datetime, time

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from emergency.hours import holiday_name

TIME_RE = re.compile(r"^([01][0-9]|2[0-3]):[0-5][0-9]$|^24:00$")
DAY_NAMES = (_("Mon"), _("Tue"), _("Wed"), _("Thu"), _("Fri"), _("Sat"), _("Sun"))


def _parse(value: str) -> time:
    if value == "24:00":
        return time.max
    hours, minutes = value.split(":")
    return time(int(hours), int(minutes))


def validate_hours(value) -> None:
    """Opening hours: a list of ``{"days": [0..6], "opens": "HH:MM", "closes": "HH:MM"}`` (0 = Monday).

    An empty list means always open (day and night)."""
    if not isinstance(value, list):
        raise ValidationError(_("Opening hours are a list of periods; leave it empty for day and night."))
    for number, period in enumerate(value, start=1):
        if not isinstance(period, dict) or set(period) != {"days", "opens", "closes"}:
            raise ValidationError(
                _('Period %(number)s: write it as {"days": [0, 1, 2, 3, 4], "opens": "09:00", "closes": "17:00"}.'),
                params={"number": number},
            )
        days = period["days"]
        if (
            not isinstance(days, list)
            or not days
            or any(not isinstance(day, int) or isinstance(day, bool) or not 0 <= day <= 6 for day in days)
        ):
            raise ValidationError(
                _("Period %(number)s: the days are numbers from 0 (Monday) to 6 (Sunday)."), params={"number": number}
            )
        opens, closes = period["opens"], period["closes"]
        if not all(isinstance(item, str) and TIME_RE.match(item) for item in (opens, closes)):
            raise ValidationError(
                _("Period %(number)s: write the times as HH:MM, for example 09:00 and 17:00."),
                params={"number": number},
            )
        if _parse(opens) >= _parse(closes):
            raise ValidationError(
                _("Period %(number)s: the closing time must come after the opening time."), params={"number": number}
            )


class HelpLine(models.Model):
    """A number to call: 112, 101, the suicide line, the CAW, the crisis shelter, the city's own number."""

    class Kind(models.TextChoices):
        DANGER = "danger", _("Immediate danger")
        CRISIS = "crisis", _("Crisis and tonight")
        CITY = "city", _("The city")

    name = models.CharField(_("name"), max_length=120)
    name_en = models.CharField(_("name in English"), max_length=120, blank=True)
    number = models.CharField(_("number"), max_length=32, help_text=_("As people dial it, e.g. 0800 13 500."))
    purpose = models.CharField(_("what for"), max_length=250, help_text=_("In Dutch, in plain words."))
    purpose_en = models.CharField(_("what for, in English"), max_length=250, blank=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind, default=Kind.CRISIS)
    hours = models.JSONField(
        _("opening hours"),
        default=list,
        blank=True,
        validators=[validate_hours],
        help_text=_(
            'A list of periods, e.g. [{"days": [0, 1, 2, 3, 4], "opens": "09:00", "closes": "17:00"}] '
            "(0 = Monday, 6 = Sunday). Empty: day and night."
        ),
    )
    closed_on_holidays = models.BooleanField(_("closed on public holidays"), default=False)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    active = models.BooleanField(_("shown"), default=True)

    class Meta:
        verbose_name = _("help line")
        verbose_name_plural = _("help lines")
        ordering = ["order", "id"]
        constraints = [models.CheckConstraint(condition=~models.Q(number=""), name="helpline_has_number")]

    def __str__(self) -> str:
        return f"{self.name} ({self.number})"

    @property
    def always_open(self) -> bool:
        return not self.hours and not self.closed_on_holidays

    def is_open(self, at: datetime) -> bool:
        """Whether the line answers at ``at`` (a local time)."""
        if self.closed_on_holidays and holiday_name(at.date()) is not None:
            return False
        if not self.hours:
            return True
        moment = at.time()
        return any(
            at.weekday() in period["days"] and _parse(period["opens"]) <= moment < _parse(period["closes"])
            for period in self.hours
        )

    def name_in(self, language: str) -> str:
        return self.name_en if language.startswith("en") and self.name_en else self.name

    def purpose_in(self, language: str) -> str:
        return self.purpose_en if language.startswith("en") and self.purpose_en else self.purpose

    def hours_text(self) -> str:
        """The opening hours in words, e.g. "Mon–Fri 09:00–17:00" (empty when always open)."""
        parts = []
        for period in self.hours:
            days = sorted(period["days"])
            if len(days) > 2 and days == list(range(days[0], days[-1] + 1)):
                label = f"{DAY_NAMES[days[0]]}–{DAY_NAMES[days[-1]]}"
            else:
                label = ", ".join(str(DAY_NAMES[day]) for day in days)
            parts.append(f"{label} {period['opens']}–{period['closes']}")
        return "; ".join(parts)
