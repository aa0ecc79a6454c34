"""Staged disclosure: before accepting only first name, neighbourhood, task and time; after, address and phone
while the match is active and 14 days after it ends (written to the access log); staff notes never."""

import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.roles import Role
from privacy.models import AccessLog
from requests_app import services as request_services
from tests.factories import UserFactory, make_matching_request, make_volunteer
from volunteers import services
from volunteers.models import Match

pytestmark = pytest.mark.django_db

NOTE = "Interne notitie: zoon is agressief, niet alleen gaan."


@pytest.fixture
def match():
    coordinator = UserFactory(roles=[Role.COORDINATOR])
    request, _task = make_matching_request(coordinator=coordinator)
    request_services.request_note(request=request, actor=coordinator, note=NOTE)
    return services.match_propose(
        request=request, volunteer=make_volunteer(full_name="Noor Vrijwilliger"), actor=coordinator
    )


def _page(client, match) -> str:
    client.force_login(match.volunteer.user)
    response = client.get(reverse("volunteers:match", args=[match.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_before_accepting_only_first_name_neighbourhood_task_and_time(client, match):
    html = _page(client, match)
    assert "Georgette" in html and "Kessel-Lo" in html
    assert re.search(r"dinsdag \d{1,2} \w+ \d{4}, 14:00–16:00", html)  # a one-off task: its date
    assert "Boodschappen doen bij de supermarkt." in html
    for secret in ("Wouters", "Diestsesteenweg", "016 44 55 66", "geheime medische reden", NOTE):
        assert secret not in html
    assert not AccessLog.objects.exists()


def test_after_accepting_address_and_phone_with_an_access_log_row(client, match):
    services.match_accept(match=match, actor=match.volunteer.user)
    html = _page(client, match)
    assert "Diestsesteenweg 112, 3010" in html and "016 44 55 66" in html
    assert NOTE not in html and "geheime medische reden" not in html and "Wouters" not in html
    row = AccessLog.objects.get()
    assert (row.actor_id, row.person_id, row.category, row.purpose, row.reference) == (
        match.volunteer.user_id,
        match.request.person_id,
        AccessLog.Category.CONTACT,
        AccessLog.Purpose.VOLUNTEER_TASK,
        match.request.reference,
    )
    assert row.actor_role == Role.VOLUNTEER


def test_details_are_hidden_again_14_days_after_the_end(client, match):
    services.match_accept(match=match, actor=match.volunteer.user)
    services.match_complete(
        match=match, actor=match.volunteer.user, outcome_kind="helped", outcome="Gedaan", hours=Decimal(2)
    )
    assert "016 44 55 66" in _page(client, match)
    Match.objects.filter(pk=match.pk).update(ended_at=timezone.now() - timedelta(days=15))
    html = _page(client, match)
    assert "016 44 55 66" not in html and "Diestsesteenweg" not in html
    assert AccessLog.objects.count() == 1  # only the read that showed them


def test_a_declined_match_never_shows_details(client, match):
    services.match_decline(match=match, actor=match.volunteer.user, reason="too_busy")
    assert "016 44 55 66" not in _page(client, match)
