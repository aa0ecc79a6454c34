"""What requests_app does when an app below it announces a change (connected in ``RequestsAppConfig.ready``)."""

from privacy.models import Consent
from requests_app.services import referrals_consent_withdrawn


def referral_consent_withdrawn(*, consent: Consent, organization_ids: list[int], actor, **kwargs) -> None:
    """A referral consent was withdrawn: the referrals it alone allowed end now (same transaction)."""
    if consent.purpose == Consent.Purpose.REFERRAL:
        referrals_consent_withdrawn(person_id=consent.person_id, organization_ids=organization_ids, actor=actor)
