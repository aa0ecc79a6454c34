"""The coordinators' overview: who is available this week, filters, load per volunteer, the radar."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import make_volunteer
from volunteers.models import VolunteerProfile
from volunteers.selectors import availability_grid, radar

pytestmark = pytest.mark.django_db


def test_the_grid_counts_volunteers_who_can_be_matched_per_day_and_part_of_the_day():
    make_volunteer(slots=((1, 13, 17),))  # Tuesday afternoon
    make_volunteer(slots=((1, 9, 17),), tasks=("visit",))  # Tuesday morning and afternoon
    make_volunteer(state="screening", slots=((1, 13, 17),))  # not yet
    grid = availability_grid()
    tuesday = grid["rows"][1][1]
    assert tuesday == [1, 2, 0]
    assert availability_grid(task_type="visit")["rows"][1][1] == [1, 1, 0]
    assert availability_grid(area="3001")["rows"][1][1] == [0, 0, 0]


def test_the_radar_lists_the_attention_points():
    now = timezone.now()
    quiet = make_volunteer(full_name="Stille Stijn")
    stale = make_volunteer(full_name="Oude Olga")
    expiring = make_volunteer(full_name="Vervallende Vera")
    declining = make_volunteer(full_name="Weigerende Wim")
    fine = make_volunteer(full_name="Prima Paul")
    VolunteerProfile.objects.filter(pk=quiet.pk).update(last_active_at=now - timedelta(days=61))
    VolunteerProfile.objects.filter(pk=stale.pk).update(availability_updated_at=now - timedelta(days=91))
    VolunteerProfile.objects.filter(pk=expiring.pk).update(
        screening_valid_until=timezone.localdate() + timedelta(days=10)
    )
    VolunteerProfile.objects.filter(pk=declining.pk).update(declines_in_a_row=3)
    found = radar()
    assert [p.pk for p in found.inactive] == [quiet.pk]
    assert [p.pk for p in found.stale_availability] == [stale.pk]
    assert [p.pk for p in found.screening_expiring] == [expiring.pk]
    assert [p.pk for p in found.many_declines] == [declining.pk]
    assert fine.pk not in {p.pk for group in vars(found).values() for p in group}


@pytest.mark.parametrize("count", [1, 12])
def test_the_overview_uses_a_constant_number_of_queries(client, coordinator, count, django_assert_max_num_queries):
    for _ in range(count):
        make_volunteer()
    client.force_login(coordinator)
    with django_assert_max_num_queries(9):
        response = client.get(reverse("volunteers:coordination"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "0 van 2" in html
    assert f"{count} vrijwilliger" in html


def test_the_overview_filters(client, coordinator):
    make_volunteer(full_name="Arabisch Sprekende", languages=("nl", "ar"))
    make_volunteer(full_name="Alleen Nederlands")
    client.force_login(coordinator)
    html = client.get(reverse("volunteers:coordination"), {"language": "ar"}).content.decode()
    assert "Arabisch Sprekende" in html and "Alleen Nederlands" not in html
    html = client.get(reverse("volunteers:coordination"), {"state": "bogus"}).content.decode()  # ignored
    assert "Alleen Nederlands" in html
