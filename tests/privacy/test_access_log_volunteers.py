"""Staff reading a volunteer's profile, availability or contact details is access-logged like a help seeker's
data, and the volunteer sees it under "who looked at my data" (and nobody else does)."""

import pytest
from django.urls import reverse

from accounts.roles import Role
from privacy.models import AccessLog
from tests.factories import make_matching_request, make_volunteer

pytestmark = pytest.mark.django_db


def test_opening_a_volunteer_s_page_is_logged_and_the_volunteer_sees_it(client, coordinator):
    profile = make_volunteer(state="applied", full_name="Vera Vrijwilliger", roles=[Role.VOLUNTEER])
    client.force_login(coordinator)
    assert client.get(reverse("volunteers:coordination_volunteer", args=[profile.pk])).status_code == 200
    rows = AccessLog.objects.filter(subject_user=profile.user)
    assert sorted(rows.values_list("category", "purpose")) == [
        ("contact", "volunteer_coord"),
        ("profile", "volunteer_coord"),
    ]
    assert {row.actor_id for row in rows} == {coordinator.pk}
    assert all(row.person_id is None and row.actor_role == Role.COORDINATOR for row in rows)

    client.force_login(profile.user)
    page = client.get(reverse("privacy:my_access_log")).content.decode()
    assert "uw vrijwilligersprofiel en beschikbaarheid" in page
    assert "om uw vrijwilligerswerk te coördineren" in page
    assert "(coördinator)" in page
    assert coordinator.full_name not in page  # who, as organisation and role; the staff member's name stays staff data

    other = make_volunteer(state="applied", roles=[Role.VOLUNTEER])
    client.force_login(other.user)
    assert "vrijwilligersprofiel" not in client.get(reverse("privacy:my_access_log")).content.decode()


def test_the_candidates_shown_for_a_request_are_logged(client, coordinator):
    request, _task = make_matching_request(coordinator=coordinator)
    shown = [make_volunteer(roles=[Role.VOLUNTEER]) for _ in range(2)]
    not_eligible = make_volunteer(areas=("3000",), roles=[Role.VOLUNTEER])
    client.force_login(coordinator)
    page = client.get(reverse("volunteers:matching", args=[request.reference])).content.decode()
    assert all(profile.user.full_name in page for profile in shown)
    logged = AccessLog.objects.filter(purpose="volunteer_proposal")
    assert set(logged.values_list("subject_user_id", flat=True)) == {profile.user_id for profile in shown}
    assert set(logged.values_list("reference", flat=True)) == {request.reference}
    assert not AccessLog.objects.filter(subject_user=not_eligible.user).exists()


def test_a_row_names_one_subject():
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        AccessLog.objects.create(actor_name="x", category="contact", purpose="triage")
