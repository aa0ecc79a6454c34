"""The print queue: letters the outbox made ready, until a coordinator marks them posted."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class PrintedLetter(models.Model):
    """A letter (an outbox message on the ``letter`` channel) waiting to be printed and posted."""

    message = models.OneToOneField(
        "outbox.OutboxMessage", on_delete=models.CASCADE, related_name="printed_letter", verbose_name=_("message")
    )
    queued_at = models.DateTimeField(_("ready to print since"), auto_now_add=True)
    posted_at = models.DateTimeField(_("posted"), null=True, blank=True)
    posted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("letter to post")
        verbose_name_plural = _("letters to post")
        ordering = ["queued_at", "id"]
        indexes = [
            models.Index(fields=["queued_at"], name="letter_waiting", condition=Q(posted_at__isnull=True)),
        ]

    def __str__(self) -> str:
        return f"letter {self.message_id}"
