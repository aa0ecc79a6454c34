"""Every URL × every role (anonymous included) against the declared table."""

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.db_snapshot import changed_tables, database_snapshot
from tests.form_payload import plausible_payload
from tests.permission_matrix import (
    EXEMPT,
    EXEMPT_PREFIXES,
    FORBIDDEN,
    LOGIN,
    MATRIX,
    NOT_ALLOWED,
    NOT_FOUND,
    OK,
    REDIRECT,
    ROLES,
    UNAUTHORIZED,
)


def _url_names(patterns=None, namespace: str = "") -> set[str]:
    names = set()
    for pattern in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            names |= _url_names(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.add(f"{namespace}{pattern.name}")
    return names


def test_every_url_is_declared():
    """A view cannot land without saying who may see it."""
    undeclared = {
        name
        for name in _url_names()
        if name not in MATRIX and name not in EXEMPT and not name.startswith(EXEMPT_PREFIXES)
    }
    assert undeclared == set(), f"add these URL names to tests/permission_matrix.py: {sorted(undeclared)}"


def test_table_names_exist():
    names = _url_names()
    stale = (set(MATRIX) | set(EXEMPT)) - names
    assert stale == set(), f"these names are in the table but not in urls.py: {sorted(stale)}"


CASES = [(name, role) for name in sorted(MATRIX) for role in ROLES]


@pytest.mark.parametrize(("url_name", "role"), CASES, ids=[f"{n}-{r or 'anonymous'}" for n, r in CASES])
def test_access(url_name, role, client_as, request):
    access = MATRIX[url_name]
    kwargs = dict(access.kwargs)
    if access.setup:
        kwargs.update(request.getfixturevalue(access.setup))
    url = reverse(url_name, kwargs=kwargs)
    response = client_as(role).get(url)
    expected = access.outcome[role]
    if expected == OK:
        assert response.status_code == 200, f"{url} as {role}: {response.status_code}"
    elif expected == LOGIN:
        assert response.status_code == 302
        assert response.url.startswith(reverse("account_login")), response.url
    elif expected == REDIRECT:
        assert response.status_code == 302, f"{url} as {role}: {response.status_code}"
        assert not response.url.startswith(reverse("account_login"))
    elif expected == FORBIDDEN:
        assert response.status_code == 403, f"{url} as {role}: {response.status_code}"
    elif expected == NOT_ALLOWED:
        assert response.status_code == 405, f"{url} as {role}: {response.status_code}"
    elif expected == UNAUTHORIZED:
        assert response.status_code == 401, f"{url} as {role}: {response.status_code}"
    elif expected == NOT_FOUND:
        assert response.status_code == 404, f"{url} as {role}: {response.status_code}"
    elif expected == UNAUTHORIZED:
        assert response.status_code == 401, f"{url} as {role}: {response.status_code}"
        assert response.json()["code"] == "not_authenticated"
    else:  # pragma: no cover - a typo in the table
        pytest.fail(f"unknown outcome {expected!r}")


# -- POST: every role that must not change something with a POST-only URL tries, and nothing changes --------
POST_CASES = [
    (name, role)
    for name in sorted(MATRIX)
    if MATRIX[name].post_by is not None
    for role in ROLES
    if role not in MATRIX[name].post_by
]


@pytest.mark.parametrize(("url_name", "role"), POST_CASES, ids=[f"{n}-{r or 'anonymous'}" for n, r in POST_CASES])
def test_post_changes_nothing(url_name, role, client_as, request):
    """A POST by a role that may not take the action is refused (sign in, 401, 403, 404 or 400), and not one row of
    the database changed: the refusal comes before the write."""
    access = MATRIX[url_name]
    kwargs = dict(access.kwargs)
    if access.setup:
        kwargs.update(request.getfixturevalue(access.setup))
    url = reverse(url_name, kwargs=kwargs)
    client = client_as(role)
    before = database_snapshot()
    response = client.post(url, {})
    if response.status_code == 302 and role is not None and access.refused_with == REDIRECT:
        assert not response.url.startswith(reverse("account_login")), response.url
    elif response.status_code == 302:
        assert response.url.startswith(reverse("account_login")), f"{url} as {role}: redirected to {response.url}"
    else:
        assert response.status_code in (400, 401, 403, 404), f"{url} as {role}: {response.status_code}"
    after = database_snapshot()
    assert changed_tables(before, after) == [], f"{url} as {role} changed the database"


def test_every_post_only_url_says_who_may_post():
    assert all(
        access.post_by is not None for access in MATRIX.values() if set(access.outcome.values()) == {NOT_ALLOWED}
    )


# -- POST to the pages that take a form (GET and POST): the roles the GET refuses are refused the same way --
def _views(patterns=None, namespace: str = "") -> dict:
    found = {}
    for pattern in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            found |= _views(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            found[f"{namespace}{pattern.name}"] = pattern.callback
    return found


def _accepts_post(view) -> bool:
    """Whether a POST reaches the view: Django's ``require_http_methods`` (and ``require_GET``/``require_POST``)
    keep their list of methods in the closure; a class-based view answers POST when it has ``post``."""
    if hasattr(view, "view_class"):
        return hasattr(view.view_class, "post")
    function = view
    while function is not None:
        code = getattr(function, "__code__", None)
        if code is not None and "request_method_list" in code.co_freevars:
            methods = function.__closure__[code.co_freevars.index("request_method_list")].cell_contents
            return "POST" in methods
        function = getattr(function, "__wrapped__", None)
    return True  # no method restriction


VIEWS = _views()
REFUSALS = (LOGIN, FORBIDDEN, NOT_FOUND)
FORM_POST_CASES = [
    (name, role)
    for name in sorted(MATRIX)
    if MATRIX[name].post_by is None and _accepts_post(VIEWS[name])
    for role in ROLES
    if MATRIX[name].outcome[role] in REFUSALS
]


def test_the_form_pages_posted_to_are_found():
    """The walk below covers the pages with a form (the KCC's status look-up, the DPO's erasure form …)."""
    names = {name for name, _role in FORM_POST_CASES}
    assert {"helpdesk:status", "dpo:erasure_new", "coordination:person_merge"} <= names
    assert "coordination:queue" not in names  # GET only: a POST is a 405 before anything else


def _reader(url_name: str, make_user, request) -> Client | None:
    """A client signed in as someone who may open the page (the table's first OK role, or its ``reader``)."""
    access = MATRIX[url_name]
    allowed = [role for role, outcome in access.outcome.items() if outcome == OK]
    reader = Client()
    if access.reader:
        reader.force_login(request.getfixturevalue(access.reader))
    elif not allowed:
        return None
    elif allowed[0] is not None:  # None: an anonymous visitor may open it
        reader.force_login(make_user(allowed[0]))
    return reader


def _payload(reader: Client | None, url: str) -> dict:
    """The page's form as the reader sees it, filled plausibly (``tests/form_payload.py``); ``{}`` for a page
    nobody in the table opens (someone else's object: its confirmation has no fields)."""
    if reader is None:
        return {}
    response = reader.get(url)
    return plausible_payload(response.content.decode(), url) if response.status_code == 200 else {}


@pytest.mark.parametrize(
    "url_name", ["accounts:profile", "volunteers:signup", "volunteers:availability", "volunteers:pause"]
)
def test_the_filled_in_payload_is_one_a_permitted_user_saves(url_name, make_user, request):
    """The payload the refused roles post below is valid: posted by someone who may, it changes the database."""
    url = reverse(url_name)
    reader = _reader(url_name, make_user, request)
    payload = _payload(reader, url)
    assert payload
    before = database_snapshot()
    response = reader.post(url, payload)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert changed_tables(before, database_snapshot()) != []


@pytest.mark.parametrize(
    ("url_name", "role"), FORM_POST_CASES, ids=[f"{n}-{r or 'anonymous'}" for n, r in FORM_POST_CASES]
)
def test_a_refused_role_posting_a_form_is_refused_the_same_way_and_changes_nothing(
    url_name, role, client_as, make_user, request
):
    """Posted empty and posted filled in (the page's own form as a permitted role sees it, every field given a
    plausible value): a view that checked the role only after validating the form would change something."""
    access = MATRIX[url_name]
    kwargs = dict(access.kwargs)
    if access.setup:
        kwargs.update(request.getfixturevalue(access.setup))
    url = reverse(url_name, kwargs=kwargs)
    payload = _payload(_reader(url_name, make_user, request), url)
    client = client_as(role)
    expected = access.outcome[role]
    for data in ({}, payload):
        before = database_snapshot()
        response = client.post(url, data)
        if expected == LOGIN:
            assert response.status_code == 302 and response.url.startswith(reverse("account_login")), url
        else:
            assert response.status_code == (403 if expected == FORBIDDEN else 404), f"{url} as {role}: {response}"
        assert changed_tables(before, database_snapshot()) == [], f"{url} as {role} posting {data} changed the database"
