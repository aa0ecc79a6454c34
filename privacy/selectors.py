"""Reads about consent that other apps ask before they share a person's data."""

from django.db.models import Q

from privacy.models import Consent, ErasureRequest


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
