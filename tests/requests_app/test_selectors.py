"""requests_app's pages read through requests_app/selectors.py: one request's page and the public timeline
cost the same number of queries whatever the number of rows they list."""

import pytest
from django.urls import reverse

from privacy.models import Consent
from privacy.services import consent_give
from requests_app import services
from requests_app.selectors import plain_timeline
from tests.factories import OrganizationFactory, make_request

pytestmark = pytest.mark.django_db


def _grow(help_request, coordinator, rows: int) -> None:
    """More timeline rows (public and internal), consents and organisations behind them."""
    for number in range(rows):
        services.request_note(request=help_request, actor=coordinator, note=f"Gebeld ({number}).", public=True)
        services.request_note(request=help_request, actor=coordinator, note=f"Intern ({number}).")
        consent_give(
            person=help_request.person,
            purpose=Consent.Purpose.REFERRAL,
            channel="phone",
            recipients=[OrganizationFactory()],
            help_request=help_request,
            recorded_by=coordinator,
        )


def test_the_coordinators_request_page_costs_the_same_queries_with_many_rows(
    client, coordinator, django_assert_max_num_queries
):
    help_request = make_request()
    client.force_login(coordinator)
    url = reverse("coordination:request", kwargs={"reference": help_request.reference})
    _grow(help_request, coordinator, 1)
    client.get(url)  # measured on a second read: the session comes from the cache or the database
    with django_assert_max_num_queries(40) as few:
        assert client.get(url).status_code == 200
    baseline = len(few.captured_queries)  # (read now: the next request empties Django's query log)
    _grow(help_request, coordinator, 6)
    client.get(url)
    with django_assert_max_num_queries(baseline):
        page = client.get(url).content.decode()
    assert "Intern (5)." in page and "Gebeld (5)." in page  # every row is listed, not only the first ones


def test_the_plain_timeline_is_one_query_and_leaves_out_internal_rows(coordinator, django_assert_num_queries):
    help_request = make_request()
    _grow(help_request, coordinator, 3)
    with django_assert_num_queries(1):
        events = plain_timeline(help_request)
    notes = [text for event, text in events if event.kind == event.Kind.NOTE]
    assert notes == ["Gebeld (0).", "Gebeld (1).", "Gebeld (2)."]
    assert all(text for _event, text in events)
