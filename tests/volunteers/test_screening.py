"""Onboarding: applied → screening → active; the screening's date and its reminder; never matched before active."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from people.errors import ActionRefused
from tests.factories import make_matching_request, make_volunteer
from volunteers import services
from volunteers.models import Screening, VolunteerProfile

pytestmark = pytest.mark.django_db


def test_a_coordinator_screens_a_volunteer_who_then_becomes_active(client, coordinator):
    profile = make_volunteer(state="applied")
    client.force_login(coordinator)
    assert client.post(reverse("volunteers:screening_start", args=[profile.pk])).status_code == 302
    profile.refresh_from_db()
    assert profile.state == VolunteerProfile.State.SCREENING
    document_date = timezone.localdate() - timedelta(days=5)
    response = client.post(
        reverse("volunteers:screening", args=[profile.pk]), {"screening-document_date": document_date.isoformat()}
    )
    assert response.status_code == 302
    profile.refresh_from_db()
    assert profile.state == VolunteerProfile.State.ACTIVE
    assert profile.screening_valid_until == document_date + timedelta(days=365)
    screening = Screening.objects.get(profile=profile)
    assert (screening.kind, screening.checked_by) == (Screening.Kind.CRIMINAL_RECORD_2, coordinator)


@pytest.mark.parametrize(
    ("days_ago", "message"),
    [(-3, "kan niet in de toekomst liggen"), (400, "meer dan een jaar oud")],
)
def test_a_screening_date_in_the_future_or_over_a_year_old_is_refused(client, coordinator, days_ago, message):
    profile = make_volunteer(state="screening")
    client.force_login(coordinator)
    document_date = timezone.localdate() - timedelta(days=days_ago)
    response = client.post(
        reverse("volunteers:screening", args=[profile.pk]), {"screening-document_date": document_date.isoformat()}
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    profile.refresh_from_db()
    assert profile.state == VolunteerProfile.State.SCREENING


def test_recording_a_screening_before_it_started_is_refused(coordinator):
    profile = make_volunteer(state="applied")
    with pytest.raises(ActionRefused):
        services.screening_record(profile=profile, document_date=timezone.localdate(), actor=coordinator)
    profile.refresh_from_db()
    assert profile.state == VolunteerProfile.State.APPLIED


@pytest.mark.parametrize("state", ["applied", "screening"])
def test_a_volunteer_is_never_matched_before_being_active(coordinator, state):
    from volunteers.selectors import rank_candidates

    profile = make_volunteer(state=state)
    request, task = make_matching_request(coordinator=coordinator)
    assert rank_candidates(task=task) == []
    with pytest.raises(ActionRefused, match="kan nu niet gematcht worden"):
        services.match_propose(request=request, volunteer=profile, actor=coordinator)


def test_the_screening_reminder_goes_a_month_before_it_is_a_year_old_once(
    coordinator, django_capture_on_commit_callbacks
):
    profile = make_volunteer()
    fresh = make_volunteer()
    VolunteerProfile.objects.filter(pk=profile.pk).update(
        screening_valid_until=timezone.localdate() + timedelta(days=20)
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.screenings_remind() == 1
    recipients = sorted(address for message in mail.outbox for address in message.to)
    assert profile.user.email in recipients and coordinator.email in recipients
    assert fresh.user.email not in recipients
    assert services.screenings_remind() == 0  # idempotent
