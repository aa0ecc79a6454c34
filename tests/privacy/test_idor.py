"""IDOR sweep: every object URL of the permission matrix, opened with someone else's id, is a 404 that leaks
nothing — for the user who has such objects of their own and so is let through to the object check.

Table-driven: a new object URL must get a row in ``CASES`` (or a reason in ``EXEMPT``, the one place that
says why a URL needs none). A volunteer's match URLs are tried by another volunteer who has a match of their
own, a KCC contact by another agent who has an open contact of their own. Where the role itself is refused
(the DPO area, proposing a volunteer) the case expects 403; either way nothing leaks and not one database row
changes (``tests/db_snapshot.py``).
"""

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.urls import reverse

from accounts.roles import Role
from people.models import Person
from privacy.models import Consent
from requests_app.follow import follow_token
from requests_app.models import HelpRequest
from tests.db_snapshot import changed_tables, database_snapshot
from tests.factories import (
    HelpRequestFactory,
    MatchFactory,
    MembershipFactory,
    PersonFactory,
    UserFactory,
    make_request,
)
from tests.permission_matrix import MATRIX
from volunteers.models import Match

pytestmark = pytest.mark.django_db

# URL kwargs that point at an object.
OBJECT_KWARGS = {"reference", "referral_id", "consent_id", "erasure_id", "token", "match_id"}
SECRET_NAME = "Gudrun Geheimhouder"
SECRET_TEXT = "Mijn geheime schuldenlast bij de bank"


def victim_request() -> HelpRequest:
    """Someone else's request, referred to an organisation of its own, with a referral consent."""
    return HelpRequestFactory(referred=True, person=PersonFactory(full_name=SECRET_NAME), description=SECRET_TEXT)


def citizen_with_own_request():
    user = UserFactory(roles=[Role.CITIZEN])
    make_request(person=Person.objects.create(user=user, full_name="Eigen Naam", phone="0470 99 99 99"))
    return user


def intermediary_with_own_request():
    user = UserFactory(roles=[Role.INTERMEDIARY])
    make_request(submitted_by=user, on_behalf_consent="Telefonisch")
    return user


def caseworker_with_own_referral():
    own = victim_request().referrals.get().organization
    return MembershipFactory(organization=own, role=Role.CASEWORKER, user=UserFactory(roles=[Role.CASEWORKER])).user


def api_token_with_own_referral() -> str:
    """An organisation's API token (partner_api), the organisation having a referral of its own; used once
    already, so its last-used time is not what the snapshot sees change."""
    from rest_framework.test import APIClient

    from partner_api.models import Scope
    from partner_api.services import api_client_create, api_token_create

    own = victim_request().referrals.get().organization
    _, token = api_token_create(client=api_client_create(organization=own, name="Dossiers"), scopes=Scope.values)
    warm = APIClient()
    warm.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    assert warm.get(reverse("api:referrals")).status_code == 200
    return token


def volunteer_with_own_match():
    return MatchFactory(full_name="Eigen Hulpvrager").volunteer.user


def someone_elses_match(_request):
    """Another volunteer's accepted match, for a help seeker whose address and phone it would show."""
    match = MatchFactory(
        accepted=True, full_name=SECRET_NAME, street="Geheime Dreef", house_number="7", phone="0499 00 00 01"
    )
    return {"match_id": match.pk}


def coordinator():
    return UserFactory(roles=[Role.COORDINATOR])


def match_of_another_request(request):
    """The victim request's reference with the id of an accepted match of another request."""
    return {"reference": request.reference, **someone_elses_match(request)}


def kcc_agent_with_own_contact():
    from helpdesk import services as helpdesk_services

    agent = UserFactory(roles=[Role.KCC_AGENT])
    helpdesk_services.contact_start(agent=agent, channel="phone")
    return agent


def someone_elses_contact(request):
    """Another agent's open contact with the victim's caller on it."""
    from helpdesk import services as helpdesk_services

    contact = helpdesk_services.contact_start(agent=UserFactory(roles=[Role.KCC_AGENT]), channel="phone")
    helpdesk_services.contact_set_person(contact=contact, person=request.person)
    return {"pk": contact.pk}


def someone_elses_contact_and_person(request):
    return {**someone_elses_contact(request), "person_id": request.person_id}


def someone_elses_callback(request):
    """An open callback of an agent of another team, to the victim's caller."""
    from datetime import timedelta

    from django.utils import timezone

    from helpdesk import services as helpdesk_services

    other = UserFactory(roles=[Role.KCC_AGENT])
    contact = helpdesk_services.contact_start(agent=other, channel="phone")
    helpdesk_services.contact_set_person(contact=contact, person=request.person)
    helpdesk_services.contact_close(
        contact=contact,
        outcome="callback",
        callback_assignee=other,
        callback_due_at=timezone.now() + timedelta(hours=2),
    )
    return {"pk": contact.callback.pk}


