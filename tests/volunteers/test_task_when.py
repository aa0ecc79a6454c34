"""A volunteer task happens once on a date, or every week on a weekday within a period (issue 18 item 5)."""

from datetime import date, time, timedelta
from importlib import import_module

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.urls import reverse
from django.utils import timezone, translation

from people.errors import ActionRefused
from tests.factories import make_matching_request, make_request, make_volunteer
from volunteers import services
from volunteers.forms import TaskForm
from volunteers.models import Match, VolunteerTask

pytestmark = pytest.mark.django_db

TODAY = date(2026, 12, 5)  # a Saturday


def _task(**fields) -> VolunteerTask:
    values = {"task_type": "shopping", "start": time(9), "end": time(12), "summary": "Naar het ziekenhuis"}
    return VolunteerTask(**(values | fields))


def test_a_one_off_task_reads_as_its_date_and_a_weekly_one_as_its_period():
    once = _task(regular=False, on=date(2026, 12, 10), weekday=3)
    weekly = _task(regular=True, weekday=3, valid_from=date(2026, 12, 3), valid_until=date(2027, 3, 31))
    with translation.override("nl"):
        assert once.when == "donderdag 10 december 2026, 09:00–12:00"
        assert weekly.when == "elke donderdag 09:00–12:00, van 3 december 2026 tot 31 maart 2027"
        weekly.valid_until = None
        assert weekly.when == "elke donderdag 09:00–12:00, vanaf 3 december 2026"
    with translation.override("en"):
        assert once.when == "Thursday 10 December 2026, 09:00–12:00"
        weekly.valid_until = date(2027, 3, 31)
        assert weekly.when == "every Thursday 09:00–12:00, from 3 December 2026 until 31 March 2027"


def test_a_one_off_task_takes_its_dates_weekday_and_keeps_no_period(coordinator):
    request, task = make_matching_request(coordinator=coordinator, weekday=3)
    assert task.regular is False and task.on.weekday() == 3 == task.weekday
    assert task.valid_from is None and task.valid_until is None
    with translation.override("nl"):
        assert task.when.startswith("donderdag ")


def _form(**data) -> TaskForm:
    values = {
        "task-task_type": "shopping",
        "task-area": "3010",
        "task-language": "nl",
        "task-start": "09:00",
        "task-end": "12:00",
        "task-summary": "Naar het ziekenhuis en terug",
    }
    return TaskForm({**values, **{f"task-{k}": v for k, v in data.items()}}, prefix="task", consent_needed=False)


def test_the_form_asks_a_date_for_once_and_a_day_and_period_for_every_week(settings):
    with translation.override("nl"):
        form = _form(regular="once")
        assert not form.is_valid()
        assert form.errors["on"] == ["Vul de datum van de taak in, bijvoorbeeld 15/03/2027."]
        form = _form(regular="weekly")
        assert not form.is_valid()
        assert set(form.errors) == {"weekday", "valid_from", "valid_until"}
        assert form.errors["weekday"] == ["Kies de dag van de week."]
        form = _form(regular="once", on=(timezone.localdate() + timedelta(days=3)).isoformat(), weekday="1")
        assert form.is_valid(), form.errors
        # Once: the weekly fields are dropped whatever was left in them.
        assert form.cleaned_data["regular"] is False and form.cleaned_data["weekday"] is None


def test_a_date_in_the_past_is_refused_in_plain_dutch():
    with translation.override("nl"):
        form = _form(regular="once", on=(timezone.localdate() - timedelta(days=1)).isoformat())
        assert not form.is_valid()
        assert form.errors["on"] == ["Deze datum is voorbij: vul vandaag of een latere datum in."]


def test_a_period_that_ends_before_it_starts_is_refused():
    today = timezone.localdate()
    with translation.override("nl"):
        form = _form(
            regular="weekly",
            weekday="3",
            valid_from=(today + timedelta(days=30)).isoformat(),
            valid_until=(today + timedelta(days=10)).isoformat(),
        )
        assert not form.is_valid()
        assert form.errors["valid_until"] == ["De periode kan niet eindigen voor ze begint."]
        form = _form(
            regular="weekly",
            weekday="3",
            valid_from=(today - timedelta(days=60)).isoformat(),
            valid_until=(today - timedelta(days=1)).isoformat(),
        )
        assert not form.is_valid()
        assert "Deze periode is voorbij" in form.errors["valid_until"][0]


def test_the_service_refuses_a_past_date_and_an_inverted_period_too(coordinator):
    request, task = make_matching_request(coordinator=coordinator)
    common = {"request": request, "actor": coordinator, "task_type": "shopping", "area": "3010", "language": "nl"}
    common |= {"start": time(9), "end": time(11), "summary": "Boodschappen"}
    with pytest.raises(ValidationError) as refused:
        services.task_save(**common, regular=False, on=date(2026, 12, 1), today=TODAY)
    assert "on" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        services.task_save(
            **common, regular=True, weekday=2, valid_from=date(2027, 2, 1), valid_until=date(2027, 1, 1), today=TODAY
        )
    assert "valid_until" in refused.value.message_dict
    task.refresh_from_db()
    assert task.summary == "Boodschappen doen bij de supermarkt."  # nothing saved


