"""/inzichten/ in a browser: the manager sees the KPIs with their charts (drawn from the tables' data)
and tables, picks a period, downloads a CSV; the page passes axe at desktop and phone width."""

import pytest
from playwright.sync_api import expect

from tests.e2e.signin import sign_in

pytestmark = [pytest.mark.e2e]


def test_the_manager_reads_the_insights_and_downloads_a_table(page, live_server, demo, assert_accessible):
    sign_in(page, live_server, "manager@leuvenhelpt.test")
    page.goto(f"{live_server.url}/inzichten/?period=quarter")
    expect(page.locator("h1")).to_have_text("Inzichten")
    chart = page.locator("#kpi-requests_by_channel .insights-chart")
    expect(chart).to_be_visible()  # the script showed it and drew the bars
    assert page.evaluate(
        "Chart.getChart(document.querySelector('[data-chart=chart-requests_by_channel]')) !== undefined"
    )
    expect(page.locator("#kpi-requests_by_channel table tbody tr")).to_have_count(8)
    assert "Demo-inwoner" not in page.content()
    assert_accessible(page)

    page.select_option("#id_period", "custom")
    page.fill("#id_start", "2026-03-31")
    page.fill("#id_end", "2026-03-01")
    page.locator("#main form.insights-filters button[type=submit]").click()
    expect(page.locator(".error-summary")).to_contain_text("De laatste dag moet op of na de eerste dag vallen.")
    assert_accessible(page)

    page.goto(f"{live_server.url}/inzichten/?period=year")
    with page.expect_download() as download:
        page.locator("#kpi-handoffs a[download]").click()
    assert download.value.suggested_filename.startswith("leuvenhelpt-handoffs-")

    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/inzichten/")
    assert_accessible(page)


def test_a_caseworker_cannot_open_the_insights(page, live_server, demo):
    sign_in(page, live_server, "hulpverlener@leuvenhelpt.test")
    response = page.goto(f"{live_server.url}/inzichten/")
    assert response.status == 403
