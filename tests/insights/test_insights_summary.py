"""The daily summary the KPIs read: counted again for the days that changed, the same when run twice,
the same as a full rebuild, and kept up to date by Celery beat."""

from datetime import date, timedelta

import pytest
from django.conf import settings
from django.db import connection
from django.utils import timezone

from accounts.roles import Role
from insights import kpis, tasks
from insights.models import NeedDay, ReferralDay, RequestDay, SummaryRun, WaitDay
from insights.periods import Period
from insights.services import RECENT_DAYS, changed_days, summary_refresh
from requests_app import services
from requests_app.models import HelpRequest
from tests.factories import OrganizationFactory, UserFactory, make_request
from tests.insights.history import at, place, received, refer

pytestmark = pytest.mark.django_db
MARCH = Period(date(2026, 3, 1), date(2026, 3, 31))


def snapshot() -> list:
    rows = []
    for model in (RequestDay, NeedDay, WaitDay, ReferralDay):
        fields = [f.name for f in model._meta.fields if f.name != "id"]
        rows.append(sorted(model.objects.values_list(*fields)))
    return rows


def handled_in_march() -> int:
    return kpis.requests_outcome(MARCH).row("handled").values[0].n


def test_the_first_run_counts_every_day_and_records_when(db):
    received(at(2026, 3, 10))
    received(at(2025, 6, 1))
    assert summary_refresh() == 2
    run = SummaryRun.objects.get()
    assert run.full and run.refreshed_at is not None
    assert sorted(RequestDay.objects.values_list("day", flat=True)) == [date(2025, 6, 1), date(2026, 3, 10)]


def test_running_twice_changes_nothing(db):
    for _ in range(3):
        received(at(2026, 3, 10))
    summary_refresh()
    first = snapshot()
    summary_refresh()
    summary_refresh(full=True)
    assert snapshot() == first


def test_a_later_change_is_counted_on_the_day_the_request_was_received(db):
    coordinator = UserFactory(roles=[Role.COORDINATOR])
    partner = OrganizationFactory()
    requests = [received(at(2026, 3, 10)) for _ in range(5)]
    referrals = [refer(request, partner, coordinator) for request in requests]
    for request in requests:
        place(request, at(2026, 3, 10))
    summary_refresh(full=True)
    assert handled_in_march() == 0
    for referral in referrals:
        services.referral_accept(referral=referral, actor=coordinator, contact_person="X")
    assert summary_refresh() >= 1  # only the changed days (and the last few)
    assert handled_in_march() == 5
    incremental = snapshot()
    summary_refresh(full=True)
    assert snapshot() == incremental


def test_only_changed_days_and_the_last_days_are_counted_again(db):
    old = received(at(2025, 1, 15))
    summary_refresh()
    since = timezone.now()
    today = timezone.localdate()
    assert changed_days(since=since, today=today) == {today - timedelta(days=n) for n in range(RECENT_DAYS)}
    HelpRequest.objects.filter(pk=old.pk).update(updated_at=timezone.now())
    assert date(2025, 1, 15) in changed_days(since=since, today=today)


def test_a_withdrawn_request_moves_from_waiting_to_withdrawn(db):
    request = received(at(2026, 3, 10))
    summary_refresh()
    services.request_withdraw(request=request, actor=None)
    summary_refresh()
    table = kpis.requests_outcome(MARCH)
    assert table.row("withdrawn").values[0].n == 1 and table.row("waiting").values[0].n == 0


def test_the_beat_tasks_refresh_and_rebuild():
    assert settings.CELERY_BEAT_SCHEDULE["refresh-insights-summary"]["task"] == "insights.tasks.refresh_summary"
    assert settings.CELERY_BEAT_SCHEDULE["rebuild-insights-summary"]["task"] == "insights.tasks.rebuild_summary"
    make_request()
    tasks.rebuild_summary.delay()
    assert SummaryRun.objects.get().full
    before = snapshot()
    tasks.refresh_summary.delay()
    assert not SummaryRun.objects.get().full
    assert snapshot() == before


@pytest.mark.postgres
def test_the_kpi_source_indexes_exist_and_cover_the_columns_the_refresh_reads(db):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE indexname IN "
            "('insights_request_received', 'insights_referral_sent')"
        )
        found = dict(cursor.fetchall())
    assert "INCLUDE (channel, state, first_contact_at, support_started_at)" in found["insights_request_received"]
    assert "INCLUDE (organization_id, status, reason)" in found["insights_referral_sent"]
