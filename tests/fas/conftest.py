import pytest
import requests
from django.test import override_settings
from django.urls import reverse

from tests.fas.oidc_provider import LocalOIDCProvider

CLIENT_ID = "leuvenhelpt-test"
CLIENT_SECRET = "a-client-secret-for-the-tests"  # noqa: S105
NRN = "85.07.30-033.28"  # a made-up national register number, as FAS may format it
NRN_DIGITS = "85073003328"


def fas_settings(issuer: str) -> dict:
    return {
        "FAS_ENABLED": True,
        "SOCIALACCOUNT_PROVIDERS": {
            "fas": {
                "APPS": [
                    {
                        "provider_id": "fas",
                        "name": "itsme / eID",
                        "client_id": CLIENT_ID,
                        "secret": CLIENT_SECRET,
                        "settings": {"server_url": issuer, "oauth_pkce_enabled": True, "fetch_userinfo": True},
                    }
                ],
                "SCOPE": ["openid", "profile", "email", "egovnrn"],
            }
        },
    }


@pytest.fixture
def idp():
    """The local OpenID Connect provider on 127.0.0.1, and the site configured to use it as FAS."""
    with LocalOIDCProvider(
        client_id=CLIENT_ID,
        client_secret=CLIENT_SECRET,
        redirect_uri="http://testserver" + reverse("fas_callback"),
    ) as provider:
        provider.identity = {
            "sub": "fas-subject-0001",
            "egovNRN": NRN,
            "email": "marie.peeters@example.test",
            "email_verified": True,
            "given_name": "Marie",
            "family_name": "Peeters",
        }
        with override_settings(**fas_settings(provider.issuer)):
            yield provider


def to_provider(client, idp, *, process: str = "login"):
    """Press the button: the site's POST answers with a redirect to the provider's authorisation endpoint;
    the provider (consenting at once) answers with a redirect back to the callback. Returns that callback
    (a path with its query string), not yet opened."""
    start = client.post(reverse("fas_login"), {"process": process})
    assert start.status_code == 302, start.status_code
    assert start["Location"].startswith(f"{idp.issuer}/authorize?")
    answer = requests.get(start["Location"], allow_redirects=False, timeout=10)
    assert answer.status_code == 302, answer.text
    back = answer.headers["Location"]
    assert back.startswith("http://testserver/")
    return back.removeprefix("http://testserver")


def sign_in(client, idp, *, process: str = "login"):
    """The whole round trip; returns the callback's response."""
    return client.get(to_provider(client, idp, process=process))


def signed_in_user_id(client):
    return client.session.get("_auth_user_id")
