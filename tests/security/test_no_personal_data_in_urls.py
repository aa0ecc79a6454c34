"""No personal data in any URL: what can hold a name, a phone number, an address, a date of birth or free text
travels in the body of a POST, never in a path or a query string (which land in access logs, proxy logs and
browser histories). And the access log of the production server never writes a query string.

The tests walk what could break the rule: every URL pattern's path parameters, every ``<form method="get">``
(and every form without a method, which is a GET) in the templates and the form class it sends, every
``request.GET`` read in the code, and gunicorn's access-log format.
"""

import ast
import datetime as dt
import importlib
import re
from pathlib import Path

import pytest
from django import forms
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from accounts.roles import Role
from tests.factories import PersonFactory, UserFactory
from tests.fas.conftest import idp  # noqa: F401 (the local OpenID Connect provider, as a fixture)

ROOT = Path(__file__).resolve().parents[2]
APPS = (
    "accounts",
    "assistant",
    "requests_app",
    "volunteers",
    "helpdesk",
    "privacy",
    "dataprotection",
    "insights",
    "leuvenhelpt",
    "partner_api",
)

# Path parameters: ids and codes only (a reference code is read out on the phone; a token is signed).
# Path parameters: ids (``pk``, ``id``, ``number``, ``*_id``) and codes only.
PATH_PARAMETERS = {
    "reference": "a request's reference code (LH-XXXX-00), printed for the help seeker",
    "token": "a signed token of the request's id (the follow-up link)",
    "key": "a catalogue question's key, or allauth's password-reset key (made by the site)",
    "uidb36": "allauth: the account's id in base 36",
    "code": "a language code",
    "fmt": "an export format (json, yaml, csv)",
    "kind": "vragen or producten: which part of a catalogue edition (its translations page)",
    "app_label": "the Django admin: an app's name",
    "url": "the Django admin's catch-all (staff with a second factor)",
}
ID = re.compile(r"^(pk|id|number|\w+_id)$")

# The forms that travel as a GET, with the reason none of their fields can hold personal data.
GET_FORMS = {
    "requests_app/coordination/queue.html": ("requests_app.forms_staff.QueueFilterForm", "filters: choices, postcode"),
    "volunteers/coordination/overview.html": ("volunteers.forms.OverviewFilterForm", "filters: choices"),
    "insights/dashboard.html": ("insights.forms.PeriodForm", "a period: a choice and two dates"),
    "assistant/editor/analytics.html": ("assistant.forms_editor.AnalyticsForm", "an edition and two dates"),
    "requests_app/coordination/person_merge.html": ("requests_app.forms_staff.MergeForm", "two record ids"),
    "assistant/catalogue/product_list.html": (
        "assistant.views_catalogue.ProductFilterForm",
        "searching the public catalogue of the city's services, not people",
    ),
}
# Free-text fields allowed in a GET form, with the reason.
FREE_TEXT_ALLOWED = {
    ("assistant.views_catalogue.ProductFilterForm", "q"): "words to find one of the city's products",
    ("assistant.views_catalogue.ProductFilterForm", "thema"): "a theme's slug",
    ("requests_app.forms_staff.QueueFilterForm", "postcode"): "four digits, a statistics filter (3000, 3010…)",
}
# Query-string keys the code reads directly.
GET_KEYS = {
    "pagina": "a page number",
    "volgende": "the page to return to after switching the language (a path)",
    "wijzig": "a flag",
    "product": "a catalogue product's key",
    "contact": "the id of the KCC contact moment a search is for",
    "editie": "an edition's id",
    "antwoord": "the answer a follow-up mail's button chose (a fixed choice: yes / no)",
    # The partner API's list (partner_api.views.ReferralList; any other key is refused with a 400).
    "status": "a referral status (a fixed choice)",
    "since": "a time (ISO 8601)",
    "cursor": "the API's opaque page cursor (a position in the list, no data)",
    "page_size": "a number",
}
# Sign-in with itsme / the eID (accounts.fas): the query strings of the redirect to FAS (made by the site) and of
# FAS's redirect back to /accounts/fas/login/callback/ (read by allauth). None holds anything about the person.
FAS_AUTHORIZE_KEYS = {
    "client_id": "the site's client id at FAS",
    "redirect_uri": "the callback address",
    "scope": "the fixed scopes (FAS_SCOPE)",
    "response_type": "always 'code'",
    "state": "a random id of the sign-in under way in this browser",
    "nonce": "a random value the ID token must carry back",
    "code_challenge": "PKCE: the SHA-256 of a secret kept in the session",
    "code_challenge_method": "always 'S256'",
    "acr_values": "the levels of assurance accepted (FAS_ACR_VALUES)",
}
FAS_CALLBACK_KEYS = {
    "code": "a one-time code, useless without the client secret and the PKCE verifier",
    "state": "the random id sent",
    "error": "an OAuth error code (e.g. access_denied)",
    "error_description": "the provider's text about that error",
}
NOT_FREE_TEXT = (
    forms.ChoiceField,
    forms.ModelChoiceField,
    forms.DateField,
    forms.IntegerField,
    forms.BooleanField,
    forms.NullBooleanField,
)


