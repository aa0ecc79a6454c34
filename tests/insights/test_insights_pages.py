"""/inzichten/ and its CSV export: aggregates only (no names, no free text, small numbers as "< 5"),
the period picker with its errors, the sources not yet available, and a constant number of queries."""

import csv
import io
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.roles import Role
from insights.forms import default_period
from insights.periods import last_month, this_year
from insights.services import summary_refresh
from tests.factories import PersonFactory, make_request
from tests.insights.history import at, received

pytestmark = pytest.mark.django_db
URL = reverse("insights:dashboard")


@pytest.fixture
def manager(client, make_user):
    client.force_login(make_user(Role.MANAGER))
    return client


def content(response) -> str:
    return response.content.decode()


def test_the_page_shows_aggregates_never_a_person(manager):
    person = PersonFactory(full_name="Godelieve Uniekenaam")
    for _ in range(6):
        make_request(person=person, channel="phone", description="Mijn geheime verhaal over schulden.")
    make_request(channel="letter")
    summary_refresh()
    page = content(manager.get(URL, {"period": "month"}))
    assert "Godelieve" not in page and "geheime verhaal" not in page
    assert "LH-" not in page  # no references either
    assert ">6<" in page  # six phone requests this month
    assert "&lt; 5" in page  # one letter: hidden


def test_every_source_is_available_now(manager):
    page = content(manager.get(URL))
    assert "Nog niet beschikbaar" not in page
    assert "Vrijwilligers nu" in page and "KCC: opgelost bij het eerste contact" in page


def test_a_custom_period_is_shown_with_the_previous_period_of_equal_length(manager):
    page = content(manager.get(URL, {"period": "custom", "start": "2026-03-01", "end": "2026-03-31"}))
    assert "1 maart 2026 – 31 maart 2026" in page
    assert "29 januari 2026 – 28 februari 2026" in page


@pytest.mark.parametrize(
    ("params", "message"),
    [
        (
            {"period": "custom", "start": "2026-03-31", "end": "2026-03-01"},
            "De laatste dag moet op of na de eerste dag",
        ),
        ({"period": "custom", "start": "", "end": "2026-03-01"}, "Vul de eerste dag van de periode in"),
        ({"period": "custom", "start": "gisteren", "end": "2026-03-01"}, "Vul de begindatum in"),
        ({"period": "custom", "start": "2020-01-01", "end": "2026-03-01"}, "hoogstens drie jaar"),
        ({"period": "custom", "start": "2026-01-01", "end": "2999-01-01"}, "kan niet in de toekomst"),
    ],
)
def test_a_wrong_period_says_what_to_do_and_keeps_what_was_typed(manager, params, message):
    response = manager.get(URL, params)
    assert response.status_code == 400
    page = content(response)
    assert message in page and "error-summary" in page
    assert f'value="{params["start"]}"' in page


def test_an_unknown_period_choice_is_an_error(manager):
    assert manager.get(URL, {"period": "decade"}).status_code == 400


@pytest.mark.parametrize("period", ["last_month", "last_30", "month", "quarter", "year"])
def test_the_presets(manager, period):
    assert manager.get(URL, {"period": period}).status_code == 200


def test_the_csv_of_a_table_has_the_previous_period_beside_and_hides_small_numbers(manager):
    for _ in range(7):
        received(at(2026, 3, 10), channel="phone")
    received(at(2026, 3, 11), channel="web")
    summary_refresh()
    response = manager.get(
        reverse("insights:csv", kwargs={"key": "requests_by_channel"}),
        {"period": "custom", "start": "2026-03-01", "end": "2026-03-31"},
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    text = content(response)
    assert text.startswith("\ufeff")  # the project's CSV writer: BOM, ";" (leuvenhelpt/csv_export.py)
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))
    assert len(rows[0]) == 7 and "1 maart 2026 – 31 maart 2026" in rows[0][1] and "29 januari 2026" in rows[0][2]
    by_label = {row[0]: row[1:] for row in rows[1:]}
    assert by_label["Telefoon"][:4] == ["7", "< 5", "< 5", "< 5"]
    assert by_label["Website"][0] == "< 5"


def test_every_table_exports_its_columns_for_both_periods(manager):
    from insights.kpis import KPIS

    for kpi in KPIS:
        response = manager.get(reverse("insights:csv", kwargs={"key": kpi.key}))
        assert response.status_code == 200, kpi.key
        header, *rows = csv.reader(io.StringIO(content(response).lstrip("\ufeff")), delimiter=";")
        # "Row", then each column of the table: twice (this period, the previous one) unless it is a snapshot.
        assert len(header) == 1 + len(kpi.compute(default_period(timezone.localdate())).columns) * (
            1 if kpi.snapshot else 2
        ), kpi.key
        assert all(len(row) == len(header) for row in rows), kpi.key


def test_a_csv_with_a_wrong_period_is_refused_with_the_reason(manager):
    response = manager.get(
        reverse("insights:csv", kwargs={"key": "handoffs"}), {"period": "custom", "start": "2026-03-31", "end": ""}
    )
    assert response.status_code == 400
    assert "Vul de laatste dag van de periode in" in content(response)


