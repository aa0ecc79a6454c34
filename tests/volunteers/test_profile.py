"""Becoming a volunteer, the profile, availability, pausing and stopping — and the bad input they refuse."""

from datetime import time, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from accounts.roles import Role
from people.errors import ActionRefused
from tests.factories import UserFactory, make_matching_request, make_volunteer
from volunteers import services
from volunteers.models import AvailabilitySlot, VolunteerProfile

pytestmark = pytest.mark.django_db

SIGNUP = {
    "task_types": ["shopping", "visit"],
    "languages": ["nl", "ar"],
    "areas": ["3010", "3000"],
    "transport": "bike",
    "commitment": "both",
    "max_active_matches": "2",
    "law_consent": "on",
}


def test_a_citizen_signs_up_and_becomes_an_applied_volunteer(client):
    user = UserFactory(roles=[Role.CITIZEN])
    client.force_login(user)
    response = client.post(reverse("volunteers:signup"), SIGNUP)
    assert response.status_code == 302
    assert response.url == reverse("volunteers:availability")
    profile = VolunteerProfile.objects.get(user=user)
    assert profile.state == VolunteerProfile.State.APPLIED
    assert profile.task_types == ["shopping", "visit"]
    assert profile.languages == ["nl", "ar"]
    assert profile.areas == ["3000", "3010"]
    assert profile.law_consent_at is not None
    user.refresh_from_db()
    assert user.has_role(Role.VOLUNTEER, Role.CITIZEN)
    assert set(user.groups.values_list("name", flat=True)) >= {Role.CITIZEN, Role.VOLUNTEER}


