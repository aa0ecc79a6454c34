"""Celery tasks: thin wrappers around services, safe to run twice."""

from celery import shared_task


@shared_task
def apply_retention() -> dict[str, int]:
    """Daily: anonymise what is past its retention period (nothing more on a second run)."""
    from privacy.retention import retention_apply

    return retention_apply()


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=6)
def send_erasure_outcome(*, address: str, language: str, status: str, reason: str = "") -> None:
    """Tell the citizen the DPO's decision (the address is passed: after an erasure it is gone from the database)."""
    from django.core.mail import send_mail
    from django.utils import translation
    from django.utils.translation import gettext as _

    from privacy.models import ErasureRequest

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
    send_mail(subject, body, None, [address])
