"""Every role's pages over the demo data in Dutch and in English, checked against the translation catalogues
(issue 18 item 9; the check itself: tests/test_page_language.py). The permission matrix's walk sees each page with
the little data its fixtures make; this one crawls what `make run` shows each demo account — queues with requests,
the KCC's life domains and signals, the Leuven catalogue in the editor — following the links from its work area.

No browser: Django's test client. Marked e2e because it needs the demo data the browser tests load once."""

from urllib.parse import urldefrag, urlsplit

import pytest
from django.conf import settings
from django.test import Client

from accounts.demo import ACCOUNTS
from accounts.models import User
from tests.e2e.signin import landing_path
from tests.test_page_language import leaks

pytestmark = [pytest.mark.e2e]

PAGES_PER_ROLE = 30
# Not pages: downloads, signing out, switching language, the admin, links that act (they are forms anyway).
SKIP = ("/accounts/logout/", "/taal/", "/admin/", "/static/", "/media/", "/metrics")
DOWNLOADS = (".csv", ".pdf", ".json", ".yaml", "/export/", "/download")
ONE_PER_ROLE = list({role: email for email, _name, role, _org, _job in ACCOUNTS}.items())


def _links(html: str) -> list[str]:
    from html.parser import HTMLParser

    found: list[str] = []

    class Links(HTMLParser):
        def handle_starttag(self, tag, attrs):
            href = dict(attrs).get("href") if tag == "a" else None
            if href and href.startswith("/") and not href.startswith("//"):
                found.append(urldefrag(href)[0])

    Links().feed(html)
    return found


@pytest.mark.parametrize(("role", "email"), ONE_PER_ROLE, ids=[role for role, _ in ONE_PER_ROLE])
def test_every_page_a_demo_role_reaches_speaks_one_language(demo, role, email):
    client = Client()
    client.force_login(User.objects.get(email=email))
    start = landing_path(email)
    area = start if start != "/" else "/mijn/"
    # The work area first (its pages in the order found), then the rest of the site, each path once (the public
    # product list under twenty filters is one page).
    own, other, seen, found = [start], ["/", "/mijn/"], set(), {}
    while (own or other) and len(seen) < PAGES_PER_ROLE:
        url = own.pop(0) if own else other.pop(0)
        path = urlsplit(url).path
        key = url if path.startswith(area) else path
        if key in seen or path.startswith(SKIP) or any(marker in path for marker in DOWNLOADS):
            continue
        seen.add(key)
        for language in ("nl", "en"):
            client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
            response = client.get(url)
            if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
                break
            html = response.content.decode()
            wrong = leaks(html, language)
            if wrong:
                found[f"{url} {language}"] = wrong
            if language == "nl":
                for link in _links(html):
                    (own if urlsplit(link).path.startswith(area) else other).append(link)
    assert start in seen or start.startswith(SKIP), (role, start, sorted(seen))  # the work area was read
    assert found == {}, found
