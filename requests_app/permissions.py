"""Who may see which help request. Every object view decides here; list queries filter the same way.

- a help seeker: the requests of their own ``Person`` (``person.user``);
- an intermediary: the requests they submitted for someone else, until that person withdraws the consent
  to let them follow it up;
- a coordinator: every request;
- a caseworker: the requests referred to their own organisation — the object permission
  (django-guardian) granted to the organisation's group when the referral was made, and the
  query ``referrals_for_caseworker`` that filters by membership; a test asserts both agree.
Anything else is a 404, so nobody learns that a request exists.
"""

from django.db.models import Exists, OuterRef, Q, QuerySet

from accounts.models import Membership, User
from accounts.roles import Role
from people.models import Person
from privacy.models import Consent
from requests_app.models import HelpRequest, Referral, SupportTrack


def requests_of_help_seeker(user: User) -> QuerySet[HelpRequest]:
    """What a citizen or intermediary follows under /mijn/aanvragen/.

    The person is looked up first, so the database combines two index scans (person, submitter)
    instead of joining every request to its person (a full scan with a million requests).
    """

    person_ids = list(Person.objects.filter(user=user).values_list("pk", flat=True))
    on_behalf_withdrawn = Consent.objects.filter(
        help_request=OuterRef("pk"), purpose=Consent.Purpose.ON_BEHALF, withdrawn_at__isnull=False
    )
    return HelpRequest.objects.filter(
        Q(person_id__in=person_ids) | (Q(submitted_by=user, on_behalf_consent__gt="") & ~Exists(on_behalf_withdrawn))
    )


def referrals_for_caseworker(user: User) -> QuerySet[Referral]:
    """The referrals to the organisations the caseworker works for (their ids first: index-friendly)."""
    if not user.has_role(Role.CASEWORKER):
        return Referral.objects.none()
    organization_ids = list(Membership.objects.filter(user=user).values_list("organization_id", flat=True))
    return Referral.objects.filter(organization_id__in=organization_ids)


def can_follow(user: User, request: HelpRequest) -> bool:
    return requests_of_help_seeker(user).filter(pk=request.pk).exists()


def can_coordinate(user: User) -> bool:
    return user.is_authenticated and user.has_role(Role.COORDINATOR)


def can_handle_referral(user: User, referral: Referral) -> bool:
    """A caseworker of the referral's organisation: the membership and both object permissions granted when the
    referral was made (the referral, and the request behind it that the page shows) must hold. Withdrawing the
    help seeker's consent revokes both (``requests_app.services.referrals_consent_withdrawn``)."""
    return (
        user.has_role(Role.CASEWORKER)
        and referrals_for_caseworker(user).filter(pk=referral.pk).exists()
        and user.has_perm("requests_app.view_referral", referral)
        and user.has_perm("requests_app.view_helprequest", referral.request)
    )


def can_support(user: User, track: SupportTrack) -> bool:
    """Who records the first meeting, progress and the end of a support track: its volunteer, a caseworker of
    its organisation (who may handle the referral behind it), or a coordinator."""
    if not user.is_authenticated:
        return False
    if user.has_role(Role.COORDINATOR):
        return True
    if track.volunteer_id is not None:
        return track.volunteer_id == user.pk
    return track.referral is not None and can_handle_referral(user, track.referral)


def partner_sees_address(referral: Referral) -> bool:
    """What a partner reads of the help seeker's address: the street and number once its organisation accepted
    the referral, before that only the postcode and municipality (the portal's page and the API alike)."""
    return referral.address_shared
