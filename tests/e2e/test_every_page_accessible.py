"""axe-core with the WCAG 2.2 AA rules (wcag2a, wcag2aa, wcag21a, wcag21aa, wcag22aa) on the pages of every demo
role's work area, at desktop width and at 375 px (``assert_accessible`` checks both): each role signs in through the
real form and opens its work area's pages as its links lead there, over the demo data (issue 18's axe rule).
The journeys' own browser tests check the pages they pass; this walk reaches the ones no journey opens."""

from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Error as PlaywrightError

from accounts.demo import ACCOUNTS
from tests.e2e.signin import landing_path, sign_in

pytestmark = [pytest.mark.e2e]

DESKTOP = {"width": 1280, "height": 900}
PAGES_PER_ROLE = 8
SKIP = ("/accounts/logout/", "/taal/", "/admin/", "/static/", "/metrics")
DOWNLOADS = (".csv", ".pdf", ".json", ".yaml", "/export/", "/download")
ONE_PER_ROLE = [
    (role, email) for role, email in {role: email for email, _n, role, _o, _j in ACCOUNTS}.items() if role != "admin"
]


@pytest.mark.parametrize(("role", "email"), ONE_PER_ROLE, ids=[role for role, _ in ONE_PER_ROLE])
def test_every_page_of_a_roles_work_area_passes_axe(page, live_server, demo, assert_accessible, role, email):
    page.set_viewport_size(DESKTOP)
    sign_in(page, live_server, email)
    start = landing_path(email)
    area = start if start != "/" else "/mijn/"
    queue, seen = [start], set()
    while queue and len(seen) < PAGES_PER_ROLE:
        path = queue.pop(0)
        if path in seen or path.startswith(SKIP) or any(marker in path for marker in DOWNLOADS):
            continue
        seen.add(path)
        try:
            response = page.goto(f"{live_server.url}{path}")
        except PlaywrightError as error:  # a link to a file (an export) starts a download, not a page
            if "Download is starting" in str(error):
                continue
            raise
        if response is None or response.status != 200 or "html" not in response.headers.get("content-type", ""):
            continue
        assert_accessible(page)
        for href in page.eval_on_selector_all("main a[href]", "links => links.map(a => a.getAttribute('href'))"):
            target = urlsplit(href)
            if not target.netloc and target.path.startswith(area):
                queue.append(target.path + (f"?{target.query}" if target.query else ""))
    assert start in seen, (role, start)
