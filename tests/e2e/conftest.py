"""Browser tests: Playwright driving Debian's Chromium against pytest-django's live server."""

import io

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command

from tests.conftest import chromium_path

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    # Playwright cannot download its own browsers here: launch the chromium on PATH.
    return {**browser_type_launch_args, "executable_path": chromium_path(), "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "nl-BE", "viewport": {"width": 1280, "height": 900}}


@pytest.fixture
def demo(transactional_db, settings):
    """The demo data, as `make run` loads it."""
    call_command("seed_demo", force=True, stdout=io.StringIO())


@pytest.fixture(scope="session")
def axe():
    return Axe()


# The WCAG 2.2 AA rule set (with target size and the other 2.2 rules), plus axe's best practices.
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]},
    "resultTypes": ["violations"],
}
PHONE_WIDTH = {"width": 375, "height": 740}


@pytest.fixture
def assert_accessible(axe):
    """Run axe-core with the WCAG 2.2 AA rules on the page, at its own width and at phone width: no serious or
    critical violations at either (the page is checked as it is, then at 375 px, then put back)."""

    def problems_of(page) -> list[str]:
        results = axe.run(page, options=AXE_OPTIONS)
        return [
            f"{v['id']} ({v['impact']}): {v['help']} – {[n['target'] for n in v['nodes']][:3]}"
            for v in results.response["violations"]
            if v["impact"] in {"serious", "critical"}
        ]

    def check(page):
        problems = problems_of(page)
        size = page.viewport_size
        if size and size["width"] > PHONE_WIDTH["width"]:
            page.set_viewport_size(PHONE_WIDTH)
            try:
                problems += [f"[375 px] {problem}" for problem in problems_of(page)]
            finally:
                page.set_viewport_size(size)
        assert problems == [], f"{page.url}:\n" + "\n".join(problems)

    return check
