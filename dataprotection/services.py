"""The DPO's decisions that reach into every app: an erasure anonymises the person everywhere the register
says they are (``dataprotection.retention``)."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from dataprotection.retention import has_open_requests, person_anonymise
from leuvenhelpt.languages import message_language
from privacy.models import ErasureRequest
from privacy.services import ErasureRefused, erasure_outcome_enqueue


@transaction.atomic
def erasure_decide(*, erasure: ErasureRequest, actor: User, decision: str, reason: str = "") -> ErasureRequest:
    """The DPO's decision: ``erased`` (the person is anonymised, the counts stay) or ``restricted`` (a legal
    retention duty applies: the reason is required and shown to the citizen)."""
    erasure = ErasureRequest.objects.select_for_update().select_related("person").get(pk=erasure.pk)
    if erasure.status != ErasureRequest.Status.PENDING:
        raise ErasureRefused(_("This request was already decided."))
    reason = reason.strip()
    if decision == ErasureRequest.Status.RESTRICTED:
        if not reason:
            raise ErasureRefused(_("Write which legal duty requires keeping the data."))
    elif decision == ErasureRequest.Status.ERASED:
        if has_open_requests(erasure.person):
            raise ErasureRefused(
                _(
                    "This person still has an open request. Ask the coordinators to close or withdraw it first, "
                    "or keep the data under restriction."
                )
            )
    else:
        raise ErasureRefused(_("Choose to erase the data or to keep it under restriction."))
    erasure.status = decision
    erasure.decided_at, erasure.decided_by, erasure.decision_reason = timezone.now(), actor, reason
    erasure.save(update_fields=["status", "decided_at", "decided_by", "decision_reason"])
    person = erasure.person
    address = person.email or (person.user.email if person.user_id and person.user else "")
    if decision == ErasureRequest.Status.ERASED:
        person_anonymise(person=person, actor=actor)
    if address:  # the citizen hears the outcome (after an erasure the address is gone: it was read before)
        erasure_outcome_enqueue(
            erasure_id=erasure.pk,
            address=address,
            language=message_language(person.preferred_language),
            status=erasure.status,
            reason=reason,
        )
    return erasure
