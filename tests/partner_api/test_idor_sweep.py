"""The IDOR sweep of the API: an organisation's token never reaches another organisation's referral, on any
URL, with any method; an expired or revoked token reaches nothing. Every URL of the API with a referral in
it is walked (a new one is picked up by itself)."""

from datetime import timedelta

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from partner_api.models import ApiToken, Scope
from partner_api.services import api_token_create, api_token_revoke
from privacy.models import AccessLog
from tests.db_snapshot import changed_tables, database_snapshot
from tests.partner_api.conftest import TODAY, bearer

pytestmark = pytest.mark.django_db

# A body each write would accept from the referral's own organisation: the refusal must come before it is read.
BODIES = {
    "api:accept": {"started_on": TODAY.isoformat(), "contact_person": "Iemand"},
    "api:decline": {"reason": "no_capacity"},
    "api:first_meeting": {"met_on": TODAY.isoformat()},
    "api:progress_note": {"note": "Notitie"},
    "api:outcome": {"outcome_kind": "unreachable", "ended_on": TODAY.isoformat()},
}


def _api_names_with_a_referral() -> list[str]:
    (api,) = [p for p in get_resolver().url_patterns if isinstance(p, URLResolver) and p.namespace == "api"]
    return sorted(
        f"api:{p.name}"
        for p in api.url_patterns
        if isinstance(p, URLPattern) and p.name and "referral_id" in str(p.pattern)
    )


NAMES = _api_names_with_a_referral()


def test_every_write_of_the_api_is_swept():
    assert set(NAMES) == {"api:referral", *BODIES}


@pytest.mark.parametrize("name", NAMES)
def test_another_organisations_token_gets_a_404_and_changes_nothing(name, refer, ocmw, caw_token):
    (foreign,) = refer(ocmw)
    url = reverse(name, kwargs={"referral_id": foreign.pk})
    api = bearer(caw_token)
    api.get(reverse("api:statuses"))  # the token's first use (its last-used time) before the snapshot
    api.get(reverse("api:referrals"))
    before = database_snapshot()
    for response in (api.get(url), api.post(url, BODIES.get(name, {}), format="json")):
        assert response.status_code in (404, 405), (url, response.status_code)
        if response.status_code == 404:
            assert response.json()["code"] == "not_found"
            assert foreign.request.reference not in response.content.decode()
    assert changed_tables(before, database_snapshot()) == []
    assert not AccessLog.objects.filter(person_id=foreign.request.person_id).exists()


@pytest.mark.parametrize("state", ["expired", "revoked"])
@pytest.mark.parametrize("name", NAMES)
def test_an_expired_or_revoked_token_of_the_right_organisation_reaches_nothing(name, state, refer, caw, caw_client):
    (referral,) = refer(caw)
    token, clear = api_token_create(client=caw_client, scopes=Scope.values)
    if state == "revoked":
        api_token_revoke(token=token)
    else:
        now = timezone.now()
        ApiToken.objects.filter(pk=token.pk).update(created_at=now - timedelta(days=2), expires_at=now)
    url = reverse(name, kwargs={"referral_id": referral.pk})
    api = bearer(clear)
    before = database_snapshot()
    for response in (api.get(url), api.post(url, BODIES.get(name, {}), format="json")):
        assert response.status_code == 401 and response.json()["code"] == f"token_{state}"
    assert changed_tables(before, database_snapshot()) == []
