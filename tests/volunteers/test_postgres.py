"""PostgreSQL: two volunteers accepting the same request at once — exactly one wins."""

import pytest
from django.utils import translation

from accounts.roles import Role
from people.errors import ActionRefused
from requests_app.models import HelpRequest, SupportTrack
from requests_app.workflow import State
from tests.factories import UserFactory, make_matching_request, make_volunteer
from tests.requests_app.test_workflow_postgres import run_at_once
from volunteers import services
from volunteers.models import Match

pytestmark = pytest.mark.postgres


@pytest.mark.django_db(transaction=True)
def test_two_volunteers_accepting_at_once_exactly_one_wins():
    coordinator = UserFactory(roles=[Role.COORDINATOR])
    request, _task = make_matching_request(coordinator=coordinator)
    first = services.match_propose(request=request, volunteer=make_volunteer(), actor=coordinator)
    second = services.match_propose(request=request, volunteer=make_volunteer(), actor=coordinator)
    results = run_at_once(
        lambda: services.match_accept(match=first, actor=first.volunteer.user),
        lambda: services.match_accept(match=second, actor=second.volunteer.user),
    )
    wins = [r for r in results if isinstance(r, Match)]
    refusals = [r for r in results if isinstance(r, ActionRefused)]
    assert (len(wins), len(refusals)) == (1, 1), results
    with translation.override("nl"):
        assert str(refusals[0]) == translation.gettext("This proposal is no longer open.")
    assert Match.objects.filter(request=request, status=Match.Status.ACCEPTED).count() == 1
    assert SupportTrack.objects.filter(request=request).count() == 1
    assert HelpRequest.objects.get(pk=request.pk).state == State.SUPPORT_STARTED
