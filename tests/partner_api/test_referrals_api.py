"""/api/v1/: a partner's system reads and answers its referrals through the portal's own rules and services."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from privacy.models import AccessLog, Consent
from privacy.services import consent_withdraw
from requests_app.models import HelpRequest, Referral, TimelineEvent
from requests_app.workflow import State, TrackState
from tests.factories import PersonFactory
from tests.partner_api.conftest import TODAY, TOMORROW

pytestmark = pytest.mark.django_db


def url(name: str, referral: Referral | None = None) -> str:
    return reverse(f"api:{name}", kwargs={"referral_id": referral.pk} if referral else {})


# -- the list ---------------------------------------------------------------------------------------------
def test_the_list_holds_only_the_organisations_referrals_oldest_first(api, refer, caw, ocmw):
    (first,) = refer(caw)
    (second,) = refer(caw, needs=["housing", "health"])
    (foreign,) = refer(ocmw)
    response = api.get(url("referrals"))
    assert response.status_code == 200
    body = response.json()
    assert [item["id"] for item in body["results"]] == [first.pk, second.pk]
    assert body["results"][1]["needs"] == ["health", "housing"]
    assert body["results"][0]["status"] == "proposed" and body["results"][0]["track_status"] is None
    assert foreign.request.reference not in response.content.decode()


def test_the_list_filters_by_status_and_since(api, refer, caw, coordinator):
    from requests_app import services

    (old,) = refer(caw)
    Referral.objects.filter(pk=old.pk).update(created_at=timezone.now() - timezone.timedelta(days=10))
    (declined,) = refer(caw)
    services.referral_decline(referral=declined, actor=coordinator, reason="no_capacity")
    (waiting,) = refer(caw)
    proposed = api.get(url("referrals"), {"status": "proposed"}).json()["results"]
    assert [item["id"] for item in proposed] == [old.pk, waiting.pk]
    since = (timezone.now() - timezone.timedelta(days=1)).isoformat()
    recent = api.get(url("referrals"), {"since": since}).json()["results"]
    assert [item["id"] for item in recent] == [declined.pk, waiting.pk]


def test_the_list_pages_with_a_cursor(api, refer, caw):
    made = [refer(caw)[0].pk for _ in range(5)]
    seen, link = [], url("referrals") + "?page_size=2"
    while link:
        body = api.get(link).json()
        seen += [item["id"] for item in body["results"]]
        link = body["next"]
    assert seen == made


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"status": "open"}, "status"),
        ({"since": "gisteren"}, "since"),
        ({"since": "2026-03-12T09:00:00"}, "since"),  # no time zone: ambiguous
        ({"naam": "Peeters"}, "naam"),  # an unknown parameter is refused, not ignored
    ],
)
def test_a_wrong_filter_is_a_400_naming_it(api, query, field):
    response = api.get(url("referrals"), query)
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid" and body["status"] == 400 and field in body["errors"]


def test_the_list_query_count_does_not_grow(api, refer, caw):
    refer(caw)
    api.get(url("referrals"))  # the token's first use writes its last-used time (once a minute at most)
    with CaptureQueriesContext(connection) as one:
        assert api.get(url("referrals")).status_code == 200
    for _ in range(9):
        refer(caw, needs=["finances", "housing"])
    with CaptureQueriesContext(connection) as ten:
        assert len(api.get(url("referrals")).json()["results"]) == 10
    assert len(ten) == len(one)


def test_reading_the_list_writes_the_access_log_per_help_seeker(api, refer, caw, caw_client):
    (one,) = refer(caw)
    (two,) = refer(caw)
    api.get(url("referrals"))
    rows = AccessLog.objects.filter(person_id__in=[one.request.person_id, two.request.person_id])
    assert rows.count() == 2
    assert {(r.actor_kind, r.actor_id, r.actor_organisation, r.purpose) for r in rows} == {
        (AccessLog.ActorKind.API_CLIENT, caw_client.account_id, "CAW Oost-Brabant", AccessLog.Purpose.REFERRAL)
    }


# -- one referral -------------------------------------------------------------------------------------------
def test_a_referral_shows_what_the_portal_shows_and_the_street_only_after_accepting(api, refer, caw):
    person = PersonFactory(full_name="An Peeters", street="Naamsestraat", house_number="12", postcode="3000")
    (referral,) = refer(caw, person=person, note="Graag snel contact.")
    body = api.get(url("referral", referral)).json()
    assert body["person"]["full_name"] == "An Peeters"
    assert body["person"]["address"] is None and body["person"]["postcode"] == "3000"
    assert body["note"] == "Graag snel contact." and body["request"]["needs"] == ["finances"]
    assert body["track"] is None and body["progress_notes"] == []
    api.post(url("accept", referral), {"started_on": TODAY.isoformat(), "contact_person": "Fatima"}, format="json")
    accepted = api.get(url("referral", referral)).json()
    assert "Naamsestraat 12" in accepted["person"]["address"]
    assert accepted["track"]["status"] == TrackState.STARTED and accepted["track"]["contact_person"] == "Fatima"


def test_reading_a_referral_writes_the_access_log_with_the_client_as_actor(api, refer, caw, caw_client):
    (referral,) = refer(caw)
    api.get(url("referral", referral), HTTP_X_REQUEST_ID="abc123")
    rows = AccessLog.objects.filter(person_id=referral.request.person_id)
    assert {r.category for r in rows} == {AccessLog.Category.CONTACT, AccessLog.Category.REQUEST}
    row = rows.first()
    assert row.actor_kind == AccessLog.ActorKind.API_CLIENT and row.actor_id == caw_client.account_id
    assert row.purpose == AccessLog.Purpose.REFERRAL and row.reference == referral.request.reference
    assert "Dossiersysteem" in row.actor_name and row.request_id == "abc123"


def test_another_organisations_referral_is_a_404_that_says_nothing(api, refer, ocmw):
    (foreign,) = refer(ocmw)
    for response in (api.get(url("referral", foreign)), api.get("/api/v1/referrals/999999/")):
        assert response.status_code == 404
        assert response.json() == {"status": 404, "code": "not_found", "detail": response.json()["detail"]}
    assert not AccessLog.objects.filter(person_id=foreign.request.person_id).exists()


def test_an_unknown_path_under_the_api_is_the_apis_json_404(api):
    response = api.get("/api/v1/verwijzingen/")
    assert response.status_code == 404 and response.json()["code"] == "not_found"


def test_after_the_consent_is_withdrawn_the_referral_is_a_403_without_personal_data(api, refer, caw):
    (referral,) = refer(caw, person=PersonFactory(full_name="Karel Verbruggen"))
    consent = Consent.objects.get(person_id=referral.request.person_id, purpose=Consent.Purpose.REFERRAL)
    consent_withdraw(consent=consent, actor=None)
    response = api.get(url("referral", referral))
    assert response.status_code == 403 and response.json()["code"] == "no_longer_shared"
    assert "Verbruggen" not in response.content.decode()
    posted = api.post(url("accept", referral), {"started_on": TODAY.isoformat(), "contact_person": "X"}, format="json")
    assert posted.status_code == 403


# -- answering ------------------------------------------------------------------------------------------------
def test_accepting_starts_the_support_through_the_portals_service(api, refer, caw, caw_client):
    (referral,) = refer(caw)
    response = api.post(
        url("accept", referral), {"started_on": TODAY.isoformat(), "contact_person": "Fatima Benali"}, format="json"
    )
    assert response.status_code == 200, response.json()
    assert response.json()["status"] == "accepted" and response.json()["track_status"] == "started"
    request = HelpRequest.objects.get(pk=referral.request_id)
    assert request.state == State.SUPPORT_STARTED
    event = request.timeline.filter(kind=TimelineEvent.Kind.TRANSITION).last()
    assert event.actor_id == caw_client.account_id
    again = api.post(url("accept", referral), {"started_on": TODAY.isoformat(), "contact_person": "F"}, format="json")
    assert again.status_code == 409 and again.json()["code"] == "refused"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"started_on": TOMORROW.isoformat(), "contact_person": "Fatima"}, "started_on"),  # the portal's rule
        ({"started_on": "12/03/2026", "contact_person": "Fatima"}, "started_on"),
        ({"started_on": 20260312, "contact_person": "Fatima"}, "started_on"),
        ({"started_on": TODAY.isoformat(), "contact_person": 12}, "contact_person"),  # wrong type, not "12"
        ({"started_on": TODAY.isoformat(), "contact_person": ""}, "contact_person"),
        ({"started_on": TODAY.isoformat()}, "contact_person"),
        ({"started_on": TODAY.isoformat(), "contact_person": "F", "status": "accepted"}, "status"),  # unknown
        (["started_on"], "non_field_errors"),  # not an object
    ],
)
def test_a_wrong_accept_is_a_400_naming_the_field_and_changes_nothing(api, refer, caw, body, field):
    (referral,) = refer(caw)
    response = api.post(url("accept", referral), body, format="json")
    assert response.status_code == 400, response.json()
    assert field in response.json()["errors"]
    referral.refresh_from_db()
    assert referral.status == Referral.Status.PROPOSED


def test_malformed_json_and_other_media_types_are_refused(api, refer, caw):
    (referral,) = refer(caw)
    broken = api.post(url("accept", referral), '{"started_on": "2026-', content_type="application/json")
    assert broken.status_code == 400 and broken.json()["code"] == "parse_error"
    form = api.post(url("accept", referral), {"started_on": TODAY.isoformat(), "contact_person": "F"})
    assert form.status_code == 415 and form.json()["code"] == "unsupported_media_type"
    assert api.get(url("accept", referral)).status_code == 405
    referral.refresh_from_db()
    assert referral.status == Referral.Status.PROPOSED


def test_declining_needs_a_reason_and_an_explanation_for_another_reason(api, refer, caw):
    (referral,) = refer(caw)
    missing = api.post(url("decline", referral), {"reason": "other"}, format="json")
    assert missing.status_code == 400 and "note" in missing.json()["errors"]
    unknown = api.post(url("decline", referral), {"reason": "te druk"}, format="json")
    assert unknown.status_code == 400 and "reason" in unknown.json()["errors"]
    done = api.post(url("decline", referral), {"reason": "no_capacity", "note": "Wachtlijst"}, format="json")
    assert done.status_code == 200 and done.json()["status"] == "declined"
    assert HelpRequest.objects.get(pk=referral.request_id).state == State.TRIAGE


def test_the_support_is_recorded_from_first_meeting_to_outcome(api, refer, caw):
    (referral,) = refer(caw)
    early = api.post(url("first_meeting", referral), {"met_on": TODAY.isoformat()}, format="json")
    assert early.status_code == 409  # nothing started yet
    api.post(url("accept", referral), {"started_on": TODAY.isoformat(), "contact_person": "F"}, format="json")
    future = api.post(url("first_meeting", referral), {"met_on": TOMORROW.isoformat()}, format="json")
    assert future.status_code == 400 and "met_on" in future.json()["errors"]
    met = api.post(url("first_meeting", referral), {"met_on": TODAY.isoformat()}, format="json")
    assert met.status_code == 200 and met.json()["track_status"] == TrackState.UNDER_WAY
    empty = api.post(url("progress_note", referral), {"note": "   "}, format="json")
    assert empty.status_code == 400 and "note" in empty.json()["errors"]
    noted = api.post(url("progress_note", referral), {"note": "Budgetplan opgemaakt."}, format="json")
    assert noted.status_code == 201
    unexplained = api.post(
        url("outcome", referral), {"outcome_kind": "not_helped", "ended_on": TODAY.isoformat()}, format="json"
    )
    assert unexplained.status_code == 400 and "note" in unexplained.json()["errors"]
    referred_on = api.post(
        url("outcome", referral), {"outcome_kind": "referred_on", "ended_on": TODAY.isoformat()}, format="json"
    )
    assert {"referred_to", "consent_channel"} <= set(referred_on.json()["errors"])
    ended = api.post(url("outcome", referral), {"outcome_kind": "helped", "ended_on": TODAY.isoformat()}, format="json")
    assert ended.status_code == 200 and ended.json()["track_status"] == TrackState.ENDED
    assert HelpRequest.objects.get(pk=referral.request_id).state == State.CLOSED
    detail = api.get(url("referral", referral)).json()
    assert [n["note"] for n in detail["progress_notes"]] == ["Budgetplan opgemaakt."]


# -- the vocabulary ------------------------------------------------------------------------------------------------
def test_the_status_vocabulary_is_public_in_dutch_and_english(client):
    response = client.get(reverse("api:statuses"))
    assert response.status_code == 200
    states = {term["code"]: term for term in response.json()["help_request_states"]}
    assert states["support_started"]["en"] == "Support started" and states["support_started"]["nl"]
    assert {t["code"] for t in response.json()["referral_statuses"]} == set(Referral.Status.values)


def test_even_a_crash_or_a_nul_byte_answers_in_the_json_error_format(api, refer, caw, monkeypatch, client):
    (referral,) = refer(caw)
    nul = api.get("/api/v1/referrals/", {"status": "\x00"})
    assert nul.status_code == 400 and nul.json()["code"] == "bad_request"

    def crash(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr("partner_api.views._detail", crash)
    api.raise_request_exception = False
    response = api.get(url("referral", referral))
    assert response.status_code == 500 and response.json() == {
        "status": 500,
        "code": "server_error",
        "detail": response.json()["detail"],
    }
    assert "boom" not in response.content.decode()


def test_answers_with_personal_data_are_never_cached(api, refer, caw):
    (referral,) = refer(caw)
    response = api.get(url("referral", referral))
    assert "no-store" in response.headers["Cache-Control"]