def citizen_with_own_erasure_request():
    from privacy.services import erasure_file

    user = citizen_with_own_request()
    erasure_file(person=Person.objects.get(user=user), filed_by=user, message="Wis alles")
    return user


def someone_elses_erasure(request):
    from privacy.services import erasure_file

    erasure = erasure_file(person=request.person, filed_by=UserFactory(), message=SECRET_TEXT)
    return {"erasure_id": erasure.pk}


@dataclass(frozen=True)
class Case:
    method: str
    attacker: Callable
    victim: Callable[[HelpRequest], dict]
    # 404 where the attacker is let through to the object check; 403 where their role is refused outright.
    status: int = 404
    # The form a POST sends, from the attacker (e.g. their own volunteer profile to propose).
    data: Callable | None = None


def reference(request):
    return {"reference": request.reference}


def referral_id(request):
    return {"referral_id": request.referrals.get().pk}


def consent_id(request):
    return {"consent_id": request.consents.filter(purpose=Consent.Purpose.REFERRAL).get().pk}


def tampered_token(request):
    """A follow-up link whose id was changed by hand (the signature no longer matches)."""
    value, signature = follow_token(request).split(":", 1)
    return {"token": f"{value[:-1]}{'B' if value.endswith('A') else 'A'}:{signature}"}


def tampered_follow_up_token(request):
    """A "did you get the help you needed?" link whose id was changed by hand."""
    from requests_app.models import FollowUpQuestion
    from requests_app.notifications import follow_up_question_token

    question = FollowUpQuestion.objects.create(request=request, moment="after_start")
    value, signature = follow_up_question_token(question).split(":", 1)
    return {"token": f"{value[:-1]}{'B' if value.endswith('A') else 'A'}:{signature}"}


CASES: dict[str, list[Case]] = {
    "mine:detail": [
        Case("get", citizen_with_own_request, reference),
        Case("get", intermediary_with_own_request, reference),
    ],
    "mine:withdraw": [
        Case("get", citizen_with_own_request, reference),
        Case("post", citizen_with_own_request, reference),
    ],
    "partners:referral": [Case("get", caseworker_with_own_referral, referral_id)],
    "partners:accept": [Case("post", caseworker_with_own_referral, referral_id)],
    "partners:decline": [Case("post", caseworker_with_own_referral, referral_id)],
    "partners:first_meeting": [Case("post", caseworker_with_own_referral, referral_id)],
    "partners:progress": [Case("post", caseworker_with_own_referral, referral_id)],
    "partners:end": [Case("post", caseworker_with_own_referral, referral_id)],
    # The partner API: another organisation's token (the IDOR sweep per token, every method and an expired or
    # revoked token, is tests/partner_api/test_idor_sweep.py).
    "api:referral": [Case("get", api_token_with_own_referral, referral_id)],
    **{
        name: [Case("post", api_token_with_own_referral, referral_id)]
        for name in ("api:accept", "api:decline", "api:first_meeting", "api:progress_note", "api:outcome")
    },
    "privacy:consent_withdraw": [
        Case("get", citizen_with_own_request, consent_id),
        Case("post", citizen_with_own_request, consent_id),
    ],
    "help:follow": [Case("get", lambda: None, tampered_token)],
    "help:follow_up_answer": [Case("get", lambda: None, tampered_follow_up_token)],
    "volunteers:match": [Case("get", volunteer_with_own_match, someone_elses_match)],
    "volunteers:match_accept": [Case("post", volunteer_with_own_match, someone_elses_match)],
    "volunteers:match_decline": [Case("post", volunteer_with_own_match, someone_elses_match)],
    "volunteers:match_complete": [Case("post", volunteer_with_own_match, someone_elses_match)],
    "volunteers:match_session": [Case("post", volunteer_with_own_match, someone_elses_match)],
    "volunteers:match_hand_back": [Case("post", volunteer_with_own_match, someone_elses_match)],
    # Coordinators may cancel any request's match by design; what is swept is that a match is found only under
    # its own request: another request's match id under this reference is a 404 and the match stays accepted.
    "volunteers:cancel_match": [Case("post", coordinator, match_of_another_request)],
    # A volunteer proposing themselves for someone else's request: the role is refused.
    "volunteers:propose": [
        Case(
            "post",
            volunteer_with_own_match,
            reference,
            status=403,
            data=lambda attacker: {"propose-volunteer": attacker.volunteer_profile.pk},
        )
    ],
    # The DPO decides on every erasure request by design; a citizen with an erasure request of their own is
    # refused someone else's (as every role but the DPO is).
    "dpo:erasure": [Case("get", citizen_with_own_erasure_request, someone_elses_erasure, status=403)],
    "dpo:erasure_decide": [
        Case(
            "post",
            citizen_with_own_erasure_request,
            someone_elses_erasure,
            status=403,
            data=lambda _attacker: {"decision": "erased", "reason": "x"},
        )
    ],
    # A contact belongs to its agent (a callback to its agent or their team): another agent gets a 404.
    "helpdesk:contact": [Case("get", kcc_agent_with_own_contact, someone_elses_contact)],
    "helpdesk:caller_set": [Case("post", kcc_agent_with_own_contact, someone_elses_contact_and_person)],
    **{
        name: [Case("post", kcc_agent_with_own_contact, someone_elses_contact)]
        for name in (
            "helpdesk:caller_register",
            "helpdesk:question_add",
            "helpdesk:intake_answer",
            "helpdesk:intake_restart",
            "helpdesk:intake_mail",
            "helpdesk:screening",
            "helpdesk:refer",
            "helpdesk:close",
        )
    },
    "helpdesk:callback": [Case("get", kcc_agent_with_own_contact, someone_elses_callback)],
}

