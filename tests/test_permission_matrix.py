"""Every URL × every role (anonymous included) against the declared table."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

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
    elif expected == NOT_FOUND:
        assert response.status_code == 404, f"{url} as {role}: {response.status_code}"
    else:  # pragma: no cover - a typo in the table
        pytest.fail(f"unknown outcome {expected!r}")
