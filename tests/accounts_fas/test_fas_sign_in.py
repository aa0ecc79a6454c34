"""Sign-in with itsme / the eID through OpenID Connect, against a local provider started by the test: a
citizen links it to their account once and then signs in with it; a tampered ID token, a wrong nonce and a
replayed code are refused; the national register number is never stored in clear."""

import json
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from allauth.socialaccount.models import SocialAccount
from django.db import connection
from django.urls import reverse

from accounts.fas.identity import identity_hash
from accounts.roles import Role
from tests.accounts_fas.oidc_provider import CLIENT_ID, CLIENT_SECRET, OIDCProvider
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

NRN = "85073003328"


@pytest.fixture
def idp(settings):
    provider = OIDCProvider({"sub": "fas-sub-1", "egovNRN": NRN, "given_name": "An", "family_name": "Peeters"})
    settings.SOCIALACCOUNT_PROVIDERS = {
        "fas": {
            "APPS": [
                {
                    "provider_id": "fas",
                    "name": "itsme / eID",
                    "client_id": CLIENT_ID,
                    "secret": CLIENT_SECRET,
                    "settings": {"server_url": provider.issuer, "oauth_pkce_enabled": True},
                }
            ]
        }
    }
    yield provider
    provider.stop()


def start(client, *, process: str = "login") -> dict:
    """Begin at Leuven Helpt: the redirect to the provider, with state, nonce and the PKCE challenge."""
    response = client.post(reverse("fas_login", kwargs={"provider_id": "fas"}), {"process": process})
    assert response.status_code == 302, response.content[:500]
    query = {k: v[0] for k, v in parse_qs(urlsplit(response.url).query).items()}
    assert query["nonce"] and query["state"] and query["code_challenge_method"] == "S256"
    return {"authorize": response.url, **query}


def authenticate(request: dict) -> str:
    """The person authenticates at the provider, which sends the browser back with a code."""
    answer = requests.get(request["authorize"], allow_redirects=False, timeout=5)
    assert answer.status_code == 302
    return answer.headers["Location"]


def back(client, callback: str):
    url = urlsplit(callback)
    return client.get(url.path, parse_qs(url.query) and {k: v[0] for k, v in parse_qs(url.query).items()})


def signed_in_user_id(client):
    return client.session.get("_auth_user_id")


def link(client, idp, user):
    client.force_login(user)
    response = back(client, authenticate(start(client, process="connect")))
    assert response.status_code == 302, response.content[:800]
    client.logout()


def test_a_citizen_links_itsme_once_and_then_signs_in_with_it(client, idp):
    citizen = UserFactory(roles=[Role.CITIZEN])
    link(client, idp, citizen)
    account = SocialAccount.objects.get(user=citizen, provider="fas")
    assert account.uid == identity_hash(NRN)
    response = back(client, authenticate(start(client)))
    assert response.status_code == 302
    assert signed_in_user_id(client) == str(citizen.pk)


def test_the_national_register_number_is_never_stored_in_clear(client, idp):
    link(client, idp, UserFactory(roles=[Role.CITIZEN]))
    back(client, authenticate(start(client)))
    account = SocialAccount.objects.get()
    assert NRN not in account.uid and NRN not in json.dumps(account.extra_data)
    with connection.cursor() as cursor:  # nowhere in the social-account tables, whatever allauth writes
        for table in ("socialaccount_socialaccount", "socialaccount_socialtoken"):
            cursor.execute(f"SELECT * FROM {table}")  # noqa: S608 - a fixed table name
            assert NRN not in repr(cursor.fetchall())
    assert identity_hash("85.07.30-033.28") == account.uid  # the same number however it is written


def test_an_identity_that_no_account_linked_opens_no_account(client, idp):
    users = UserFactory._meta.model.objects.count()
    response = back(client, authenticate(start(client)))
    assert signed_in_user_id(client) is None
    assert UserFactory._meta.model.objects.count() == users and not SocialAccount.objects.exists()
    assert response.status_code in (200, 302)


@pytest.mark.parametrize("mode", ["tamper", "wrong_nonce"])
def test_a_tampered_id_token_or_a_wrong_nonce_is_refused(client, idp, mode):
    citizen = UserFactory(roles=[Role.CITIZEN])
    link(client, idp, citizen)
    idp.mode = mode
    response = back(client, authenticate(start(client)))
    assert signed_in_user_id(client) is None
    assert response.status_code == 401 and "socialaccount/authentication_error.html" in [
        t.name for t in response.templates
    ]


def test_a_replayed_code_is_refused(client, idp):
    citizen = UserFactory(roles=[Role.CITIZEN])
    link(client, idp, citizen)
    callback = authenticate(start(client))
    assert back(client, callback).status_code == 302 and signed_in_user_id(client) == str(citizen.pk)
    client.logout()
    replayed = back(client, callback)  # the same code and state again
    assert signed_in_user_id(client) is None and replayed.status_code == 401
    # And straight at the provider: a code is exchanged once.
    code = parse_qs(urlsplit(callback).query)["code"][0]
    status, _ = idp.token({"client_id": CLIENT_ID, "client_secret": CLIENT_SECRET, "code": code})
    assert status == 400 and idp.refused[-1] == "invalid_grant"


def test_the_profile_offers_linking_only_when_fas_is_configured(client, settings):
    citizen = UserFactory(roles=[Role.CITIZEN])
    client.force_login(citizen)
    assert reverse("socialaccount_connections") not in client.get(reverse("accounts:profile")).content.decode()
    provider = OIDCProvider({"sub": "x", "egovNRN": NRN})
    try:
        settings.SOCIALACCOUNT_PROVIDERS = {
            "fas": {"APPS": [{"provider_id": "fas", "name": "itsme / eID", "client_id": CLIENT_ID, "secret": "s",
                              "settings": {"server_url": provider.issuer}}]}
        }  # fmt: skip
        page = client.get(reverse("accounts:profile")).content.decode()
        assert reverse("socialaccount_connections") in page
        login_page = client.get(reverse("socialaccount_connections")).content.decode()
        assert "itsme / eID" in login_page
    finally:
        provider.stop()
