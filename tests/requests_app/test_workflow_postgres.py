"""PostgreSQL: the database itself guards "handled", and two people acting at once cannot both win."""

import threading

import pytest
from django.db import IntegrityError, connection, connections, transaction
from django.utils import timezone, translation

from accounts.roles import Role
from people.errors import ActionRefused
from requests_app import services
from requests_app.models import HelpRequest, SupportTrack
from requests_app.workflow import State
from tests.factories import OrganizationFactory, UserFactory, make_request

pytestmark = pytest.mark.postgres


@pytest.mark.django_db
def test_the_trigger_refuses_handled_without_a_support_track():
    request = make_request()
    with pytest.raises(IntegrityError, match="without a support track"), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        HelpRequest.objects.filter(pk=request.pk).update(state=State.SUPPORT_STARTED, support_started_at=timezone.now())


def run_at_once(*actions):
    """Run the actions in threads that start together; return what each returned or raised."""
    barrier = threading.Barrier(len(actions))
    results: list = [None] * len(actions)

    def worker(index, action):
        try:
            barrier.wait()
            results[index] = action()
        except Exception as exc:  # noqa: BLE001 - the outcome is what the test looks at
            results[index] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(i, a)) for i, a in enumerate(actions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return results


@pytest.mark.django_db(transaction=True)
def test_two_partners_accepting_at_once_exactly_one_wins():
    coordinator = UserFactory(roles=[Role.COORDINATOR])
    request = make_request()
    services.request_take_up(request=request, actor=coordinator)
    first, second = services.request_refer(
        consent_channel="phone",
        request=request,
        organizations=[OrganizationFactory(), OrganizationFactory()],
        actor=coordinator,
    )
    results = run_at_once(
        lambda: services.referral_accept(referral=first, actor=coordinator, contact_person="A"),
        lambda: services.referral_accept(referral=second, actor=coordinator, contact_person="B"),
    )
    wins = [r for r in results if isinstance(r, SupportTrack)]
    refusals = [r for r in results if isinstance(r, ActionRefused)]
    assert (len(wins), len(refusals)) == (1, 1), results
    with translation.override("nl"):  # the threads speak the site's default language
        assert str(refusals[0]) == translation.gettext("This referral was already answered.")
    assert SupportTrack.objects.filter(request=request).count() == 1
    assert HelpRequest.objects.get(pk=request.pk).state == State.SUPPORT_STARTED


@pytest.mark.django_db(transaction=True)
def test_accept_against_withdraw_exactly_one_wins():
    coordinator = UserFactory(roles=[Role.COORDINATOR])
    request = make_request()
    services.request_take_up(request=request, actor=coordinator)
    (referral,) = services.request_refer(
        consent_channel="phone", request=request, organizations=[OrganizationFactory()], actor=coordinator
    )
    results = run_at_once(
        lambda: services.referral_accept(referral=referral, actor=coordinator, contact_person="A"),
        lambda: services.request_withdraw(request=request, actor=None, reason="Niet meer nodig"),
    )
    refusals = [r for r in results if isinstance(r, ActionRefused)]
    assert len(refusals) == 1, results
    state = HelpRequest.objects.get(pk=request.pk).state
    if isinstance(results[0], SupportTrack):
        assert state == State.SUPPORT_STARTED  # too late to withdraw: the partner closes the track
    else:
        assert state == State.WITHDRAWN
        assert not SupportTrack.objects.filter(request=request).exists()
