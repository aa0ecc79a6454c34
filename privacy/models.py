"""The access log: every read of a person's data by staff, a caseworker or a volunteer, append-only.

Who (user, role, organisation — copied as text, so the row stays true when accounts change),
whose data (the person), what category, when (UTC, ms), why (the purpose) and the HTTP request id.
The application never updates or deletes a row: the model refuses, and on PostgreSQL a trigger
refuses (migration 0002), whoever asks.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.roles import Role
from people.models import Channel


class AccessLog(models.Model):
    # Append-only (a database trigger refuses updates): merging two persons leaves its rows under the old
    # number, read through people.PersonMerge (people.services.person_relations).
    person_merge_keeps_rows = True

    class Category(models.TextChoices):
        CONTACT = "contact", _("contact details")
        REQUEST = "request", _("what you asked help for")
        NOTES = "notes", _("notes of the people helping you")
        VOLUNTEER_PROFILE = "profile", _("your volunteer profile and availability")

    class Purpose(models.TextChoices):
        TRIAGE = "triage", _("to find the right help for your question")
        REFERRAL = "referral", _("to help you after a referral")
        STATUS_LOOKUP = "status_lookup", _("to tell you the status of your question")
        CONTACT_MOMENT = "contact_moment", _("to help you when you contacted the city")
        VOLUNTEER_MATCHING = "volunteer_matching", _("to find a volunteer for you")
        VOLUNTEER_TASK = "volunteer_task", _("to help you as your volunteer")
        INQUIRY = "inquiry", _("for a data-protection inquiry or a request about your data")
        VOLUNTEER_COORDINATION = "volunteer_coord", _("to coordinate your volunteering (screening, matches)")
        VOLUNTEER_PROPOSAL = "volunteer_proposal", _("to see whether you can help someone")
        MERGE = "merge", _("to join two records about you into one (so you have one history)")

    class ActorKind(models.TextChoices):
        PERSON = "person", _("a person signed in")
        API_CLIENT = "api_client", _("the computer system of the organisation (API)")

    at = models.DateTimeField(_("when"), auto_now_add=True)
    # A member of staff in the portal, or an organisation's system reading through the API (``partner_api``):
    # then ``actor_id`` and ``actor_name`` are the API client's system account.
    actor_kind = models.CharField(_("read by"), max_length=12, choices=ActorKind, default=ActorKind.PERSON)
    actor_id = models.BigIntegerField(null=True)
    actor_name = models.CharField(max_length=150)
    actor_role = models.CharField(_("role"), max_length=30, choices=Role, blank=True)
    actor_organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    # No database foreign key: a row must outlive (and never block) changes to the person.
    # Whose data: a help seeker (``person``) or a volunteer (``subject_user``, their account), one of the two.
    person = models.ForeignKey(
        "people.Person", on_delete=models.DO_NOTHING, db_constraint=False, related_name="+", null=True
    )
    subject_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+", null=True
    )
    category = models.CharField(_("what"), max_length=10, choices=Category)
    purpose = models.CharField(_("why"), max_length=20, choices=Purpose)
    reference = models.CharField(
        _("reference"), max_length=12, blank=True, help_text="the help request that was opened"
    )
    request_id = models.CharField(max_length=32, blank=True, help_text="the HTTP request, for an inquiry")

    class Meta:
        verbose_name = _("who looked at your data")
        verbose_name_plural = _("who looked at your data")
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["person", "-at"], name="accesslog_person"),
            models.Index(fields=["subject_user", "-at"], name="accesslog_subject_user"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(person__isnull=False, subject_user__isnull=True)
                | Q(person__isnull=True, subject_user__isnull=False),
                name="accesslog_one_subject",
            )
        ]

    def __str__(self) -> str:
        subject = self.person_id if self.person_id is not None else f"user {self.subject_user_id}"
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_name} → {subject} ({self.category})"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("The access log is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("The access log is append-only.")


class Consent(models.Model):
    """A help seeker's consent: for what purpose, shared with whom, in which words, given when and how.

    A row is never edited except to record its withdrawal; a new consent is a new row. The wording shown
    is stored with its version, so what someone agreed to stays provable when the text changes.
    """

    class Purpose(models.TextChoices):
        CONTACT = "contact", _("to be contacted about my question")
        REFERRAL = "referral", _("to share my question with the organisations named, so they can help me")
        VOLUNTEER = "volunteer", _("to share what a volunteer needs to help me")
        ON_BEHALF = "on_behalf", _("to let someone else ask for help for me and follow it up")

    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="consents")
    help_request = models.ForeignKey(
        "requests_app.HelpRequest", on_delete=models.CASCADE, null=True, blank=True, related_name="consents"
    )
    purpose = models.CharField(_("purpose"), max_length=20, choices=Purpose)
    # Who may receive the data: named organisations (partners under shared professional secrecy).
    recipients = models.ManyToManyField(
        "accounts.Organization", blank=True, related_name="+", verbose_name=_("shared with")
    )
    wording = models.TextField(_("the text shown"))
    wording_version = models.CharField(_("version of the text"), max_length=20)
    channel = models.CharField(_("channel"), max_length=10, choices=Channel)
    given_at = models.DateTimeField(_("given at"), default=timezone.now)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        ordering = ["-given_at", "-id"]
        indexes = [
            models.Index(fields=["person", "purpose"], condition=Q(withdrawn_at__isnull=True), name="consent_in_force")
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(withdrawn_at__isnull=True) | Q(withdrawn_at__gte=models.F("given_at")),
                name="consent_withdrawn_after_given",
            )
        ]

    def __str__(self) -> str:
        return f"{self.person_id}: {self.purpose} ({self.given_at:%Y-%m-%d})"

    @property
    def in_force(self) -> bool:
        return self.withdrawn_at is None


class ErasureRequest(models.Model):
    """A request to erase a person's data, filed by the citizen or by the DPO for them, and its decision.

    The DPO decides: erase (the person and the free text of their requests are anonymised, the counts stay)
    or restrict (a legal retention duty applies; the reason is required). The row is the decision's record.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("waiting for a decision")
        ERASED = "erased", _("erased")
        RESTRICTED = "restricted", _("kept under restriction")

    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="erasure_requests")
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # The citizen's own account, so they still see the outcome after their person was erased.
    citizen = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="erasure_requests"
    )
    filed_at = models.DateTimeField(_("filed at"), default=timezone.now)
    message = models.TextField(_("message"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.PENDING)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decision_reason = models.TextField(_("reason for the decision"), blank=True)

    class Meta:
        verbose_name = _("erasure request")
        verbose_name_plural = _("erasure requests")
        ordering = ["-filed_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="pending", decided_at__isnull=True)
                | (~Q(status="pending") & Q(decided_at__isnull=False)),
                name="erasure_decided_has_time",
            ),
            models.CheckConstraint(
                condition=~Q(status="restricted") | ~Q(decision_reason=""), name="erasure_restriction_has_reason"
            ),
            # One open request per person at a time.
            models.UniqueConstraint(fields=["person"], condition=Q(status="pending"), name="erasure_one_pending"),
        ]

    def __str__(self) -> str:
        return f"{self.person_id}: {self.status} ({self.filed_at:%Y-%m-%d})"

    @property
    def is_pending(self) -> bool:
        return self.status == self.Status.PENDING

    @property
    def is_restricted(self) -> bool:
        return self.status == self.Status.RESTRICTED
