"""A volunteer is matched only with the help seeker's consent in force; a withdrawal takes effect at once."""

import pytest
from django.urls import reverse

from people.errors import ActionRefused
from privacy.models import AccessLog, Consent
from privacy.services import consent_withdraw
from tests.factories import make_matching_request, make_volunteer
from volunteers import services
from volunteers.models import Match

pytestmark = pytest.mark.django_db


def test_the_coordinator_records_how_the_help_seeker_agreed_with_the_task(coordinator):
    request, _task = make_matching_request(coordinator=coordinator)
    consent = Consent.objects.get(person=request.person, purpose=Consent.Purpose.VOLUNTEER)
    assert (consent.purpose, consent.channel, consent.help_request, consent.recorded_by) == (
        Consent.Purpose.VOLUNTEER,
        "phone",
        request,
        coordinator,
    )
    assert "vrijwilliger" in consent.wording or "volunteer" in consent.wording


def test_without_consent_nobody_is_proposed(coordinator):
    request, _task = make_matching_request(coordinator=coordinator, consent=False)
    with pytest.raises(ActionRefused, match="niet langer"):
        services.match_propose(request=request, volunteer=make_volunteer(), actor=coordinator)
    assert not Match.objects.exists()


def test_the_matching_page_asks_for_consent_and_refuses_to_propose_without_it(client, coordinator):
    request, _task = make_matching_request(coordinator=coordinator, consent=False)
    volunteer = make_volunteer()
    client.force_login(coordinator)
    page = client.get(reverse("volunteers:matching", args=[request.reference])).content.decode()
    assert 'id="consent-needed"' in page and 'name="task-consent_channel"' in page
    response = client.post(
        reverse("volunteers:propose", args=[request.reference]),
        {"propose-volunteer": volunteer.pk, "propose-then_ask_next": 0},
        follow=True,
    )
    assert "heeft niet (of niet langer) toegestemd" in response.content.decode()
    assert not Match.objects.exists()


def test_with_consent_the_page_no_longer_asks_for_it(client, coordinator):
    request, _task = make_matching_request(coordinator=coordinator)
    client.force_login(coordinator)
    page = client.get(reverse("volunteers:matching", args=[request.reference])).content.decode()
    assert 'id="consent-needed"' not in page and "task-consent_channel" not in page


def test_a_withdrawal_stops_an_open_proposal_from_being_accepted(coordinator):
    request, _task = make_matching_request(coordinator=coordinator)
    match = services.match_propose(request=request, volunteer=make_volunteer(), actor=coordinator)
    consent_withdraw(consent=Consent.objects.get(person=request.person, purpose=Consent.Purpose.VOLUNTEER), actor=None)
    with pytest.raises(ActionRefused, match="ingetrokken"):
        services.match_accept(match=match, actor=match.volunteer.user)
    match.refresh_from_db()
    assert match.status == Match.Status.PROPOSED and match.accepted_at is None


def test_a_withdrawal_hides_the_address_and_phone_at_once(client, coordinator):
    request, _task = make_matching_request(coordinator=coordinator)
    match = services.match_propose(request=request, volunteer=make_volunteer(), actor=coordinator)
    services.match_accept(match=match, actor=match.volunteer.user)
    client.force_login(match.volunteer.user)
    url = reverse("volunteers:match", args=[match.pk])
    assert "016 44 55 66" in client.get(url).content.decode()
    consent_withdraw(consent=Consent.objects.get(person=request.person, purpose=Consent.Purpose.VOLUNTEER), actor=None)
    reads = AccessLog.objects.count()
    html = client.get(url).content.decode()
    assert "016 44 55 66" not in html and "Diestsesteenweg" not in html
    assert AccessLog.objects.count() == reads  # nothing shown, nothing logged
