"""seed_scale --volunteers: many volunteers with profiles and slots for the matching benchmark, valid for the app."""

import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.roles import Role
from volunteers.choices import TaskType
from volunteers.models import AvailabilitySlot, VolunteerProfile
from volunteers.selectors import rank_candidates


@pytest.mark.postgres
@pytest.mark.django_db
def test_seed_scale_generates_volunteers_in_every_state_who_can_be_ranked():
    call_command("seed_scale", requests=20, people=5, volunteers=400, stdout=io.StringIO())
    profiles = VolunteerProfile.objects.select_related("user")
    assert profiles.count() == 400
    assert set(profiles.values_list("state", flat=True)) == {"active", "paused", "screening", "applied"}
    assert all(p.user.has_role(Role.VOLUNTEER) for p in profiles[:20])
    assert not profiles.filter(task_types=0).exists() and not profiles.filter(areas=0).exists()
    assert not profiles.filter(task_types__gte=1 << len(TaskType.values)).exists()
    assert AvailabilitySlot.objects.count() >= 800
    for profile in profiles[:50]:  # the generated slots obey the rules of availability_set
        slots = sorted((s.weekday, s.start, s.end) for s in profile.slots.all())
        assert all(a[0] != b[0] or b[1] >= a[2] for a, b in zip(slots, slots[1:], strict=False))
    from tests.factories import make_matching_request

    request, task = make_matching_request(task_type="shopping", area="3010", weekday=2, start=9, end=11)
    with CaptureQueriesContext(connection) as queries:
        ranked = rank_candidates(task=task)
    assert len(queries) == 2 and ranked
    assert all(c.covers >= n.covers for c, n in zip(ranked, ranked[1:], strict=False))
