"""Writing the access log (views that show a person's data to staff call ``access_record``) and consents."""

import uuid
from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.models import Organization, User
from accounts.roles import Role
from privacy.consent_texts import wording
from privacy.models import AccessLog, Consent, ErasureRequest

# The role that explains a read best, when a user has several.
_ROLE_ORDER = [Role.CASEWORKER, Role.COORDINATOR, Role.KCC_AGENT, Role.VOLUNTEER, Role.DPO, Role.ADMIN]


def _request_id(request) -> str:
    if not hasattr(request, "_access_log_id"):
        request._access_log_id = request.headers.get("X-Request-ID", "")[:32] or uuid.uuid4().hex
    return request._access_log_id


def access_record(
    *,
    request,
    person_id: int | None = None,
    subject_user_ids: Iterable[int] = (),
    categories: list[str],
    purpose: str,
    reference: str = "",
    organisation: str = "",
) -> None:
    """One append-only row per category read (one query for all of them): about a help seeker
    (``person_id``) or about volunteers (``subject_user_ids``: their accounts, e.g. every candidate shown)."""
    user: User = request.user
    role = next((r for r in _ROLE_ORDER if user.has_role(r)), "")
    if not organisation:
        membership = user.memberships.select_related("organization").first()
        organisation = membership.organization.name if membership else ""
    subjects = [{"person_id": person_id}] if person_id is not None else []
    subjects += [{"subject_user_id": user_id} for user_id in subject_user_ids]
    AccessLog.objects.bulk_create(
        [
            AccessLog(
                actor_id=user.pk,
                actor_name=user.full_name or user.email,
                actor_role=role,
                actor_organisation=organisation,
                category=category,
                purpose=purpose,
                reference=reference,
                request_id=_request_id(request),
                **subject,
            )
            for subject in subjects
            for category in categories
        ]
    )


# -- consent ----------------------------------------------------------------------------------


class ConsentRefused(Exception):
    """A consent action that cannot be done; the message is for the user."""


@transaction.atomic
def consent_give(
    *,
    person,
    purpose: str,
    channel: str,
    recipients: Iterable[Organization] = (),
    help_request=None,
    recorded_by: User | None = None,
) -> Consent:
    """Record a consent with the words shown now (in the active language) and their version.

    ``recipients`` are the organisations the data may go to; a referral consent must name at least one.
    ``recorded_by`` is the agent or intermediary who recorded it (``None`` when the person gave it online).
    """
    recipients = list(recipients)
    if purpose == Consent.Purpose.REFERRAL and not recipients:
        raise ConsentRefused(_("Choose at least one organisation to share your question with."))
    version, text = wording(purpose)
    consent = Consent(
        person=person,
        help_request=help_request,
        purpose=purpose,
        wording=text,
        wording_version=version,
        channel=channel,
        recorded_by=recorded_by,
    )
    # The links are saved objects handed in: checking that each exists would cost a query apiece.
    consent.full_clean(exclude=["person", "help_request", "recorded_by"])
    consent.save()
    if recipients:
        consent.recipients.set(recipients)
    return consent


@transaction.atomic
def consent_withdraw(*, consent: Consent, actor: User | None) -> Consent:
    """Withdraw at once; what the consent allowed stops from this moment (callers check ``consent_covers``).

    A referral consent also ends the referrals it allowed, in the same transaction: waiting referrals to
    its organisations are withdrawn and those partners can no longer open the request."""
    from requests_app.services import referrals_consent_withdrawn

    consent = Consent.objects.select_for_update().get(pk=consent.pk)
    if consent.withdrawn_at is not None:
        raise ConsentRefused(_("This consent was already withdrawn."))
    consent.withdrawn_at = timezone.now()
    consent.withdrawn_by = actor
    consent.save(update_fields=["withdrawn_at", "withdrawn_by"])
    if consent.purpose == Consent.Purpose.REFERRAL:
        referrals_consent_withdrawn(
            person_id=consent.person_id,
            organization_ids=list(consent.recipients.values_list("pk", flat=True)),
            actor=actor,
        )
    return consent


# -- erasure requests -----------------------------------------------------------------------------


class ErasureRefused(Exception):
    """An erasure action that cannot be done; the message is for the user (nothing was changed)."""


@transaction.atomic
def erasure_file(*, person, filed_by: User, message: str = "") -> ErasureRequest:
    """A request to erase a person's data, by the citizen themself or by the DPO for them."""
    if ErasureRequest.objects.filter(person=person, status=ErasureRequest.Status.PENDING).exists():
        raise ErasureRefused(_("There is already a request to erase this data waiting for a decision."))
    erasure = ErasureRequest(person=person, filed_by=filed_by, citizen=person.user, message=message.strip()[:4000])
    erasure.full_clean()
    erasure.save()
    return erasure


@transaction.atomic
def erasure_decide(*, erasure: ErasureRequest, actor: User, decision: str, reason: str = "") -> ErasureRequest:
    """The DPO's decision: ``erased`` (the person is anonymised, the counts stay) or ``restricted`` (a legal
    retention duty applies: the reason is required and shown to the citizen)."""
    from privacy.retention import has_open_requests, person_anonymise

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
            language=person.preferred_language,
            status=erasure.status,
            reason=reason,
        )
    return erasure


def erasure_outcome_enqueue(*, erasure_id: int, address: str, language: str, status: str, reason: str = ""):
    """The DPO's decision, to the citizen, through the outbox (in the decision's transaction).

    Not linked to the person: it must still go out after their data was erased. The outbox deletes it with
    every finished message after ``OUTBOX_KEEP_DAYS``."""
    from outbox.models import Channel
    from outbox.services import FORGET_WHEN_SENT, message_enqueue

    with translation.override(language):
        if status == ErasureRequest.Status.ERASED:
            body = _(
                "Hello,\n\nThe data protection officer of the city of Leuven erased your data at Leuven Helpt, as you "
                "asked. Your account is closed. We keep only numbers that no longer say anything about you.\n\n"
                "Kind regards,\nLeuven Helpt, city of Leuven"
            )
        else:
            body = _(
                "Hello,\n\nThe data protection officer of the city of Leuven decided about your request to erase your "
                "data at Leuven Helpt. The law obliges us to keep it for now, and we use it only for this reason:\n\n"
                "%(reason)s\n\nKind regards,\nLeuven Helpt, city of Leuven"
            ) % {"reason": reason}
        subject = _("Your request to erase your data")
    return message_enqueue(
        channel=Channel.EMAIL,
        # The outcome goes to an address the erasure removed everywhere else: once sent, it goes here too.
        event_key=f"{FORGET_WHEN_SENT}erasure:{erasure_id}",
        recipient=address,
        subject=subject,
        body=body,
        language=language,
    )
