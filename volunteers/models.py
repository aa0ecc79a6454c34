"""Volunteers: their profile and weekly availability, screening, the task behind a request, and matches.

Task types, languages and areas are stored as small bit sets (one integer column each) so that the
ranking is one SQL query with plain bitwise tests that PostgreSQL and SQLite both run, without a join
per preference. ``volunteers.choices`` maps each choice to its bit.
"""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from volunteers.choices import Area, Commitment, Language, TaskType, Transport, Weekday


class VolunteerProfile(models.Model):
    """A volunteer's profile. Matched only while ``active`` (or paused until a day that has passed)."""

    class State(models.TextChoices):
        APPLIED = "applied", _("Applied")
        SCREENING = "screening", _("Screening")
        ACTIVE = "active", _("Active")
        PAUSED = "paused", _("Paused")
        STOPPED = "stopped", _("Stopped")

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="volunteer_profile")
    state = models.CharField(_("state"), max_length=10, choices=State, default=State.APPLIED)
    task_types = models.PositiveIntegerField(_("task types"), default=0)  # bit set of choices.TaskType
    languages = models.PositiveIntegerField(_("languages"), default=0)  # bit set of choices.Language
    areas = models.PositiveIntegerField(_("postcodes served"), default=0)  # bit set of choices.Area
    transport = models.CharField(_("transport"), max_length=10, choices=Transport, default=Transport.NONE)
    commitment = models.CharField(_("one-off or regular"), max_length=10, choices=Commitment, default=Commitment.BOTH)
    max_active_matches = models.PositiveSmallIntegerField(_("maximum active matches"), default=2)
    pause_until = models.DateField(_("paused until"), null=True, blank=True)
    law_consent_at = models.DateTimeField(_("read the volunteer-law information"))
    screening_valid_until = models.DateField(_("screening valid until"), null=True, blank=True)
    screening_reminded_at = models.DateTimeField(null=True, blank=True)
    availability_updated_at = models.DateTimeField(_("availability updated"), default=timezone.now)
    last_asked_at = models.DateTimeField(_("last asked"), null=True, blank=True)
    last_active_at = models.DateTimeField(_("last active"), default=timezone.now)
    declines_in_a_row = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("volunteer profile")
        verbose_name_plural = _("volunteer profiles")
        indexes = [
            # The volunteers who may be matched (and the radar's expiring screenings) by screening date.
            models.Index(
                fields=["screening_valid_until"],
                condition=Q(state__in=["active", "paused"]),
                name="volunteer_matchable",
            ),
            models.Index(fields=["state"], name="volunteer_state"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(max_active_matches__gte=1) & Q(max_active_matches__lte=10), name="volunteer_max_matches"
            ),
            models.CheckConstraint(
                condition=~Q(state="paused") | Q(pause_until__isnull=False), name="volunteer_paused_has_date"
            ),
        ]

    def __str__(self) -> str:
        return self.user.full_name or self.user.email

    def matchable_on(self, day) -> bool:
        if self.state == self.State.ACTIVE:
            return True
        return self.state == self.State.PAUSED and self.pause_until is not None and self.pause_until < day


class AvailabilitySlot(models.Model):
    """A weekly slot: e.g. Tuesday 14:00–17:00."""

    profile = models.ForeignKey(VolunteerProfile, on_delete=models.CASCADE, related_name="slots")
    weekday = models.PositiveSmallIntegerField(_("day"), choices=Weekday)
    start = models.TimeField(_("from"))
    end = models.TimeField(_("until"))

    class Meta:
        ordering = ["weekday", "start"]
        # The ranking asks "who is free on this day in this window": one range scan per day.
        indexes = [models.Index(fields=["weekday", "start", "end", "profile"], name="slot_window")]
        constraints = [models.CheckConstraint(condition=Q(end__gt=F("start")), name="slot_ends_after_start")]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.start:%H:%M}–{self.end:%H:%M}"


class Screening(models.Model):
    """What a coordinator checked, e.g. an extract from the criminal record (model 2) with its date."""

    class Kind(models.TextChoices):
        CRIMINAL_RECORD_2 = "record_model_2", _("Extract from the criminal record, model 2")

    profile = models.ForeignKey(VolunteerProfile, on_delete=models.CASCADE, related_name="screenings")
    kind = models.CharField(_("document"), max_length=20, choices=Kind, default=Kind.CRIMINAL_RECORD_2)
    document_date = models.DateField(_("date of the document"))
    checked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    checked_at = models.DateTimeField(auto_now_add=True)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        ordering = ["-document_date", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.document_date}"