def test_an_unknown_table_is_not_found(manager):
    assert manager.get(reverse("insights:csv", kwargs={"key": "people"})).status_code == 404


def test_the_charts_get_their_data_as_json_and_the_script_from_a_static_file(manager):
    page = content(manager.get(URL))
    assert 'id="chart-requests_by_channel" type="application/json"' in page
    assert 'data-chart="chart-requests_by_channel"' in page
    assert "vendor/chartjs/chart.umd.min.js" in page and "js/insights.js" in page
    assert "<script>" not in page


def test_coordinators_and_managers_find_it_in_the_menu(client, make_user):
    for role, shown in ((Role.MANAGER, True), (Role.COORDINATOR, True), (Role.CASEWORKER, False)):
        client.force_login(make_user(role))
        assert (f'href="{URL}"' in content(client.get("/"))) is shown, role


def test_the_number_of_queries_does_not_grow_with_the_requests(manager):
    """The same queries for 1 request as for 40 (every table computed: about two queries per KPI and period)."""
    today = timezone.localdate()
    manager.get(URL)  # the session and the layout's caches, which the first page of a visit fills
    counts = []
    for requests in (1, 39):
        for number in range(requests):
            received(at(today.year, today.month, 1) if number % 2 else timezone.now(), channel="web")
        summary_refresh()  # a new summary stamp: the page computes every table again
        with CaptureQueriesContext(connection) as queries:
            assert manager.get(URL, {"period": "year"}).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1] <= 71, (
        counts
    )  # about two queries per KPI and period, +14 for the outcome KPIs and contact points, +2 first contact on time


def test_the_default_period_is_the_last_full_month_compared_with_the_month_before(manager):
    """On the 5th, "this month" showed almost only "< 5": the default is the last full month."""
    today = timezone.localdate()
    response = manager.get(URL)
    period = response.context["period"]
    assert period.end == date(today.year, today.month, 1) - timedelta(days=1) and period.start.day == 1
    assert period.start.month == period.end.month
    assert period.previous.end == period.start - timedelta(days=1) and period.previous.start.day == 1
    assert '<option value="last_month" selected>' in content(response)


def test_this_year_is_compared_with_the_same_days_of_last_year():
    """Not "27 January 2025 – 31 December 2025" (as many days just before): 1 January to the same date."""
    period = this_year(date(2026, 12, 5))
    assert (period.start, period.end) == (date(2026, 1, 1), date(2026, 12, 5))
    assert (period.previous.start, period.previous.end) == (date(2025, 1, 1), date(2025, 12, 5))
    assert this_year(date(2028, 2, 29)).previous.end == date(2027, 2, 28)


def test_last_month_in_january_is_december(manager):
    period = last_month(date(2027, 1, 5))
    assert (period.start, period.end) == (date(2026, 12, 1), date(2026, 12, 31))
    assert (period.previous.start, period.previous.end) == (date(2026, 11, 1), date(2026, 11, 30))


def test_a_hidden_cell_says_why(manager):
    make_request(channel="email")
    summary_refresh()
    html = content(manager.get(URL, {"period": "month"}))
    assert "te weinig om te tonen" in html
    assert "zodat niemand herkend kan worden" in html


def test_the_page_follows_each_refresh_of_the_summary(manager):
    for _ in range(5):
        make_request(channel="email")
    summary_refresh()
    assert "Cijfers van " in content(manager.get(URL))
    first = manager.get(URL, {"period": "month"}).context["sections"]
    by_channel = next(section for section in first if section.kpi.key == "requests_by_channel")
    assert dict(by_channel.rows)["E-mail"][0].n == 5
    make_request(channel="email")
    assert (
        dict(
            next(
                s
                for s in manager.get(URL, {"period": "month"}).context["sections"]
                if s.kpi.key == "requests_by_channel"
            ).rows
        )["E-mail"][0].n
        == 5
    )  # the figures of the last count
    summary_refresh()
    again = manager.get(URL, {"period": "month"}).context["sections"]
    assert dict(next(s for s in again if s.kpi.key == "requests_by_channel").rows)["E-mail"][0].n == 6


def test_before_the_first_count_the_page_says_so(manager):
    assert "De cijfers zijn nog niet geteld" in content(manager.get(URL))


def test_after_the_beat_refresh_the_page_reads_its_tables_from_the_cache(manager, django_assert_max_num_queries):
    from insights import tasks

    for _ in range(5):
        make_request(channel="web")
    tasks.refresh_summary.delay()
    # The session and user, the refresh time, the volunteers of today (a snapshot, never cached); the
    # partners list is cached with the tables: nothing else.
    with django_assert_max_num_queries(6):
        response = manager.get(URL, {"period": "month"})
    rows = dict(next(s for s in response.context["sections"] if s.kpi.key == "requests_by_channel").rows)
    assert rows["Website"][0].n == 5
