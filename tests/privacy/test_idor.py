"""IDOR sweep: every object URL of the permission matrix, opened with someone else's id, is a 404 that leaks
nothing — for the user who has such objects of their own and so is let through to the object check.

Table-driven: a new object URL must get a row in ``CASES`` (or a reason in ``EXEMPT``); the volunteers'
match URLs are added here after merging (an ``attacker`` with a match of their own, a ``victim`` fixture
with another volunteer's match).
"""

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.urls import reverse

from accounts.roles import Role
from privacy.models import Consent
from requests_app import services
from requests_app.follow import follow_token
from requests_app.models import HelpRequest, Person
from tests.factories import MembershipFactory, OrganizationFactory, PersonFactory, UserFactory, make_request
from tests.permission_matrix import MATRIX

pytestmark = pytest.mark.django_db

# URL kwargs that point at an object.
OBJECT_KWARGS = {"reference", "referral_id", "consent_id", "erasure_id", "token", "match_id"}
SECRET_NAME = "Gudrun Geheimhouder"
SECRET_TEXT = "Mijn geheime schuldenlast bij de bank"


def victim_request() -> HelpRequest:
    """Someone else's request, referred to an organisation of its own, with a referral consent."""
    coordinator = UserFactory(roles=[Role.COORDINATOR])
    request = make_request(person=PersonFactory(full_name=SECRET_NAME), description=SECRET_TEXT)
    services.request_take_up(request=request, actor=coordinator)
    services.request_refer(
        request=request, organizations=[OrganizationFactory()], actor=coordinator, consent_channel="phone"
    )
    return HelpRequest.objects.get(pk=request.pk)


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


@dataclass(frozen=True)
class Case:
    method: str
    attacker: Callable
    victim: Callable[[HelpRequest], dict]


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


CASES: dict[str, list[Case]] = {
    "mine:detail": [
        Case("get", citizen_with_own_request, reference),
        Case("get", intermediary_with_own_request, reference),
    ],
    "mine:withdraw": [Case("post", citizen_with_own_request, reference)],
    "partners:referral": [Case("get", caseworker_with_own_referral, referral_id)],
    "partners:accept": [Case("post", caseworker_with_own_referral, referral_id)],
    "partners:decline": [Case("post", caseworker_with_own_referral, referral_id)],
    "privacy:consent_withdraw": [Case("post", citizen_with_own_request, consent_id)],
    "help:follow": [Case("get", lambda: None, tampered_token)],
}

EXEMPT = {
    "coordination:": "coordinators triage every request by design (docs/privacy/roles.md); other roles get 403",
    "dpo:": "the DPO decides on every erasure request; other roles get 403",
    "assistant:": "catalogue editions and products: no personal data",
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
    state, referral_status = request.state, request.referrals.get().status
    if attacker is not None:
        client.force_login(attacker)
    response = getattr(client, case.method)(reverse(url_name, kwargs=case.victim(request)))
    assert response.status_code == 404
    body = response.content.decode()
    # (The reference itself is in the URL the attacker typed, so it may be echoed in links; nothing else.)
    assert SECRET_NAME not in body and SECRET_TEXT not in body
    # ... and nothing changed.
    request.refresh_from_db()
    consent.refresh_from_db()
    assert (request.state, request.referrals.get().status, consent.in_force) == (state, referral_status, True)