def _patterns(resolvers, prefix=""):
    for entry in resolvers:
        if isinstance(entry, URLResolver):
            yield from _patterns(entry.url_patterns, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), entry


def _parameters(route: str) -> set[str]:
    return set(re.findall(r"<(?:\w+:)?(\w+)>", route)) | set(re.findall(r"\(\?P<(\w+)>", route))


def test_every_path_parameter_is_an_id_or_a_code():
    unknown = {}
    for route, _pattern in _patterns(get_resolver().url_patterns):
        for name in _parameters(route) - set(PATH_PARAMETERS):
            if not ID.match(name):
                unknown[name] = route
    assert unknown == {}, "a path parameter that might hold personal data (add it to PATH_PARAMETERS with why)"


def _templates():
    for directory in [ROOT / "templates", *ROOT.glob("*/templates")]:
        if ".venv" in directory.parts:
            continue
        yield from ((path, path.relative_to(directory).as_posix()) for path in directory.rglob("*.html"))


FORM_TAG = re.compile(r"<form\b[^>]*>", re.IGNORECASE | re.DOTALL)


def test_every_get_form_is_known_and_carries_no_personal_data():
    found = {}
    for path, name in _templates():
        for tag in FORM_TAG.findall(path.read_text()):
            method = re.search(r'method\s*=\s*"?(\w+)', tag, re.IGNORECASE)
            if name == "allauth/elements/form.html":
                continue  # allauth's form element: its method comes from allauth's own (POST) forms
            if method is None or method.group(1).lower() == "get":
                found[name] = tag
    assert set(found) == set(GET_FORMS), "a GET form that nobody reviewed (add it to GET_FORMS with why)"
    for dotted, _why in GET_FORMS.values():
        module, _, name = dotted.rpartition(".")
        form_class = getattr(importlib.import_module(module), name)
        for field_name, field in form_class.base_fields.items():
            assert isinstance(field, NOT_FREE_TEXT) or (dotted, field_name) in FREE_TEXT_ALLOWED, (
                f"{dotted}.{field_name} is free text in a GET form"
            )


def test_no_template_sends_htmx_gets_with_typed_input():
    """``hx-get`` carries the element's inputs in the query string: only the known GET forms may use it."""
    for path, name in _templates():
        text = path.read_text()
        if "hx-get" in text:
            assert name in GET_FORMS or "<input" not in text, name


def test_the_code_reads_only_known_keys_from_query_strings():
    keys = set()
    for app in APPS:
        for path in (ROOT / app).rglob("*.py"):
            tree = ast.parse(path.read_text())
            for node in ast.walk(tree):
                # request.GET.get("x") / request.GET["x"]
                if (
                    isinstance(node, ast.Call)
                    and isinstance(node.func, ast.Attribute)
                    and node.func.attr == "get"
                    and isinstance(node.func.value, ast.Attribute)
                    and node.func.value.attr in ("GET", "query_params")
                    and node.args
                    and isinstance(node.args[0], ast.Constant)
                ):
                    keys.add(node.args[0].value)
                if (
                    isinstance(node, ast.Subscript)
                    and isinstance(node.value, ast.Attribute)
                    and node.value.attr in ("GET", "query_params")
                    and isinstance(node.slice, ast.Constant)
                ):
                    keys.add(node.slice.value)
    assert keys <= set(GET_KEYS), keys - set(GET_KEYS)


