"""The partner portal at /partners/: a caseworker sees and answers only their organisation's referrals."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.roles import Role
from requests_app import services
from requests_app.models import HelpRequest, Referral
from requests_app.permissions import referrals_for_caseworker
from requests_app.workflow import State
from tests.factories import MembershipFactory, PersonFactory, UserFactory, make_request

# The support starts on a day between the referral (made in the test, today) and today.
TODAY = timezone.localdate().isoformat()

pytestmark = pytest.mark.django_db


def referred(coordinator, *organizations, note: str = "", **kwargs) -> list[Referral]:
    request = make_request(**kwargs)
    services.request_take_up(request=request, actor=coordinator)
    return services.request_refer(
        consent_channel="phone", request=request, organizations=list(organizations), actor=coordinator, note=note
    )


def url(name: str, referral: Referral) -> str:
    return reverse(f"partners:{name}", kwargs={"referral_id": referral.pk})


# -- the list ---------------------------------------------------------------------------------
def test_the_list_holds_only_my_organisations_referrals_open_first_then_oldest(
    caseworker_client, coordinator, caw, ocmw
):
    (first,) = referred(coordinator, caw)
    (second,) = referred(coordinator, caw)
    (answered,) = referred(coordinator, caw)
    services.referral_decline(referral=answered, actor=coordinator, reason="no_capacity")
    Referral.objects.filter(pk=answered.pk).update(created_at=timezone.now() - timezone.timedelta(days=30))
    (foreign,) = referred(coordinator, ocmw)
    response = caseworker_client.get(reverse("partners:list"))
    assert response.status_code == 200
    assert [r.pk for r in response.context["page"].object_list] == [first.pk, second.pk, answered.pk]
    assert foreign.request.reference not in response.content.decode()


def test_the_list_query_count_does_not_grow(caseworker_client, coordinator, caw):
    referred(coordinator, caw)
    with CaptureQueriesContext(connection) as one:
        caseworker_client.get(reverse("partners:list"))
    for _ in range(29):
        referred(coordinator, caw, needs=["finances", "housing"])
    with CaptureQueriesContext(connection) as thirty:
        response = caseworker_client.get(reverse("partners:list"))
    assert len(response.context["page"].object_list) == 25
    assert len(thirty) == len(one)
    assert len(thirty) <= 8


def test_the_list_and_the_guardian_permission_agree_for_every_referral(coordinator, caw, ocmw):
    """Membership (the list's query) and the object permission granted when referring say the same."""
    caseworkers = [
        MembershipFactory(user=UserFactory(roles=[Role.CASEWORKER]), organization=organization).user
        for organization in (caw, ocmw)
    ]
    both = UserFactory(roles=[Role.CASEWORKER])
    MembershipFactory(user=both, organization=caw)
    MembershipFactory(user=both, organization=ocmw)
    caseworkers.append(both)
    referred(coordinator, caw)
    referred(coordinator, ocmw)
    referred(coordinator, caw, ocmw)
    for user in caseworkers:
        listed = set(referrals_for_caseworker(user).values_list("pk", flat=True))
        permitted = {
            referral.pk for referral in Referral.objects.all() if user.has_perm("requests_app.view_referral", referral)
        }
        assert listed == permitted
        assert listed  # each caseworker has some


# -- the referral page ------------------------------------------------------------------------
def test_the_referral_page_shows_only_what_the_referral_needs(caseworker_client, coordinator, caw, ocmw):
    person = PersonFactory(full_name="Gerda Vanderlinden", phone="0470 99 88 77", email="gerda@example.test")
    caw_referral, ocmw_referral = referred(coordinator, caw, ocmw, note="Graag budgetbegeleiding", person=person)
    services.request_note(request=caw_referral.request, actor=coordinator, note="GEHEIM intern verslag")
    response = caseworker_client.get(url("referral", caw_referral))
    html = response.content.decode()
    assert response.status_code == 200
    for shown in (
        "Gerda Vanderlinden",
        "0470 99 88 77",
        "gerda@example.test",
        "Graag budgetbegeleiding",
        "Money and debts",
    ):
        assert shown in html
    assert caw_referral.request.description in html
    assert "GEHEIM intern verslag" not in html  # never internal notes
    assert "OCMW Leuven" not in html  # never other partners' referrals


def test_the_referral_page_query_count(caseworker_client, coordinator, caw):
    (referral,) = referred(coordinator, caw)
    with CaptureQueriesContext(connection) as queries:
        assert caseworker_client.get(url("referral", referral)).status_code == 200
    assert len(queries) <= 13, len(queries)  # 12, +1 for the guardian check of the request behind the referral


def test_another_organisations_referral_is_404(caseworker_client, coordinator, ocmw):
    """IDOR: changing the id in the URL shows nothing and changes nothing."""
    (foreign,) = referred(coordinator, ocmw)
    assert caseworker_client.get(url("referral", foreign)).status_code == 404
    assert (
        caseworker_client.post(
            url("accept", foreign), {"accept-started_on": TODAY, "accept-contact_person": "X"}
        ).status_code
        == 404
    )
    assert caseworker_client.post(url("decline", foreign), {"decline-reason": "no_capacity"}).status_code == 404
    foreign.refresh_from_db()
    assert foreign.status == Referral.Status.PROPOSED


def test_membership_without_the_guardian_grant_says_why_and_shows_nothing_of_the_person(
    caseworker_client, caseworker, coordinator, caw
):
    """Their own organisation's referral that is no longer shared (consent withdrawn or ended): not Django's 404
    page but a page that says why, with the reference and the status only."""
    (referral,) = referred(coordinator, caw, description="Mijn huur is te hoog geworden.")
    from guardian.shortcuts import remove_perm

    remove_perm("requests_app.view_referral", caw.group, referral)
    response = caseworker_client.get(url("referral", referral))
    assert response.status_code == 403
    html = response.content.decode()
    assert "You can no longer open this request" in html and referral.request.reference in html
    assert "huur" not in html and referral.request.person.full_name not in html
    assert caseworker_client.post(url("decline", referral), {"decline-reason": "no_capacity"}).status_code == 403
    referral.refresh_from_db()
    assert referral.status == Referral.Status.PROPOSED


@pytest.mark.parametrize("answer", ["accept", "decline"])
def test_a_partner_reads_back_a_referral_they_answered(caseworker_client, coordinator, caw, answer):
    """The history on /partners/ links to accepted and declined referrals: each opens."""
    (referral,) = referred(coordinator, caw, description="Hulp bij de energiefactuur.")
    if answer == "accept":
        data = {"accept-started_on": timezone.localdate().isoformat(), "accept-contact_person": "Fatima"}
    else:
        data = {"decline-reason": "no_capacity"}
    assert caseworker_client.post(url(answer, referral), data).status_code == 302
    listing = caseworker_client.get(reverse("partners:list")).content.decode()
    assert url("referral", referral) in listing
    page = caseworker_client.get(url("referral", referral))
    assert page.status_code == 200
    assert "Hulp bij de energiefactuur." in page.content.decode()


@pytest.mark.parametrize(("role", "status"), [(None, 302), (Role.COORDINATOR, 403), (Role.CITIZEN, 403)])
def test_only_caseworkers_open_a_referral(client_as, coordinator, caw, role, status):
    (referral,) = referred(coordinator, caw)
    response = client_as(role).get(url("referral", referral))
    assert response.status_code == status
    if role is None:
        assert response.url.startswith(reverse("account_login"))


def test_actions_answer_405_to_get(caseworker_client, coordinator, caw):
    (referral,) = referred(coordinator, caw)
    assert caseworker_client.get(url("accept", referral)).status_code == 405
    assert caseworker_client.get(url("decline", referral)).status_code == 405


# -- accept ----------------------------------------------------------------------------------
def test_accept_starts_the_support_track(caseworker_client, caseworker, coordinator, caw):
    (referral,) = referred(coordinator, caw)
    response = caseworker_client.post(
        url("accept", referral),
        {"accept-started_on": TODAY, "accept-contact_person": "Fatima Benali"},
        follow=True,
    )
    request = HelpRequest.objects.get(pk=referral.request_id)
    assert request.state == State.SUPPORT_STARTED
    track = request.support_track
    assert (str(track.started_on), track.contact_person, track.organization) == (TODAY, "Fatima Benali", caw)
    assert "You accepted the referral: the support track has started." in [str(m) for m in response.context["messages"]]
    assert "Fatima Benali" in response.content.decode()


def test_accept_without_a_contact_person_keeps_what_was_typed(caseworker_client, coordinator, caw):
    (referral,) = referred(coordinator, caw)
    response = caseworker_client.post(
        url("accept", referral), {"accept-started_on": TODAY, "accept-contact_person": ""}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Enter who the help seeker can contact." in html
    assert f'value="{TODAY}"' in html
    assert HelpRequest.objects.get(pk=referral.request_id).state == State.REFERRED


def test_accept_an_answered_referral_is_refused(caseworker_client, coordinator, caw):
    (referral,) = referred(coordinator, caw)
    services.referral_withdraw(referral=referral, actor=coordinator)
    response = caseworker_client.post(
        url("accept", referral), {"accept-started_on": TODAY, "accept-contact_person": "Fatima"}, follow=True
    )
    assert "This referral was already answered." in [str(m) for m in response.context["messages"]]
    assert HelpRequest.objects.get(pk=referral.request_id).state == State.TRIAGE


# -- decline ---------------------------------------------------------------------------------
def test_decline_with_a_reason_returns_to_triage(caseworker_client, coordinator, caw):
    (referral,) = referred(coordinator, caw)
    caseworker_client.post(url("decline", referral), {"decline-reason": "outside_area"})
    referral.refresh_from_db()
    assert (referral.status, referral.reason) == (Referral.Status.DECLINED, "outside_area")
    assert HelpRequest.objects.get(pk=referral.request_id).state == State.TRIAGE


def test_decline_stays_referred_while_another_partner_may_answer(caseworker_client, coordinator, caw, ocmw):
    caw_referral, _ocmw_referral = referred(coordinator, caw, ocmw)
    caseworker_client.post(url("decline", caw_referral), {"decline-reason": "no_capacity"})
    assert HelpRequest.objects.get(pk=caw_referral.request_id).state == State.REFERRED


@pytest.mark.parametrize(
    ("data", "error"),
    [
        ({}, "Choose why you decline the referral."),
        ({"decline-reason": "other", "decline-note": " "}, "Explain why you decline the referral."),
        ({"decline-reason": "bogus"}, "Choose one of the reasons in the list."),
    ],
)
def test_decline_needs_a_valid_reason(caseworker_client, coordinator, caw, data, error):
    (referral,) = referred(coordinator, caw)
    response = caseworker_client.post(url("decline", referral), data)
    assert response.status_code == 400
    assert error in response.content.decode()
    referral.refresh_from_db()
    assert referral.status == Referral.Status.PROPOSED


def test_decline_other_with_an_explanation(caseworker_client, coordinator, caw):
    (referral,) = referred(coordinator, caw)
    caseworker_client.post(url("decline", referral), {"decline-reason": "other", "decline-note": "Al in begeleiding"})
    referral.refresh_from_db()
    assert (referral.reason, referral.reason_note) == ("other", "Al in begeleiding")


def test_decline_an_accepted_referral_is_refused(caseworker_client, caseworker, coordinator, caw):
    (referral,) = referred(coordinator, caw)
    services.referral_accept(referral=referral, actor=caseworker, contact_person="Fatima")
    response = caseworker_client.post(url("decline", referral), {"decline-reason": "no_capacity"}, follow=True)
    assert "This referral was already answered." in [str(m) for m in response.context["messages"]]
    referral.refresh_from_db()
    assert referral.status == Referral.Status.ACCEPTED


@pytest.mark.parametrize("permission", ["view_referral", "view_helprequest"])
def test_both_object_permissions_are_needed_to_open_a_referral(caseworker_client, coordinator, caw, permission):
    """The partner page shows the referral and the request behind it: without either grant the organisation's
    own referral answers 403 with the page that says why (issue 18.3), and shows nothing of the help seeker."""
    from guardian.shortcuts import remove_perm

    (referral,) = referred(coordinator, caw)
    url = reverse("partners:referral", kwargs={"referral_id": referral.pk})
    assert caseworker_client.get(url).status_code == 200
    target = referral if permission == "view_referral" else referral.request
    remove_perm(f"requests_app.{permission}", caw.group, target)
    response = caseworker_client.get(url)
    assert response.status_code == 403
    page = response.content.decode()
    assert referral.request.reference in page
    assert referral.request.person.full_name not in page and referral.request.description not in page


def test_the_street_is_shown_only_after_accepting_as_in_the_api(caseworker_client, coordinator, caw):
    """``partner_sees_address`` decides for the portal's page and the API alike."""
    person = PersonFactory(full_name="Mia Claes", street="Tiensestraat", house_number="81", postcode="3000")
    (referral,) = referred(coordinator, caw, person=person)
    before = caseworker_client.get(url("referral", referral)).content.decode()
    assert "Tiensestraat" not in before and "3000" in before
    services.referral_accept(referral=referral, actor=coordinator, contact_person="Fatima")
    assert "Tiensestraat 81" in caseworker_client.get(url("referral", referral)).content.decode()
