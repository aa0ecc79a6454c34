"""seed_scale: many requests for benchmarks, still obeying every rule of the state machine."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from insights.management.commands.seed_scale import SCALE_USER
from people.models import Person
from requests_app.models import HelpRequest, Referral, SupportTrack
from requests_app.workflow import HANDLED, State


@pytest.mark.postgres
@pytest.mark.django_db
def test_seed_scale_generates_requests_in_every_state():
    call_command("seed_scale", requests=500, people=50, stdout=io.StringIO())
    assert HelpRequest.objects.count() == 500
    assert Person.objects.count() == 50
    states = set(HelpRequest.objects.values_list("state", flat=True))
    assert states == set(State.values)
    handled = HelpRequest.objects.filter(state__in=HANDLED)
    assert SupportTrack.objects.count() == handled.count() > 0
    assert not handled.filter(support_track__isnull=True).exists()
    assert Referral.objects.filter(status="proposed").count() == HelpRequest.objects.filter(state="referred").count()
    assert HelpRequest.objects.values("reference").distinct().count() == 500
    assert HelpRequest.objects.filter(person__user__email=SCALE_USER).count() == 10
    call_command("seed_scale", requests=100, people=10, stdout=io.StringIO())  # more can be added
    assert HelpRequest.objects.count() == 600


@pytest.mark.django_db
def test_seed_scale_refuses_other_databases():
    if connection.vendor == "postgresql":
        with pytest.raises(CommandError, match="at least 1"):
            call_command("seed_scale", requests=0, stdout=io.StringIO())
    else:
        with pytest.raises(CommandError, match="PostgreSQL"):
            call_command("seed_scale", requests=10, stdout=io.StringIO())


@pytest.mark.postgres
@pytest.mark.django_db
def test_seed_scale_adds_kcc_contacts_over_the_people_already_there():
    from helpdesk.models import ContactMoment

    with pytest.raises(CommandError, match="needs people"):
        call_command("seed_scale", requests=0, people=0, contacts=10, stdout=io.StringIO())
    call_command("seed_scale", requests=20, people=30, stdout=io.StringIO())
    call_command("seed_scale", requests=0, people=0, contacts=600, stdout=io.StringIO())
    moments = ContactMoment.objects.all()
    assert moments.count() == 600 and Person.objects.count() == 30 and HelpRequest.objects.count() == 20
    assert set(moments.values_list("outcome", flat=True)) == set(ContactMoment.Outcome.values)
    assert set(moments.values_list("channel", flat=True)) == set(ContactMoment.CHANNELS)
    assert not moments.filter(ended_at__isnull=True).exists()
    transfers = moments.filter(outcome="transferred")
    assert transfers.filter(transfer_succeeded=True).exists() and transfers.filter(transfer_succeeded=False).exists()
    assert moments.filter(person__isnull=True).count() == 100  # one caller in six unknown
    assert moments.filter(person__isnull=False).values("person").distinct().count() > 20
    assert not moments.filter(outcome="answered", handoffs__gt=0).exists()
    assert not moments.exclude(outcome="answered").filter(handoffs=0).exists()
