"""Known histories for the insights tests: requests taken through the services, then placed in time."""

from datetime import datetime, timedelta

from django.utils import timezone

from accounts.models import User
from requests_app import services
from requests_app.models import HelpRequest, Referral, SupportTrack
from requests_app.workflow import State
from tests.factories import make_request


def at(year: int, month: int, day: int, hour: int = 10) -> datetime:
    return datetime(year, month, day, hour, tzinfo=timezone.get_current_timezone())


def place(request: HelpRequest, received: datetime, *, contact_hours=None, support_hours=None) -> HelpRequest:
    """Move a request (and its referrals) to ``received``; first contact and support after so many hours."""
    HelpRequest.objects.filter(pk=request.pk).update(
        created_at=received,
        first_contact_at=None if contact_hours is None else received + timedelta(hours=contact_hours),
        support_started_at=None if support_hours is None else received + timedelta(hours=support_hours),
    )
    Referral.objects.filter(request=request).update(created_at=received + timedelta(hours=1))
    request.refresh_from_db()
    return request


def received(when: datetime, *, channel: str = "phone", needs=("finances",)) -> HelpRequest:
    return place(make_request(channel=channel, needs=list(needs)), when)


def refer(request: HelpRequest, organization, coordinator: User) -> Referral:
    request.refresh_from_db()
    if request.state == State.SUBMITTED:
        services.request_take_up(request=request, actor=coordinator)
    (referral,) = services.request_refer(
        request=request, organizations=[organization], actor=coordinator, consent_channel="phone"
    )
    return referral


def volunteer_support(request: HelpRequest, coordinator: User, volunteer: User) -> None:
    """The volunteer route as the volunteers app will take it: matching, then an accepted match starts
    the support track (that app's service is not on this branch, so the end state is written here)."""
    request.refresh_from_db()
    if request.state == State.SUBMITTED:
        services.request_take_up(request=request, actor=coordinator)
    services.request_route_to_volunteers(request=request, actor=coordinator)
    SupportTrack.objects.create(
        request=request, volunteer=volunteer, contact_person=volunteer.full_name, started_on=timezone.localdate()
    )
    HelpRequest.objects.filter(pk=request.pk).update(state=State.SUPPORT_STARTED, support_started_at=timezone.now())
