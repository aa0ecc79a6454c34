"""Site-wide pages: the layout, security headers, no inline script or style, error pages."""

import re

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.test import override_settings
from django.urls import path, reverse
from django.utils import translation
from django.views.defaults import permission_denied

from accounts.roles import Role

pytestmark = pytest.mark.django_db


def boom(request):
    raise RuntimeError("kapot")


urlpatterns = [path("boom/", boom)]
handler500 = "leuvenhelpt.views.server_error"


def test_home_in_dutch_by_default_whatever_the_browser_says(client):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9")
    assert response["Content-Language"] == "nl"
    assert '<html lang="nl" dir="ltr">' in response.content.decode()


def test_language_switch_to_english_and_back(client):
    response = client.get(reverse("switch_language", args=["en"]), {"volgende": "/toegankelijkheid/"})
    assert response.status_code == 302
    assert response.url == "/toegankelijkheid/"
    page = client.get("/")
    assert page["Content-Language"] == "en"
    assert "Do you need help?" in page.content.decode()
    client.get(reverse("switch_language", args=["nl"]), {"volgende": "/"})
    assert client.get("/")["Content-Language"] == "nl"


def test_language_switch_refuses_other_sites_and_languages(client):
    response = client.get(reverse("switch_language", args=["en"]), {"volgende": "https://evil.example/"})
    assert response.url == "/"
    assert client.get(reverse("switch_language", args=["de"])).status_code == 404


def test_layout_has_skip_link_landmarks_and_footer(client):
    html = client.get("/").content.decode()
    assert 'href="#main"' in html and 'id="main"' in html
    assert "<header" in html and "<nav" in html and "<footer" in html
    assert reverse("privacy_statement") in html
    assert reverse("accessibility_statement") in html


@pytest.mark.parametrize(
    ("role", "visible", "hidden"),
    [
        (None, ["/accounts/login/"], ["/mijn/", "/admin/"]),
        (Role.CITIZEN, ["/mijn/"], ["/admin/", "/accounts/login/"]),
        (Role.ADMIN, ["/mijn/", "/admin/"], ["/accounts/login/"]),
    ],
)
def test_navigation_is_role_aware(client_as, role, visible, hidden):
    html = client_as(role).get("/").content.decode()
    for href in visible:
        assert f'href="{href}"' in html
    for href in hidden:
        assert f'href="{href}"' not in html


def test_security_headers(client):
    response = client.get("/")
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


@pytest.mark.parametrize(
    "url", ["/", "/privacyverklaring/", "/toegankelijkheid/", "/accounts/login/", "/accounts/signup/", "/bestaat-niet/"]
)
def test_no_inline_script_style_or_external_resources(client, url):
    html = client.get(url).content.decode()
    for tag in re.findall(r"<script\b[^>]*>", html):
        assert "src=" in tag, f"inline script on {url}: {tag}"
    assert "<style" not in html
    assert not re.search(r"\sstyle=", html), f"inline style attribute on {url}"
    assert not re.search(r"""(src|href)=["']https?://(?!testserver)[^"']+\.(js|css)""", html)
    assert not re.search(r"\son[a-z]+=", html), f"inline event handler on {url}"


def test_404_is_friendly_in_both_languages(client):
    response = client.get("/bestaat-niet/")
    assert response.status_code == 404
    assert "We kunnen deze pagina niet vinden" in response.content.decode()
    client.cookies["django_language"] = "en"
    assert "We cannot find this page" in client.get("/bestaat-niet/").content.decode()


def test_403_is_friendly(rf):
    request = rf.get("/")
    request.user = AnonymousUser()
    with translation.override("nl"):
        response = permission_denied(request, PermissionDenied())
    assert response.status_code == 403
    assert "geen toegang" in response.content.decode()


@override_settings(ROOT_URLCONF=__name__)
def test_500_is_friendly_and_bilingual(client):
    client.raise_request_exception = False
    response = client.get("/boom/")
    assert response.status_code == 500
    html = response.content.decode()
    assert "Er ging iets mis" in html and "Something went wrong" in html
    assert "016 27 27 72" in html
    assert "kapot" not in html


def test_statements_are_public(client):
    assert "Privacyverklaring" in client.get(reverse("privacy_statement")).content.decode()
    assert "Toegankelijkheidsverklaring" in client.get(reverse("accessibility_statement")).content.decode()
