"""The site's own error pages — 400, 403, 404, 429, 500 and a failed CSRF check — in Dutch and in English, as
production serves them (DEBUG off, Django's own handlers replaced)."""

import pytest
from django.conf import settings
from django.test import Client, RequestFactory
from django.urls import reverse

from accounts.roles import Role
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

TEXTS = {
    400: ("We konden dit verzoek niet lezen", "We could not read this request"),
    403: ("U hebt geen toegang tot deze pagina", "You do not have access to this page"),
    404: ("We kunnen deze pagina niet vinden", "We cannot find this page"),
    429: ("U hebt dit te vaak geprobeerd", "You tried this too often"),
    "csrf": ("Dit formulier is verlopen", "This form has expired"),
}


def _client(language: str, **kwargs) -> Client:
    client = Client(**kwargs)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


def _check(response, status: int, key, language: str):
    assert response.status_code == status
    page = response.content.decode()
    dutch, english = TEXTS[key]
    assert (dutch if language == "nl" else english) in page
    assert f'<html lang="{language}"' in page
    assert "Leuven Helpt" in page and "Traceback" not in page and "Django" not in page


@pytest.mark.parametrize("language", ["nl", "en"])
def test_bad_request_forbidden_not_found(language):
    _check(_client(language).get("/mijn/aanvragen/%00/"), 400, 400, language)
    _check(_client(language, HTTP_HOST="evil.example").get("/"), 400, 400, language)
    citizen = _client(language)
    citizen.force_login(UserFactory(roles=[Role.CITIZEN]))
    _check(citizen.get(reverse("helpdesk:console")), 403, 403, language)
    _check(_client(language).get("/bestaat-niet/"), 404, 404, language)


@pytest.mark.parametrize("language", ["nl", "en"])
def test_a_failed_csrf_check(language):
    client = _client(language, enforce_csrf_checks=True)
    response = client.post(reverse("help:ask"), {"description": "Hulp"})
    _check(response, 403, "csrf", language)


@pytest.mark.parametrize("language", ["nl", "en"])
def test_too_many_requests(language):
    client = _client(language, REMOTE_ADDR="203.0.113.99")
    for _ in range(20):
        client.get(reverse("help:follow", args=["verzonnen"]))
    _check(client.get(reverse("help:follow", args=["verzonnen"])), 429, 429, language)


def test_server_error_page_is_in_both_languages_without_the_database():
    """The 500 page renders without context processors (it must work when little else does)."""
    from leuvenhelpt import urls
    from leuvenhelpt.views import server_error

    assert urls.handler500 == "leuvenhelpt.views.server_error"
    response = server_error(RequestFactory().get("/"))
    page = response.content.decode()
    assert response.status_code == 500
    assert "Er ging iets mis" in page and "Something went wrong" in page


def test_a_crashing_view_gives_the_500_page(client, settings):
    settings.ROOT_URLCONF = "tests.urls_crash"
    crashing = Client(raise_request_exception=False)
    response = crashing.get("/crash/")
    assert response.status_code == 500
    assert "Er ging iets mis" in response.content.decode()


def test_the_handlers_are_the_site_s_own():
    from leuvenhelpt import urls

    assert (urls.handler400, urls.handler429) == (
        "leuvenhelpt.views.bad_request",
        "leuvenhelpt.views.too_many_requests",
    )
    assert settings.CSRF_FAILURE_VIEW == "leuvenhelpt.views.csrf_failure"
