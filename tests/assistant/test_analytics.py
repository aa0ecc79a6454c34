"""The assistant's statistics for catalogue editors: anonymous counts per edition and period, a funnel,
drop-off per question, products shown as applying, help clicks and mailed results; charts drawn without
inline styles, each with its table, and a CSV download of the tables."""

import csv
import io
import re
from datetime import date

import pytest
from django.conf import settings
from django.urls import reverse

from accounts.roles import Role
from assistant import editor, services
from assistant.engine import parse_catalogue
from assistant.models import UsageCount
from tests.fixtures.assistant import make_doc

pytestmark = pytest.mark.django_db

ANALYTICS = reverse("assistant:editor_analytics")
CSV = reverse("assistant:editor_analytics_csv")


@pytest.fixture
def editor_client(client, make_user):
    client.force_login(make_user(Role.CATALOGUE_EDITOR))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.fixture
def published():
    return services.edition_import(document=make_doc(), publish=True)


def count(edition, day: date, event: str, key: str = "", number: int = 1) -> None:
    UsageCount.objects.create(edition=edition, day=day, event=event, key=key, count=number)


@pytest.fixture
def usage(published):
    """Two days of counts for the published edition, and some for another edition that must not show."""
    for day, factor in ((date(2026, 11, 2), 1), (date(2026, 11, 20), 2)):
        count(published, day, "session_started", number=10 * factor)
        count(published, day, "question_shown", "audience", 10 * factor)
        count(published, day, "question_answered", "audience", 8 * factor)
        count(published, day, "question_shown", "lives_in_leuven", 7 * factor)
        count(published, day, "question_answered", "lives_in_leuven", 7 * factor)
        count(published, day, "session_finished", number=6 * factor)
        count(published, day, "product_applied", "bewonerskaart", 4 * factor)
        count(published, day, "product_applied", "sociaal-tarief-ouderen", 1 * factor)
        count(published, day, "no_product", number=1 * factor)
        count(published, day, "help_clicked", "bewonerskaart", 2 * factor)
        count(published, day, "results_mailed", number=3 * factor)
    other = services.edition_import(document=make_doc("other"))
    count(other, date(2026, 11, 2), "session_started", number=500)
    return published


def test_only_catalogue_editors_see_the_statistics(client, client_as, published):
    for address in (ANALYTICS, CSV):
        response = client.get(address)
        assert response.status_code == 302 and response.url.startswith(reverse("account_login"))
    for role in (Role.MANAGER, Role.COORDINATOR, Role.CITIZEN, Role.DPO):
        other = client_as(role)
        assert other.get(ANALYTICS).status_code == 403
        assert other.get(CSV).status_code == 403
        other.logout()


def test_the_statistics_answer_only_get(editor_client, published):
    assert editor_client.get(ANALYTICS).status_code == 200
    assert editor_client.get(CSV).status_code == 200
    for address in (ANALYTICS, CSV):
        assert editor_client.post(address).status_code == 405
        assert editor_client.put(address).status_code == 405


def test_the_report_counts_one_edition_over_a_period(usage):
    catalogue = parse_catalogue(usage.document)
    report = editor.usage_report(edition=usage, catalogue=catalogue, start=None, end=None, language="nl")
    assert (report.started, report.finished, report.no_product) == (30, 18, 3)
    assert (report.help_clicked, report.results_mailed, report.first_answered) == (6, 9, 24)
    audience, lives = report.questions
    assert (audience.key, audience.text, audience.shown, audience.answered, audience.dropped) == (
        "audience",
        "Voor wie zoekt u?",
        30,
        24,
        6,
    )
    assert audience.drop_share == pytest.approx(0.2) and lives.dropped == 0
    assert [(row.key, row.applied, row.help_clicked) for row in report.products] == [
        ("bewonerskaart", 12, 6),
        ("sociaal-tarief-ouderen", 3, 0),
    ]
    november_20 = editor.usage_report(
        edition=usage, catalogue=catalogue, start=date(2026, 11, 10), end=date(2026, 11, 30), language="nl"
    )
    assert (november_20.started, november_20.finished) == (20, 12)
    until_the_5th = editor.usage_report(
        edition=usage, catalogue=catalogue, start=None, end=date(2026, 11, 5), language="nl"
    )
    assert until_the_5th.started == 10


def test_the_funnel_and_its_bar_widths(usage):
    report = editor.usage_report(
        edition=usage, catalogue=parse_catalogue(usage.document), start=None, end=None, language="nl"
    )
    funnel = report.funnel()
    assert [(bar.key, bar.count) for bar in funnel] == [
        ("session_started", 30),
        ("first_answered", 24),
        ("session_finished", 18),
        ("help_clicked", 6),
    ]
    assert [bar.width for bar in funnel] == ["100.0", "80.0", "60.0", "20.0"]
    assert [bar.width for bar in report.drop_off()] == ["20.0", "0.0"]
    assert [bar.width for bar in report.product_bars()] == ["100.0", "25.0"]