# The one place that says why an object URL needs no IDOR case: who may open any object is decided by role
# (the permission matrix checks every other role gets 403 or 404, and that its POSTs change nothing).
EXEMPT = {
    "coordination:": "coordinators triage every request by design (docs/privacy/roles.md); other roles get 403",
    "assistant:": "catalogue editions and products: no personal data",
    "volunteers:coordination_": "coordinators oversee every volunteer by design; other roles get 403",
    "volunteers:screening": "coordinators record every volunteer's screening by design; other roles get 403",
    "volunteers:matching": "coordinators match every request routed to volunteers; other roles get 403",
    "volunteers:task": "coordinators match every request routed to volunteers; other roles get 403",
    "helpdesk:person": "KCC agents serve any caller by design (each card opened is in the access log); others 403",
    "accounts:session_end": "one's own sessions only: someone else's is not found (the matrix's POST walk)",
}


def object_urls() -> list[str]:
    names = []
    for name, access in MATRIX.items():
        kwargs = set(access.kwargs)
        if access.setup:
            kwargs |= {"_setup"}
        if name.startswith(tuple(EXEMPT)):
            continue
        if kwargs & OBJECT_KWARGS or access.setup:
            names.append(name)
    return sorted(names)


def test_every_object_url_is_swept():
    """A new object view cannot land without an IDOR row (or a reason it needs none)."""
    missing = [name for name in object_urls() if name not in CASES]
    assert missing == [], f"add IDOR cases to tests/privacy/test_idor.py for: {missing}"


SWEEP = [(name, index) for name, cases in sorted(CASES.items()) for index in range(len(cases))]


@pytest.mark.parametrize(("url_name", "index"), SWEEP, ids=[f"{n}-{i}" for n, i in SWEEP])
def test_someone_elses_object_is_a_404_that_leaks_nothing(client, url_name, index):
    case = CASES[url_name][index]
    attacker = case.attacker()
    request = victim_request()
    consent = request.consents.filter(purpose=Consent.Purpose.REFERRAL).get()
    url = reverse(url_name, kwargs=case.victim(request))
    state, referral_status = request.state, request.referrals.get().status
    if isinstance(attacker, str):  # an API token: the partner API, with JSON
        from rest_framework.test import APIClient

        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {attacker}")
    elif attacker is not None:
        client.force_login(attacker)
    data = case.data(attacker) if case.data else {}
    before = database_snapshot()
    if case.method == "get":
        response = client.get(url)
    else:
        response = client.post(url, data, format="json") if isinstance(attacker, str) else client.post(url, data)
    assert response.status_code == case.status
    assert changed_tables(before, database_snapshot()) == [], "a refused request changes nothing"
    body = response.content.decode()
    # (The reference itself is in the URL the attacker typed, so it may be echoed in links; nothing else.)
    assert SECRET_NAME not in body and SECRET_TEXT not in body
    # ... and nothing changed.
    request.refresh_from_db()
    consent.refresh_from_db()
    assert (request.state, request.referrals.get().status, consent.in_force) == (state, referral_status, True)
    # A match tried by another volunteer stays as it was, and its address and phone did not leak.
    assert "Geheime Dreef" not in body and "0499 00 00 01" not in body
    assert set(Match.objects.filter(request__person__full_name=SECRET_NAME).values_list("status", flat=True)) <= {
        Match.Status.ACCEPTED
    }
