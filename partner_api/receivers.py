"""The events the webhooks announce, subscribed to the signals of the apps below (they never import this app)."""

from django.dispatch import receiver

from partner_api.models import WebhookEvent
from partner_api.webhooks import event_enqueue
from privacy.models import Consent
from privacy.signals import consent_withdrawn
from requests_app.models import Referral
from requests_app.signals import referral_created, referral_withdrawn


@receiver(referral_created, dispatch_uid="webhook_referral_created")
def on_referral_created(sender, referral, **kwargs) -> None:
    event_enqueue(
        organization_id=referral.organization_id,
        event=WebhookEvent.REFERRAL_CREATED,
        cause=f"referral:{referral.pk}",
        data={"referral_id": referral.pk},
    )


@receiver(referral_withdrawn, dispatch_uid="webhook_referral_withdrawn")
def on_referral_withdrawn(sender, referral, **kwargs) -> None:
    event_enqueue(
        organization_id=referral.organization_id,
        event=WebhookEvent.REFERRAL_WITHDRAWN,
        cause=f"referral:{referral.pk}",
        data={"referral_id": referral.pk},
    )


@receiver(consent_withdrawn, dispatch_uid="webhook_consent_withdrawn")
def on_consent_withdrawn(sender, consent, **kwargs) -> None:
    """Each organisation the consent named hears it, with the ids of its referrals for that help seeker (which
    it can no longer read unless another consent still covers them)."""
    if consent.purpose != Consent.Purpose.REFERRAL:
        return
    for organization_id in consent.recipients.values_list("pk", flat=True):
        referrals = Referral.objects.filter(request__person_id=consent.person_id, organization_id=organization_id)
        if consent.help_request_id:
            referrals = referrals.filter(request_id=consent.help_request_id)
        event_enqueue(
            organization_id=organization_id,
            event=WebhookEvent.CONSENT_WITHDRAWN,
            cause=f"consent:{consent.pk}",
            data={"consent_id": consent.pk, "referral_ids": sorted(referrals.values_list("pk", flat=True))},
        )
