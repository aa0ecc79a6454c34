"""The access log: every read of a person's data by staff, a caseworker or a volunteer, append-only.

Who (user, role, organisation — copied as text, so the row stays true when accounts change),
whose data (the person), what category, when (UTC, ms), why (the purpose) and the HTTP request id.
The application never updates or deletes a row: the model refuses, and on PostgreSQL a trigger
refuses (migration 0002), whoever asks.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.roles import Role


class AccessLog(models.Model):
    class Category(models.TextChoices):
        CONTACT = "contact", _("contact details")
        REQUEST = "request", _("what you asked help for")
        NOTES = "notes", _("notes of the people helping you")

    class Purpose(models.TextChoices):
        TRIAGE = "triage", _("to find the right help for your question")
        REFERRAL = "referral", _("to help you after a referral")
        STATUS_LOOKUP = "status_lookup", _("to tell you the status of your question")
        VOLUNTEER_TASK = "volunteer_task", _("so that a volunteer can help you")

    at = models.DateTimeField(auto_now_add=True)
    actor_id = models.BigIntegerField(null=True)
    actor_name = models.CharField(max_length=150)
    actor_role = models.CharField(max_length=30, choices=Role, blank=True)
    actor_organisation = models.CharField(max_length=200, blank=True)
    # No database foreign key: a row must outlive (and never block) changes to the person.
    person = models.ForeignKey(
        "requests_app.Person", on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    category = models.CharField(max_length=10, choices=Category)
    purpose = models.CharField(max_length=20, choices=Purpose)
    reference = models.CharField(max_length=12, blank=True, help_text="the help request that was opened")
    request_id = models.CharField(max_length=32, blank=True, help_text="the HTTP request, for an inquiry")

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["person", "-at"], name="accesslog_person")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_name} → {self.person_id} ({self.category})"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("The access log is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("The access log is append-only.")
