"""Reads about consent that other apps ask before they share a person's data, and what the citizen's own
data pages (``dataprotection.views``) list: only ever about the signed-in user's own person and account."""

from datetime import datetime

from django.db.models import Case, IntegerField, Q, QuerySet, Value, When

from people.models import Person
from privacy.models import AccessLog, Consent, ErasureRequest


def consents_in_force(*, person_id: int, purpose: str | None, help_request_id: int | None = None):
    """Consents of this person for this purpose (every purpose with ``None``) that were not withdrawn; one
    given for a specific request covers only that request, one given without a request covers all of the
    person's requests."""
    consents = Consent.objects.filter(person_id=person_id, withdrawn_at__isnull=True)
    if purpose is not None:
        consents = consents.filter(purpose=purpose)
    if help_request_id is not None:
        consents = consents.filter(Q(help_request__isnull=True) | Q(help_request_id=help_request_id))
    return consents


def consent_covers(
    *, person_id: int, purpose: str, organization_id: int | None = None, help_request_id: int | None = None
) -> bool:
    """Whether a consent in force allows this purpose (for this organisation, when one is named). One query."""
    consents = consents_in_force(person_id=person_id, purpose=purpose, help_request_id=help_request_id)
    if organization_id is not None:
        consents = consents.filter(recipients__id=organization_id)
    return consents.exists()


def volunteer_sharing_allowed(*, person_id: int, help_request_id: int) -> bool:
    """Whether a volunteer may be proposed for this request: the help seeker's volunteer consent is in force
    (the volunteers app asks this before proposing a match, and again before showing contact details)."""
    return consent_covers(person_id=person_id, purpose=Consent.Purpose.VOLUNTEER, help_request_id=help_request_id)


def erasure_pending(*, person_id: int):
    """The person's erasure request still waiting for the DPO's decision, or None (one query). The coordinators'
    request page shows it as a banner: an open request is what keeps the DPO from erasing."""
    return (
        ErasureRequest.objects.filter(person_id=person_id, status=ErasureRequest.Status.PENDING)
        .order_by("filed_at")
        .only("pk", "filed_at", "person_id")
        .first()
    )


# -- the citizen's own pages (/mijn/gegevens/) -----------------------------------------------------
def own_people(user) -> list[Person]:
    """The person records of this account (one query)."""
    return list(Person.objects.filter(user=user))


def access_log_of(user, person_ids: list[int], *, since: datetime, limit: int = 500) -> list[AccessLog]:
    """Who looked at this user's data since ``since``, newest first: about them as a help seeker (their person
    records, merged ones included) and as a volunteer (their account). One query."""
    rows = AccessLog.objects.filter(Q(person_id__in=person_ids) | Q(subject_user=user), at__gte=since)
    return list(rows.order_by("-at", "-id")[:limit])


def erasure_requests_of(user) -> list[ErasureRequest]:
    return list(ErasureRequest.objects.filter(citizen=user).order_by("-filed_at", "-id"))


def consents_of(person_ids: list[int]) -> list[Consent]:
    """Every consent of these people, those in force first, with their request and recipients (three queries)."""
    return list(
        Consent.objects.filter(person_id__in=person_ids)
        .select_related("help_request")
        .prefetch_related("recipients")
        .order_by("withdrawn_at", "-given_at", "-id")
    )


def own_consent(user, consent_id: int) -> Consent | None:
    """One consent of the user's own person, with its recipients; None (a 404) for anybody else's."""
    return Consent.objects.filter(pk=consent_id, person__user=user).prefetch_related("recipients").first()


# -- the DPO's console ---------------------------------------------------------------------------
def erasure_requests_for_dpo() -> QuerySet[ErasureRequest]:
    """Every erasure request, the waiting ones first, then the newest (paginated by the page)."""
    waiting_first = Case(
        When(status=ErasureRequest.Status.PENDING, then=Value(0)), default=Value(1), output_field=IntegerField()
    )
    return ErasureRequest.objects.select_related("decided_by").order_by(waiting_first, "-filed_at", "-id")


def erasure_for_dpo(erasure_id: int) -> ErasureRequest | None:
    return ErasureRequest.objects.select_related("person", "filed_by", "decided_by").filter(pk=erasure_id).first()
