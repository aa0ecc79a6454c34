"""The help lines the city maintains as data: opening hours, public holidays, what the block shows."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.template import Context, Template

from emergency.hours import (
    add_working_days,
    first_contact_due,
    holiday_name,
    is_working_day,
    office_open,
    working_days_between,
)
from emergency.models import HelpLine, validate_hours
from emergency.selectors import helplines, open_instead

BRUSSELS = ZoneInfo("Europe/Brussels")


def at(*args) -> datetime:
    return datetime(*args, tzinfo=BRUSSELS)


@pytest.mark.django_db
def test_the_seeded_lines_hold_the_emergency_crisis_and_city_numbers_in_order():
    numbers = [line.number for line in HelpLine.objects.filter(active=True)]
    assert numbers[:3] == ["112", "101", "1813"]
    assert "0800 13 500" in numbers and "016 27 27 72" in numbers
    assert HelpLine.objects.get(number="016 27 27 72").kind == HelpLine.Kind.CITY


@pytest.mark.parametrize(
    "hours",
    [
        "09:00-17:00",
        [{"days": [0], "opens": "09:00"}],
        [{"days": [7], "opens": "09:00", "closes": "17:00"}],
        [{"days": [], "opens": "09:00", "closes": "17:00"}],
        [{"days": [0], "opens": "9u", "closes": "17:00"}],
        [{"days": [0], "opens": "17:00", "closes": "09:00"}],
    ],
)
def test_wrong_opening_hours_are_refused_with_a_message(hours):
    with pytest.raises(ValidationError):
        validate_hours(hours)


def test_opening_hours_weekdays_and_holidays():
    line = HelpLine(
        name="CAW",
        number="0800 13 500",
        purpose="x",
        closed_on_holidays=True,
        hours=[{"days": [0, 1, 2, 3, 4], "opens": "09:00", "closes": "17:00"}],
    )
    validate_hours(line.hours)
    assert line.is_open(at(2026, 12, 7, 10, 0))  # a Monday
    assert not line.is_open(at(2026, 12, 7, 17, 0))  # closing time
    assert not line.is_open(at(2026, 12, 5, 10, 0))  # a Saturday
    assert not line.is_open(at(2026, 12, 25, 10, 0))  # Christmas, a Friday
    assert line.hours_text() == "ma–vr 09:00–17:00" or line.hours_text() == "Mon–Fri 09:00–17:00"
    always = HelpLine(name="112", number="112", purpose="x")
    assert always.always_open and always.is_open(at(2026, 12, 25, 3, 0))


def test_belgian_public_holidays_are_not_working_days():
    assert holiday_name(date(2026, 7, 21)) is not None
    assert not is_working_day(date(2026, 11, 11))  # Armistice, a Wednesday
    assert is_working_day(date(2026, 11, 12))
    # Tuesday 10 November + 2 working days skips 11 November.
    assert add_working_days(date(2026, 11, 10), 2) == date(2026, 11, 13)
    assert working_days_between(date(2026, 11, 10), date(2026, 11, 13)) == 2


def test_the_office_is_closed_evenings_weekends_and_holidays():
    assert office_open(at(2026, 12, 7, 9, 0))
    assert not office_open(at(2026, 12, 7, 18, 0))
    assert not office_open(at(2026, 12, 6, 11, 0))
    assert not office_open(at(2026, 12, 25, 11, 0))


@pytest.mark.parametrize(
    ("received", "urgent", "due"),
    [
        (at(2026, 12, 7, 10, 0), True, at(2026, 12, 7, 17, 0)),  # a Monday morning: today before closing
        (at(2026, 12, 7, 16, 30), True, at(2026, 12, 8, 12, 0)),  # too late today: tomorrow at noon
        (at(2026, 12, 5, 22, 0), True, at(2026, 12, 7, 12, 0)),  # Saturday night: Monday at noon
        (at(2026, 12, 24, 18, 0), True, at(2026, 12, 28, 12, 0)),  # Christmas Eve night: past Christmas
        (at(2026, 12, 7, 10, 0), False, at(2026, 12, 9, 17, 0)),  # Monday + 2 working days
        (at(2026, 11, 10, 10, 0), False, at(2026, 11, 13, 17, 0)),  # the holiday on the due day is skipped
        (at(2026, 12, 23, 10, 0), False, at(2026, 12, 28, 17, 0)),  # Christmas and the weekend skipped
    ],
)
def test_the_first_contact_promise(received, urgent, due):
    assert first_contact_due(received, urgent=urgent) == due


@pytest.mark.django_db
def test_the_lines_say_whether_they_answer_now_and_who_answers_while_the_city_is_closed():
    saturday = helplines(at=at(2026, 12, 5, 22, 0), language="nl")
    by_number = {line.number: line for line in saturday if line.kind != "crisis" or line.hours}
    assert by_number["112"].open_now and not by_number["016 27 27 72"].open_now
    instead = [line.number for line in open_instead(saturday)]
    assert "112" in instead and "1813" in instead and "016 27 27 72" not in instead
    english = helplines(at=at(2026, 12, 5, 22, 0), language="en")
    assert english[0].name == "Emergency number 112"


@pytest.mark.django_db
def test_an_inactive_line_is_not_shown_and_the_block_links_every_number(django_assert_num_queries):
    HelpLine.objects.filter(number="101").update(active=False)
    with django_assert_num_queries(1):
        html = Template("{% load emergency_tags %}{% emergency_block %}").render(Context({}))
    assert 'href="tel:112"' in html and 'href="tel:080013500"' in html
    assert 'href="tel:101"' not in html
