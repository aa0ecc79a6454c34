"""The choices of the volunteers app, and the bit each multi-valued choice has in a profile's bit set."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class TaskType(models.TextChoices):
    SHOPPING = "shopping", _("Shopping")
    LIFT = "lift", _("A lift (e.g. to the doctor)")
    PAPERWORK = "paperwork", _("Help with a form")
    DIGITAL = "digital", _("Help with a smartphone or computer")
    VISIT = "visit", _("A weekly visit against loneliness")


class Language(models.TextChoices):
    DUTCH = "nl", _("Dutch")
    FRENCH = "fr", _("French")
    ENGLISH = "en", _("English")
    ARABIC = "ar", _("Arabic")
    TURKISH = "tr", _("Turkish")
    SPANISH = "es", _("Spanish")
    POLISH = "pl", _("Polish")
    RUSSIAN = "ru", _("Russian")
    UKRAINIAN = "uk", _("Ukrainian")  # appended: a profile's bit set keeps the bit of every earlier language


class Area(models.TextChoices):
    LEUVEN = "3000", _("3000 Leuven")
    HEVERLEE = "3001", _("3001 Heverlee")
    KESSEL_LO = "3010", _("3010 Kessel-Lo")
    WILSELE = "3012", _("3012 Wilsele")
    WIJGMAAL = "3018", _("3018 Wijgmaal")


# The neighbourhood alone (what a volunteer sees before accepting and the "why" line shows).
AREA_NAMES = {
    Area.LEUVEN: _("Leuven"),
    Area.HEVERLEE: _("Heverlee"),
    Area.KESSEL_LO: _("Kessel-Lo"),
    Area.WILSELE: _("Wilsele"),
    Area.WIJGMAAL: _("Wijgmaal"),
}

# "speaks Arabic" in the why line.
SPEAKS = {
    Language.DUTCH: _("speaks Dutch"),
    Language.FRENCH: _("speaks French"),
    Language.ENGLISH: _("speaks English"),
    Language.ARABIC: _("speaks Arabic"),
    Language.TURKISH: _("speaks Turkish"),
    Language.SPANISH: _("speaks Spanish"),
    Language.POLISH: _("speaks Polish"),
    Language.RUSSIAN: _("speaks Russian"),
    Language.UKRAINIAN: _("speaks Ukrainian"),
}


class Transport(models.TextChoices):
    NONE = "none", _("On foot")
    BIKE = "bike", _("Bicycle")
    PUBLIC = "public", _("Bus")
    CAR = "car", _("Car (I can give a lift)")


class Commitment(models.TextChoices):
    ONE_OFF = "one_off", _("One-off tasks")
    REGULAR = "regular", _("Regular tasks")
    BOTH = "both", _("Both")


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("Monday")
    TUESDAY = 1, _("Tuesday")
    WEDNESDAY = 2, _("Wednesday")
    THURSDAY = 3, _("Thursday")
    FRIDAY = 4, _("Friday")
    SATURDAY = 5, _("Saturday")
    SUNDAY = 6, _("Sunday")


# Parts of the day for the coordinator's weekly grid and the why line ("free Tuesday afternoon").
DAYPARTS = [("morning", 8, 12), ("afternoon", 12, 17), ("evening", 17, 21)]
DAYPART_LABELS = {"morning": _("morning"), "afternoon": _("afternoon"), "evening": _("evening")}


def bit(choices: type[models.Choices], value: str) -> int:
    """The bit of one choice: its position in the list (the order above must never change)."""
    return 1 << list(choices.values).index(value)


def to_bits(choices: type[models.Choices], values) -> int:
    mask = 0
    for value in values:
        mask |= bit(choices, value)
    return mask


def from_bits(choices: type[models.Choices], mask: int) -> list[str]:
    return [value for index, value in enumerate(choices.values) if mask & (1 << index)]


def daypart_of(start) -> str:
    """The part of the day a time falls in (before noon: morning; before five: afternoon; else evening)."""
    for name, _from, until in DAYPARTS:
        if start.hour < until:
            return name
    return "evening"
