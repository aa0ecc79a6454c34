"""Retention: the daily job anonymises what is past its period, keeps every statistic, and can run twice."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.db.models import Avg, Count, F
from django.db.models.functions import TruncMonth
from django.utils import timezone

from accounts.roles import Role
from dataprotection.retention import person_anonymise, retention_apply
from dataprotection.tasks import apply_retention
from people.models import Person
from privacy.models import AccessLog
from requests_app import services
from requests_app.models import HelpRequest, Referral, RequestNeed, SupportTrack, TimelineEvent
from tests.factories import OrganizationFactory, PersonFactory, UserFactory, make_request

pytestmark = pytest.mark.django_db
LONG_AGO = timezone.now() - timedelta(days=800)


def closed(coordinator, *, at=LONG_AGO, **kwargs) -> HelpRequest:
    """A request that was referred, supported and closed (with free text everywhere), ``at`` long ago."""
    request = make_request(description="Ik heb schulden bij de huisbaas.", contact_time="'s ochtends", **kwargs)
    services.request_take_up(request=request, actor=coordinator)
    services.request_record_contact(request=request, actor=coordinator, note="Gebeld met mevrouw")
    services.request_note(request=request, actor=coordinator, note="Zoon helpt ook")
    (referral,) = services.request_refer(
        request=request,
        organizations=[OrganizationFactory()],
        actor=coordinator,
        note="Budgetbegeleiding",
        consent_channel="phone",
    )
    track = services.referral_accept(referral=referral, actor=coordinator, contact_person="Fatima")
    services.support_first_meeting(track=track, actor=coordinator, met_on=track.started_on)
    services.request_close(request=request, actor=coordinator, outcome="Afbetalingsplan met de huisbaas")
    HelpRequest.objects.filter(pk=request.pk).update(closed_at=at)
    return HelpRequest.objects.get(pk=request.pk)


def withdrawn(*, at=LONG_AGO, **kwargs) -> HelpRequest:
    request = make_request(**kwargs)
    services.request_withdraw(request=request, actor=None, reason="Mijn dochter helpt me nu")
    HelpRequest.objects.filter(pk=request.pk).update(closed_at=at)
    return request


def kpis() -> dict:
    """What the insights count: per state, channel, need and month, and the time to first contact."""
    requests = HelpRequest.objects.all()
    return {
        "state": sorted(requests.values_list("state").annotate(n=Count("pk"))),
        "channel": sorted(requests.values_list("channel").annotate(n=Count("pk"))),
        "urgency": sorted(requests.values_list("urgency").annotate(n=Count("pk"))),
        "need": sorted(RequestNeed.objects.values_list("need").annotate(n=Count("pk"))),
        "month": sorted(requests.annotate(month=TruncMonth("created_at")).values_list("month").annotate(n=Count("pk"))),
        "first_contact": requests.filter(first_contact_at__isnull=False).aggregate(
            t=Avg(F("first_contact_at") - F("created_at"))
        ),
        "referrals": sorted(Referral.objects.values_list("status").annotate(n=Count("pk"))),
        "tracks": SupportTrack.objects.count(),
        "postcode": sorted(Person.objects.values_list("postcode").annotate(n=Count("pk"))),
        "access_log": AccessLog.objects.count(),
    }


def test_an_ended_request_past_its_period_loses_its_free_text_and_keeps_its_counts(coordinator):
    old = closed(coordinator, needs=["finances", "housing"])
    recent = closed(coordinator, at=timezone.now() - timedelta(days=10))
    still_open = make_request(description="Nog open")
    before = kpis()

    assert retention_apply() == {"closed_requests": 1, "people": 1, "abandoned_contacts": 0}

    old.refresh_from_db()
    assert old.description == "" and old.contact_time == "" and old.anonymised_at is not None
    assert not TimelineEvent.objects.filter(request=old).exclude(note="").exists()
    assert Referral.objects.get(request=old).note == ""
    assert SupportTrack.objects.get(request=old).outcome == ""
    assert old.person.full_name == "" and old.person.phone == "" and old.person.anonymised_at is not None
    assert old.person.postcode == "3010"  # the neighbourhood stays for the statistics
    # Inside the period, or still open: untouched.
    recent.refresh_from_db()
    assert recent.description and recent.anonymised_at is None and recent.person.full_name
    still_open.refresh_from_db()
    assert still_open.description == "Nog open"
    assert kpis() == before


def test_the_job_is_idempotent(coordinator):
    closed(coordinator)
    withdrawn()
    assert retention_apply() == {"closed_requests": 2, "people": 2, "abandoned_contacts": 0}
    before = kpis()
    assert retention_apply() == {"closed_requests": 0, "people": 0, "abandoned_contacts": 0}
    assert apply_retention.delay().get() == {"closed_requests": 0, "people": 0, "abandoned_contacts": 0}
    assert kpis() == before


def test_a_person_with_another_open_request_keeps_their_contact_details(coordinator):
    person = PersonFactory(full_name="Rosa Claes")
    closed(coordinator, person=person)
    make_request(person=person)
    assert retention_apply() == {"closed_requests": 1, "people": 0, "abandoned_contacts": 0}
    person.refresh_from_db()
    assert person.full_name == "Rosa Claes" and person.anonymised_at is None


def test_the_periods_come_from_the_settings(coordinator, settings):
    closed(coordinator, at=timezone.now() - timedelta(days=40))
    assert retention_apply()["closed_requests"] == 0
    settings.PRIVACY_RETENTION_DAYS = {"closed_requests": 30, "people": 30, "abandoned_contacts": 7}
    assert retention_apply() == {"closed_requests": 1, "people": 1, "abandoned_contacts": 0}


def test_the_job_runs_daily():
    entry = settings.CELERY_BEAT_SCHEDULE["privacy-retention"]
    assert entry["task"] == "privacy.tasks.apply_retention"
    assert entry["schedule"].hour == {3}


def test_erasing_a_citizen_closes_their_account(client, coordinator):
    citizen = UserFactory(roles=[Role.CITIZEN], email="an@example.test", full_name="An Peeters")
    person = Person.objects.create(user=citizen, full_name="An Peeters", phone="0470 11 22 33")
    closed(coordinator, person=person, at=timezone.now())
    client.force_login(citizen)
    before = kpis()
    person_anonymise(person=person, actor=None)
    citizen.refresh_from_db()
    assert not citizen.is_active and not citizen.has_usable_password()
    assert citizen.email.endswith("@invalid.invalid") and citizen.full_name == ""
    assert Person.objects.get(pk=person.pk).user is None
    assert client.get("/mijn/aanvragen/").status_code == 302  # signed out
    assert kpis() == before


def test_erasing_a_staff_member_as_a_help_seeker_keeps_their_account(coordinator):
    person = Person.objects.create(user=coordinator, full_name=coordinator.full_name, phone="0470 11 22 33")
    person_anonymise(person=person)
    coordinator.refresh_from_db()
    assert coordinator.is_active and coordinator.full_name
