"""Every URL pattern's path parameters and query strings get hostile values, as every role: no answer ≥ 500.

Two parts, kept under a minute together:

- a sweep: every URL pattern of the project (the Django admin aside) with each hostile path value — NUL bytes,
  overlong strings, dates at the calendar's limits, numbers beyond 64 bits, path tricks — and hostile query
  strings, as an anonymous visitor and as the first role the permission matrix lets in (the code past the
  permission check is what can break); POST-only URLs get a POST with hostile fields;
- hypothesis: random (pattern, role, path values, query string, method) combinations, so every role meets
  every URL over the runs.

The test client raises the view's exception, so a 500 shows its traceback here.
"""

import re
from urllib.parse import quote, urlencode

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from hypothesis import given
from hypothesis import strategies as st

from tests.permission_matrix import EXEMPT, MATRIX, NOT_ALLOWED, OK, ROLES

pytestmark = pytest.mark.django_db

PATH_VALUES = [
    "\x00",
    "LH-\x00-00",
    "x" * 3000,
    "0001-01-01",
    "9999-12-31",
    "-1",
    "0",
    "99999999999999999999999",
    "..",
    "%",
    "<script>alert(1)</script>",
    "LH-AAAA-00",
]
QUERIES = [
    {"volgende": "abc"},
    {"volgende": "\x00"},
    {"volgende": "//evil.example/"},
    {"period": "custom", "start": "0001-01-01", "end": "0001-01-02"},
    {"period": "custom", "start": "0001-01-01", "end": "9999-12-31"},
    {"period": "custom", "start": "9999-12-31", "end": "9999-12-31"},
    {"van": "0001-01-01", "tot": "9999-12-31", "editie": "99999999999999999999"},
    {"pagina": "\x00"},
    {"pagina": "99999999999999999999"},
    {"q": "x" * 3000, "doelgroep": "\x00", "thema": "../"},
    {"contact": "99999999999999999999", "product": "\x00"},
    {"state": "\x00", "postcode": "9999999", "need": "x" * 500, "age": "-1"},
]
POST_BODY = {
    "description": "\x00",
    "note": "x" * 5000,
    "reason": "\x00",
    "email": "x" * 300 + "@example.test",
    "date_of_birth": "0001-01-01",
    "start": "9999-12-31",
    "until": "0001-01-01",
    "key": "\x00",
    "answer": "x" * 3000,
    "once": "\x00",
    "confirmed": "1",
}


def _patterns(entries=None, prefix="", namespace=""):
    for entry in entries if entries is not None else get_resolver().url_patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _patterns(entry.url_patterns, prefix + str(entry.pattern), inner)
        elif isinstance(entry, URLPattern):
            yield f"{namespace}{entry.name}" if entry.name else "", prefix + str(entry.pattern)


# Route patterns only (allauth's few regex patterns are exempt in the matrix or have no parameters).
PATTERNS = sorted(
    {
        (name, route)
        for name, route in _patterns()
        if not route.startswith("admin/") and "(?P<" not in route and name not in EXEMPT
    }
)
PARAMETER = re.compile(r"<(?:\w+:)?\w+>")


def _url(route: str, value: str) -> str:
    return "/" + PARAMETER.sub(lambda _: quote(value, safe=""), route.lstrip("^").rstrip("$"))


def _first_allowed_role(name: str) -> str | None:
    access = MATRIX.get(name)
    if access is None:
        return None
    return next((role for role in ROLES if access.outcome[role] == OK and role is not None), None)


def _post_only(name: str) -> bool:
    access = MATRIX.get(name)
    return access is not None and all(outcome == NOT_ALLOWED for outcome in access.outcome.values())


@pytest.fixture
def clients(make_user):
    """One signed-in client per role, made on first use."""
    made: dict[str | None, Client] = {}

    def client(role: str | None) -> Client:
        if role not in made:
            made[role] = Client()
            if role is not None:
                made[role].force_login(make_user(role))
        return made[role]

    return client


def _send(client: Client, name: str, url: str, query: dict | None = None):
    if _post_only(name):
        response = client.post(url, POST_BODY)
    else:
        response = client.get(f"{url}?{urlencode(query)}" if query else url)
    assert response.status_code < 500, f"{url} {query}: {response.status_code}"
    return response


def test_the_patterns_are_walked():
    """The sweep covers the project's URLs (a failure here means the walk found nothing to test)."""
    assert len(PATTERNS) > 60
    assert any("<" in route for _name, route in PATTERNS)


@pytest.mark.parametrize("role_kind", ["anonymous", "allowed"])
def test_every_url_with_hostile_path_values_and_query_strings(role_kind, clients, settings):
    settings.ACCOUNT_RATE_LIMITS = False  # hundreds of requests from one client
    for name, route in PATTERNS:
        role = None if role_kind == "anonymous" else _first_allowed_role(name)
        if role_kind == "allowed" and role is None:
            continue
        client = clients(role)
        if PARAMETER.search(route):
            for value in PATH_VALUES:
                _send(client, name, _url(route, value))
        else:
            for query in QUERIES:
                _send(client, name, _url(route, ""), query)


hostile_text = st.one_of(
    st.sampled_from(PATH_VALUES),
    st.text(max_size=40),
    st.integers().map(str),
    st.dates().map(lambda day: day.isoformat()),
)


@given(
    pattern=st.sampled_from(PATTERNS),
    role=st.sampled_from(ROLES),
    value=hostile_text,
    query=st.dictionaries(
        st.sampled_from(sorted({key for query in QUERIES for key in query})), hostile_text, max_size=4
    ),
)
def test_random_urls_roles_and_values(pattern, role, value, query, clients, settings):
    settings.ACCOUNT_RATE_LIMITS = False
    name, route = pattern
    _send(clients(role), name, _url(route, value), query)


# -- what the attack on a running copy found (each was a 500) ------------------------------------------------


def test_the_language_switch_with_a_word_as_target_goes_home(client):
    response = client.get("/taal/en/?volgende=abc")
    assert response.status_code == 302 and response.url == "/"
    assert client.get("/taal/en/?volgende=/hulp/").url == "/hulp/"


@pytest.mark.parametrize(
    "path", ["/mijn/aanvragen/%00/", "/coordinatie/%00/", "/vrijwilligers/coordinatie/aanvraag/%00/"]
)
def test_a_nul_byte_in_a_reference_is_a_bad_request(path, clients):
    from accounts.roles import Role

    for role in (Role.CITIZEN, Role.COORDINATOR):
        response = clients(role).get(path)
        assert response.status_code == 400
        assert "We konden dit verzoek niet lezen" in response.content.decode()


def test_a_custom_period_at_the_calendar_s_start_is_refused_in_dutch(clients):
    from accounts.roles import Role

    response = clients(Role.MANAGER).get("/inzichten/?period=custom&start=0001-01-01&end=0001-01-02")
    assert response.status_code in (200, 400)
    page = response.content.decode()
    assert "Kies een eerste dag vanaf 1 januari 2020" in page
    assert 'value="0001-01-01"' in page  # what was typed stays