def test_signing_up_without_the_law_consent_or_a_task_is_refused_in_dutch_and_keeps_the_input(client):
    client.force_login(UserFactory())
    data = SIGNUP | {"task_types": [], "law_consent": ""}
    response = client.post(reverse("volunteers:signup"), data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "Er is een probleem" in html
    assert "Kies minstens één soort taak." in html
    assert "Bevestig dat u de informatie over de vrijwilligerswet gelezen hebt." in html
    assert 'value="ar" id="id_languages_3" checked' in html or 'value="ar"' in html
    assert not VolunteerProfile.objects.exists()


def test_availability_refuses_overlapping_slots_with_a_clear_message_and_keeps_them(client):
    profile = make_volunteer(state="applied", slots=None)
    client.force_login(profile.user)
    data = {
        "slot-TOTAL_FORMS": "3",
        "slot-INITIAL_FORMS": "0",
        "slot-0-weekday": "1",
        "slot-0-start": "14:00",
        "slot-0-end": "17:00",
        "slot-1-weekday": "1",
        "slot-1-start": "16:00",
        "slot-1-end": "18:00",
        "slot-2-weekday": "",
        "slot-2-start": "",
        "slot-2-end": "",
    }
    response = client.post(reverse("volunteers:availability"), data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "Op dinsdag overlappen 14:00–17:00 en 16:00–18:00" in html
    assert 'value="16:00"' in html
    assert not AvailabilitySlot.objects.filter(profile=profile).exists()


def test_availability_refuses_no_slot_at_all(client):
    profile = make_volunteer(state="applied")
    client.force_login(profile.user)
    data = {
        "slot-TOTAL_FORMS": "1",
        "slot-INITIAL_FORMS": "0",
        "slot-0-weekday": "",
        "slot-0-start": "",
        "slot-0-end": "",
    }
    response = client.post(reverse("volunteers:availability"), data)
    assert response.status_code == 400
    assert "Voeg minstens één moment in de week toe" in response.content.decode()
    assert AvailabilitySlot.objects.filter(profile=profile).count() == 1  # what was there stays


def test_availability_refuses_a_slot_that_ends_before_it_starts_and_a_half_filled_row():
    profile = make_volunteer(state="applied")
    with pytest.raises(ValidationError, match="vóór het begint"):
        services.availability_set(profile=profile, slots=[(2, time(17), time(9))])


def test_saving_availability_replaces_the_slots_and_dates_the_update(client):
    profile = make_volunteer(state="applied")
    VolunteerProfile.objects.filter(pk=profile.pk).update(availability_updated_at=timezone.now() - timedelta(days=120))
    client.force_login(profile.user)
    data = {
        "slot-TOTAL_FORMS": "2",
        "slot-INITIAL_FORMS": "0",
        "slot-0-weekday": "4",
        "slot-0-start": "09:00",
        "slot-0-end": "12:00",
        "slot-1-weekday": "",
        "slot-1-start": "",
        "slot-1-end": "",
    }
    assert client.post(reverse("volunteers:availability"), data).status_code == 302
    assert [str(s) for s in AvailabilitySlot.objects.filter(profile=profile)] == ["vrijdag 09:00–12:00"]
    profile.refresh_from_db()
    assert timezone.now() - profile.availability_updated_at < timedelta(minutes=1)


def test_a_pause_date_in_the_past_is_refused(client):
    profile = make_volunteer()
    client.force_login(profile.user)
    yesterday = timezone.localdate() - timedelta(days=1)
    response = client.post(reverse("volunteers:pause"), {"until": yesterday.isoformat()})
    assert response.status_code == 400
    assert "Kies een dag na vandaag" in response.content.decode()
    profile.refresh_from_db()
    assert profile.state == VolunteerProfile.State.ACTIVE


def test_pausing_and_resuming(client):
    profile = make_volunteer()
    client.force_login(profile.user)
    until = timezone.localdate() + timedelta(days=10)
    assert client.post(reverse("volunteers:pause"), {"until": until.isoformat()}).status_code == 302
    profile.refresh_from_db()
    assert (profile.state, profile.pause_until) == (VolunteerProfile.State.PAUSED, until)
    assert client.post(reverse("volunteers:resume")).status_code == 302
    profile.refresh_from_db()
    assert (profile.state, profile.pause_until) == (VolunteerProfile.State.ACTIVE, None)


def test_stopping_removes_the_profile_and_the_volunteer_role(client):
    profile = make_volunteer()
    client.force_login(profile.user)
    response = client.post(reverse("volunteers:stop"), {"confirm": "on"})
    assert response.status_code == 302
    profile.refresh_from_db()
    assert profile.state == VolunteerProfile.State.STOPPED
    assert (profile.task_types, profile.languages, profile.areas) == ([], [], [])
    assert not profile.slots.exists() and not profile.screenings.exists()
    assert profile.screening_valid_until is None
    profile.user.refresh_from_db()
    assert not profile.user.groups.filter(name=Role.VOLUNTEER).exists()


def test_stopping_is_refused_while_a_proposal_is_open(client):
    profile = make_volunteer()
    request, _task = make_matching_request()
    services.match_propose(request=request, volunteer=profile, actor=None)
    client.force_login(profile.user)
    response = client.post(reverse("volunteers:stop"), {"confirm": "on"})
    assert response.status_code == 400
    assert "Beantwoord eerst uw openstaande voorstellen" in response.content.decode()
    profile.refresh_from_db()
    assert profile.state == VolunteerProfile.State.ACTIVE


def test_the_volunteer_page_shows_profile_matches_and_hours(client):
    profile = make_volunteer(tasks=("shopping", "visit"), languages=("nl", "ar"))
    client.force_login(profile.user)
    response = client.get(reverse("volunteers:mine"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Boodschappen" in html and "Arabisch" in html
    assert "dinsdag 14:00–17:00" in html
    assert "Geen voorstellen op dit moment." in html


def test_a_second_sign_up_is_refused():
    profile = make_volunteer(state="applied")
    with pytest.raises(ActionRefused):
        services.volunteer_apply(
            user=profile.user,
            law_consent=True,
            task_types=["shopping"],
            languages=["nl"],
            areas=["3000"],
            transport="bike",
            commitment="both",
            max_active_matches=1,
        )