# -- the KCC caller search is a POST --------------------------------------------------------------------


@pytest.mark.django_db
def test_the_kcc_search_sends_what_was_typed_in_the_body(client):
    agent = UserFactory(roles=[Role.KCC_AGENT])
    PersonFactory(full_name="Els Vandenberghe")
    client.force_login(agent)
    page = client.get(reverse("helpdesk:search")).content.decode()
    assert 'hx-post="/kcc/zoeken/"' in page and 'method="post"' in page and "csrfmiddlewaretoken" in page
    found = client.post(reverse("helpdesk:search"), {"q": "Vandenberghe"}, HTTP_HX_REQUEST="true")
    assert found.status_code == 200 and "Els Vandenberghe" in found.content.decode()
    # A query string is not searched (an old bookmark or a crafted link finds nobody).
    ignored = client.get(reverse("helpdesk:search"), {"q": "Vandenberghe"}).content.decode()
    assert "Els Vandenberghe" not in ignored


@pytest.mark.django_db
def test_the_kcc_search_refuses_a_post_without_csrf_token():
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(UserFactory(roles=[Role.KCC_AGENT]))
    assert client.post(reverse("helpdesk:search"), {"q": "Vandenberghe"}).status_code == 403


# -- the production server's access log --------------------------------------------------------------


def test_the_image_and_compose_run_gunicorn_with_the_config():
    for name in ("Dockerfile", "docker-compose.yml"):
        text = (ROOT / name).read_text()
        assert "python:leuvenhelpt.gunicorn_conf" in text, name
        assert "--access-logformat" not in text and "--access-log-format" not in text, name


def test_gunicorn_access_log_never_writes_a_query_string():
    from gunicorn.config import Config
    from gunicorn.glogging import Logger

    conf = importlib.import_module("leuvenhelpt.gunicorn_conf")
    for atom in ("%(r)s", "%(q)s", "%(f)s", "%(a)s", "{referer}i", "{cookie}i"):
        assert atom not in conf.access_log_format.lower(), atom
    config = Config()
    config.set("access_log_format", conf.access_log_format)
    logger = Logger(config)

    class Response:
        status, sent, headers = "200 OK", 123, ()

    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": "/kcc/zoeken/?q=Peeters+0470123456",
        "PATH_INFO": "/kcc/zoeken/",
        "QUERY_STRING": "q=Peeters+0470123456",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "192.0.2.1",
        "HTTP_REFERER": "https://leuvenhelpt.test/kcc/zoeken/?q=Janssens",
    }
    headers = [("REFERER", environ["HTTP_REFERER"])]
    atoms = logger.atoms(Response(), headers, environ, dt.timedelta(milliseconds=12))
    line = conf.access_log_format % atoms
    assert "/kcc/zoeken/" in line and " 200 " in line
    for secret in ("Peeters", "0470123456", "Janssens", "q="):
        assert secret not in line


# -- sign-in with itsme / the eID: nothing personal travels in the redirects ----------------------------------


@pytest.mark.django_db
def test_the_fas_redirects_carry_nothing_personal(client, idp):  # noqa: F811 (the imported fixture)
    from urllib.parse import parse_qs, urlsplit

    from tests.fas.conftest import NRN, to_provider

    callback = to_provider(client, idp)
    (authorize,) = idp.authorize_requests
    assert set(authorize) <= set(FAS_AUTHORIZE_KEYS)
    back = parse_qs(urlsplit(callback).query)
    assert set(back) <= set(FAS_CALLBACK_KEYS)
    landed = client.get(callback)
    assert landed.status_code == 302 and "?" not in landed["Location"]
    personal = {NRN, idp.identity["email"], idp.identity["given_name"], idp.identity["family_name"]}
    for value in [*authorize.values(), *(v for values in back.values() for v in values), landed["Location"]]:
        assert not any(item.lower() in value.lower() for item in personal), value