def test_the_page_shows_counts_charts_and_tables_without_inline_styles(editor_client, usage):
    response = editor_client.get(ANALYTICS, {"editie": usage.pk})
    page = response.content.decode()
    assert response.status_code == 200
    assert " style=" not in page
    # every chart is drawn with SVG width attributes and has a table beside it
    assert page.count('class="bar-chart"') == 3
    assert page.count("<table") == 3
    assert '<rect class="bar-chart-fill" x="0" y="0" height="100%" width="80.0%">' in page
    assert 'aria-hidden="true" focusable="false"' in page
    for label in ("Sessions started", "Sessions finished", "No product applied", "Results e-mailed"):
        assert label in page
    assert "Who are you looking for?" in page and "Bewonerskaart" in page  # in the reader's language
    assert "500" not in re.sub(r"<[^>]+>", " ", page)  # the other edition is not counted


def test_the_published_edition_is_shown_by_default_and_another_on_request(editor_client, usage):
    page = editor_client.get(ANALYTICS).content.decode()
    assert f'<option value="{usage.pk}" selected>' in page
    assert "<dd>30</dd>" in page
    other = usage.__class__.objects.get(label="other")
    page = editor_client.get(ANALYTICS, {"editie": other.pk}).content.decode()
    assert "<dd>500</dd>" in page


def test_a_period_filters_the_counts(editor_client, usage):
    page = editor_client.get(ANALYTICS, {"editie": usage.pk, "van": "2026-11-10", "tot": "2026-11-30"}).content.decode()
    assert "<dd>20</dd>" in page  # sessions started on the 20th only


def test_a_wrong_period_or_edition_is_explained(editor_client, usage):
    page = editor_client.get(ANALYTICS, {"van": "2026-11-30", "tot": "2026-11-01"}).content.decode()
    assert '<a href="#id_tot">The last day must be on or after the first day</a>' in page
    page = editor_client.get(ANALYTICS, {"van": "gisteren"}).content.decode()
    assert '<a href="#id_van">Enter the first day as a date, e.g. 2026-11-01</a>' in page
    page = editor_client.get(ANALYTICS, {"editie": "999999"}).content.decode()
    assert '<a href="#id_editie">Choose one of the editions in the list</a>' in page


def test_without_any_edition_there_is_nothing_to_count(editor_client):
    page = editor_client.get(ANALYTICS).content.decode()
    assert "There is no edition yet" in page
    assert editor_client.get(CSV).status_code == 404


def test_an_edition_without_counts(editor_client, published):
    page = editor_client.get(ANALYTICS).content.decode()
    assert "Nothing was counted for this edition in this period." in page


def test_the_csv_holds_the_tables_and_nothing_about_persons(editor_client, usage):
    response = editor_client.get(CSV, {"editie": usage.pk, "van": "2026-11-01", "tot": "2026-11-30"})
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == (
        'attachment; filename="assistent-statistieken-2026-12-2026-11-01-2026-11-30.csv"'
    )
    content = response.content.decode("utf-8")
    assert content.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(content.lstrip("\ufeff")), delimiter=";"))
    assert rows[0] == ["table", "key", "description", "measure", "count"]
    assert ["summary", "session_started", "Sessions started", "count", "30"] in rows
    assert ["funnel", "first_answered", "Answered the first question", "count", "24"] in rows
    assert ["questions", "audience", "Who are you looking for?", "dropped off", "6"] in rows
    assert ["products", "bewonerskaart", "Bewonerskaart", "asked for help", "6"] in rows
    assert all(len(row) == 5 for row in rows)


def test_the_csv_keeps_spreadsheets_from_running_labels_as_formulas(editor_client, published):
    document = make_doc("formula")
    document["questions"][0]["text"] = {"nl": "=HYPERLINK(1)"}
    edition = services.edition_import(document=document)
    count(edition, date(2026, 11, 2), "question_shown", "audience", 3)
    content = editor_client.get(CSV, {"editie": edition.pk}).content.decode("utf-8")
    assert "'=HYPERLINK(1)" in content


def test_the_statistics_page_query_count(editor_client, usage, django_assert_num_queries):
    editor_client.get(ANALYTICS)
    with django_assert_num_queries(5):  # user, roles, editions, the chosen edition, the counts
        assert editor_client.get(ANALYTICS).status_code == 200
