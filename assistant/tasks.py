from celery import shared_task
from django.core.mail import send_mail


@shared_task(bind=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_results_mail(self, *, to: str, subject: str, body: str) -> None:
    """Send an assistant result the person asked for. The address is not stored anywhere."""
    send_mail(subject, body, None, [to])