class VolunteerTask(models.Model):
    """What a volunteer is asked to do for a request: the coordinator writes it for the volunteer.

    Only this (with the help seeker's first name and neighbourhood) reaches a volunteer before accepting;
    the request's own description and the staff notes never do."""

    request = models.OneToOneField("requests_app.HelpRequest", on_delete=models.CASCADE, related_name="volunteer_task")
    task_type = models.CharField(_("task"), max_length=20, choices=TaskType)
    area = models.CharField(_("neighbourhood"), max_length=4, choices=Area)
    language = models.CharField(_("language needed"), max_length=2, choices=Language, default=Language.DUTCH)
    weekday = models.PositiveSmallIntegerField(_("day"), choices=Weekday)
    start = models.TimeField(_("from"))
    end = models.TimeField(_("until"))
    regular = models.BooleanField(_("regular (weekly)"), default=False)
    summary = models.TextField(_("what the volunteer will do"), max_length=600)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.CheckConstraint(condition=Q(end__gt=F("start")), name="task_ends_after_start")]

    def __str__(self) -> str:
        return f"{self.request_id}: {self.task_type}"


# How long a volunteer has to answer a proposal, and how long contact details stay visible after the end.
ANSWER_WITHIN = timedelta(hours=48)
DETAILS_AFTER_END = timedelta(days=14)


class Match(models.Model):
    """A request proposed to one volunteer: proposed → accepted | declined | expired; accepted → completed | cancelled.

    A coordinator can also cancel a proposal (withdraw it) or an accepted match; ``cancelled_by_coordinator`` then
    stops the help seeker's contact details at once (a match the volunteer handed back keeps them 14 days)."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        EXPIRED = "expired", _("Expired")
        COMPLETED = "completed", _("Completed")
        CANCELLED = "cancelled", _("Cancelled")

    class DeclineReason(models.TextChoices):
        NOT_AVAILABLE = "not_available", _("I am not available then")
        TOO_FAR = "too_far", _("It is too far for me")
        NOT_SUITED = "not_suited", _("This task does not suit me")
        TOO_BUSY = "too_busy", _("I have too much on at the moment")
        OTHER = "other", _("Another reason")

    request = models.ForeignKey("requests_app.HelpRequest", on_delete=models.CASCADE, related_name="matches")
    volunteer = models.ForeignKey(VolunteerProfile, on_delete=models.CASCADE, related_name="matches")
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.PROPOSED)
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    proposed_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    # When this proposal is declined or expires, ask the next candidate (this many more in turn).
    then_ask_next = models.PositiveSmallIntegerField(default=0)
    answered_at = models.DateTimeField(null=True, blank=True)
    accepted_at = models.DateTimeField(null=True, blank=True)
    decline_reason = models.CharField(_("reason"), max_length=20, choices=DeclineReason, blank=True)
    decline_note = models.CharField(_("explanation"), max_length=300, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=600, blank=True)
    cancelled_by_coordinator = models.BooleanField(_("cancelled by a coordinator"), default=False)
    hours = models.DecimalField(_("hours spent"), max_digits=5, decimal_places=1, null=True, blank=True)
    # The "why" line as the coordinator saw it when proposing.
    why = models.CharField(max_length=400, blank=True)

    class Meta:
        verbose_name = _("match")
        verbose_name_plural = _("matches")
        ordering = ["-proposed_at", "-id"]
        indexes = [
            models.Index(fields=["volunteer", "status"], name="match_volunteer_status"),
            models.Index(fields=["expires_at"], condition=Q(status="proposed"), name="match_waiting_expiry"),
        ]
        constraints = [
            # One volunteer per request: a second acceptance is refused by the database too.
            models.UniqueConstraint(
                fields=["request"], condition=Q(status__in=["accepted", "completed"]), name="match_one_accepted"
            ),
            models.UniqueConstraint(fields=["request", "volunteer"], name="match_once_per_volunteer"),
            models.CheckConstraint(
                condition=~Q(status="declined") | ~Q(decline_reason=""), name="match_decline_has_reason"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.request_id} → {self.volunteer_id} ({self.status})"

    @property
    def is_open(self) -> bool:
        return self.status in (self.Status.PROPOSED, self.Status.ACCEPTED)

    def shows_contact_details(self, now=None) -> bool:
        """Staged disclosure: address and phone only once accepted, while active and 14 days after the end
        (not at all once a coordinator cancelled the match: the volunteer no longer has anything to do there)."""
        now = now or timezone.now()
        if self.accepted_at is None or self.cancelled_by_coordinator:
            return False
        if self.status == self.Status.ACCEPTED:
            return True
        if self.status in (self.Status.COMPLETED, self.Status.CANCELLED) and self.ended_at:
            return now < self.ended_at + DETAILS_AFTER_END
        return False


class MatchSession(models.Model):
    """One time the volunteer helped within a match (a weekly visit has many): a date and the hours.

    Recording a session never ends the support; the end is its own step with an outcome."""

    match = models.ForeignKey(Match, on_delete=models.CASCADE, related_name="sessions")
    on = models.DateField(_("date"))
    hours = models.DecimalField(_("hours spent"), max_digits=4, decimal_places=1)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ["on", "id"]
        constraints = [models.CheckConstraint(condition=Q(hours__gt=0), name="match_session_hours_positive")]

    def __str__(self) -> str:
        return f"{self.match_id} {self.on}: {self.hours}"