def test_the_database_refuses_a_one_off_task_without_a_date(coordinator):
    request, task = make_matching_request(coordinator=coordinator)
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        VolunteerTask.objects.filter(pk=task.pk).update(on=None)


def test_a_one_off_task_whose_date_passed_cannot_be_proposed(coordinator):
    request, task = make_matching_request(coordinator=coordinator)
    volunteer = make_volunteer()
    VolunteerTask.objects.filter(pk=task.pk).update(on=timezone.localdate() - timedelta(days=1))
    with translation.override("nl"), pytest.raises(ActionRefused, match="De datum van de taak is voorbij"):
        services.match_propose(request=request, volunteer=volunteer, actor=coordinator)
    assert not Match.objects.filter(request=request).exists()


def test_the_matching_page_of_a_past_task_warns_and_ranks_nobody(client, coordinator):
    request, task = make_matching_request(coordinator=coordinator)
    make_volunteer(full_name="Jonas Claes")
    VolunteerTask.objects.filter(pk=task.pk).update(on=timezone.localdate() - timedelta(days=1))
    client.force_login(coordinator)
    html = client.get(reverse("volunteers:matching", args=[request.reference])).content.decode()
    assert 'id="task-over"' in html
    assert "Jonas Claes" not in html


def test_the_task_description_starts_as_the_help_seekers_words(client, coordinator):
    from requests_app import services as request_services

    request = make_request(needs=["food"], description="Ik moet op 10 december naar het ziekenhuis in Pellenberg.")
    request_services.request_take_up(request=request, actor=coordinator)
    request_services.request_route_to_volunteers(request=request, actor=coordinator)
    client.force_login(coordinator)
    html = client.get(reverse("volunteers:matching", args=[request.reference])).content.decode()
    assert "\nIk moet op 10 december naar het ziekenhuis in Pellenberg.</textarea>" in html
    assert 'id="task-prefilled"' in html


def test_the_coordinator_saves_a_weekly_task_and_the_volunteer_reads_it_in_plain_words(client, coordinator):
    request, task = make_matching_request(coordinator=coordinator)
    today = timezone.localdate()
    client.force_login(coordinator)
    response = client.post(
        reverse("volunteers:task", args=[request.reference]),
        {
            "task-task_type": "visit",
            "task-area": "3010",
            "task-language": "nl",
            "task-regular": "weekly",
            "task-weekday": "3",
            "task-valid_from": today.isoformat(),
            "task-valid_until": (today + timedelta(days=70)).isoformat(),
            "task-start": "09:00",
            "task-end": "12:00",
            "task-summary": "Samen koffie drinken",
        },
    )
    assert response.status_code == 302
    task.refresh_from_db()
    assert (task.regular, task.weekday, task.on, task.valid_from) == (True, 3, None, today)
    volunteer = make_volunteer(tasks=("visit",), slots=((3, 9, 12),))
    match = services.match_propose(request=request, volunteer=volunteer, actor=coordinator)
    client.force_login(volunteer.user)
    with translation.override("nl"):
        html = client.get(reverse("volunteers:match", args=[match.pk]), HTTP_ACCEPT_LANGUAGE="nl").content.decode()
    assert "elke donderdag 09:00–12:00, van " in html


def test_the_migration_makes_existing_tasks_weekly_from_their_last_save(coordinator):
    """Migration 0005 on a task as tasks were before it (a weekday, no date, not weekly). The check constraints that
    forbid such a row are dropped inside the test's transaction, which PostgreSQL rolls back with them."""
    if connection.vendor != "postgresql":
        pytest.skip("dropping a constraint inside a transaction: PostgreSQL")
    from django.apps import apps as django_apps

    request, task = make_matching_request(coordinator=coordinator, weekday=3)
    with connection.cursor() as cursor:  # the rows just made have deferred foreign-key checks pending
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    with connection.schema_editor() as editor:
        for constraint in VolunteerTask._meta.constraints:
            if constraint.name in ("task_once_has_date", "task_weekly_has_period"):
                editor.remove_constraint(VolunteerTask, constraint)
    VolunteerTask.objects.filter(pk=task.pk).update(regular=False, on=None, valid_from=None, valid_until=None)
    import_module("volunteers.migrations.0005_task_date_or_period").existing_tasks_are_weekly(django_apps, None)
    task.refresh_from_db()
    assert task.regular is True and task.weekday == 3 and task.on is None
    assert task.valid_from == task.updated_at.date() and task.valid_until is None
