"""Writing the access log (views that show a person's data to staff call ``access_record``) and consents."""

import uuid
from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.models import Organization, User
from accounts.roles import Role
from outbox.models import Channel
from outbox.services import FORGET_WHEN_SENT, message_enqueue
from privacy.consent_texts import wording
from privacy.models import AccessLog, Consent, ErasureRequest
from privacy.signals import consent_withdrawn

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
    person_ids: Iterable[int] = (),
    subject_user_ids: Iterable[int] = (),
    categories: list[str],
    purpose: str,
    reference: str = "",
    organization: str = "",
) -> None:
    """One append-only row per category read (one query for all of them): about a help seeker
    (``person_id``), several help seekers (``person_ids``: a list read through the API) or volunteers
    (``subject_user_ids``: their accounts, e.g. every candidate shown). An API client's system account is
    logged as the organisation's system (``actor_kind``), with the client's name."""
    user: User = request.user
    role = next((r for r in _ROLE_ORDER if user.has_role(r)), "")
    if not organization:
        membership = user.memberships.select_related("organization").first()
        organization = membership.organization.name if membership else ""
    subjects = [{"person_id": person_id}] if person_id is not None else []
    subjects += [{"person_id": pk} for pk in dict.fromkeys(person_ids)]
    kind = AccessLog.ActorKind.API_CLIENT if user.system_account else AccessLog.ActorKind.PERSON
    subjects += [{"subject_user_id": user_id} for user_id in subject_user_ids]
    AccessLog.objects.bulk_create(
        [
            AccessLog(
                actor_kind=kind,
                actor_id=user.pk,
                actor_name=user.full_name or user.email,
                actor_role=role,
                actor_organisation=organization,
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


def access_record_merge(*, actor: User, person_id: int) -> None:
    """Two records of one person were merged into ``person_id``: written in its access log ("who looked at my
    data": why, by whom)."""
    role = next((r for r in Role.values if actor.has_role(r)), "")
    AccessLog.objects.create(
        actor_id=actor.pk,
        actor_name=actor.full_name or actor.email,
        actor_role=role,
        person_id=person_id,
        category=AccessLog.Category.CONTACT,
        purpose=AccessLog.Purpose.MERGE,
    )


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
    consent = Consent.objects.select_for_update().get(pk=consent.pk)
    if consent.withdrawn_at is not None:
        raise ConsentRefused(_("This consent was already withdrawn."))
    consent.withdrawn_at = timezone.now()
    consent.withdrawn_by = actor
    consent.save(update_fields=["withdrawn_at", "withdrawn_by"])
    organization_ids = (
        list(consent.recipients.values_list("pk", flat=True)) if consent.purpose == Consent.Purpose.REFERRAL else []
    )
    # requests_app ends the referrals the consent allowed (requests_app.apps connects it), in this transaction;
    # the partner API announces it to the organisations' webhooks.
    consent_withdrawn.send(sender=Consent, consent=consent, organization_ids=organization_ids, actor=actor)
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


def erasure_outcome_enqueue(*, erasure_id: int, address: str, language: str, status: str, reason: str = ""):
    """The DPO's decision, to the citizen, through the outbox (in the decision's transaction).

    Not linked to the person: it must still go out after their data was erased. The outbox deletes it with
    every finished message after ``OUTBOX_KEEP_DAYS``."""
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
