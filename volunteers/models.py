"""Volunteers: their profile and weekly availability, screening, the task behind a request, and matches.

Task types, languages and areas are stored as small bit sets (one integer column each) so that the
ranking is one SQL query with plain bitwise tests that PostgreSQL and SQLite both run, without a join
per preference. ``volunteers.fields.ChoiceSetField`` hides the bits: in Python (forms, pages, the
personal-data export) they are lists of choice values such as ``["shopping", "visit"]``.
"""

from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from volunteers.choices import Area, Commitment, Language, TaskType, Transport, Weekday
from volunteers.fields import ChoiceSetField
from volunteers.workflow import AWAITING_SCREENING, MATCH, ONBOARDING, OPEN_MATCH, MatchStatus, ProfileState

CHOICE_SETS = ("task_types", "languages", "areas")


class VolunteerProfile(models.Model):
    """A volunteer's profile. Matched only while ``active`` (or paused until a day that has passed)."""

    State = ProfileState  # the states and their edges: volunteers.workflow.ONBOARDING
    workflow = ONBOARDING

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="volunteer_profile")
    state = models.CharField(_("state"), max_length=10, choices=State, default=State.APPLIED)
    task_types = ChoiceSetField(_("task types"), choices_class=TaskType)
    languages = ChoiceSetField(_("languages"), choices_class=Language)
    areas = ChoiceSetField(_("postcodes served"), choices_class=Area)
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
    created_at = models.DateTimeField(_("created on"), auto_now_add=True)
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

    def preference_labels(self) -> dict[str, list[str]]:
        """Task types, languages and areas as the labels people read (the field decodes them)."""
        return {name: self._meta.get_field(name).labels(getattr(self, name)) for name in CHOICE_SETS}

    @property
    def awaiting_screening(self) -> bool:
        """Signed up, not matched yet: a coordinator still has to screen them."""
        return self.state in AWAITING_SCREENING

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
        verbose_name = _("available time")
        verbose_name_plural = _("available times")
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
    checked_at = models.DateTimeField(_("checked on"), auto_now_add=True)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("screening")
        verbose_name_plural = _("screenings")
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
    # A one-off task (``regular`` false) happens on one date; a weekly one on a weekday within a period. A one-off
    # task's weekday is its date's, so the ranking by weekly availability reads one column for both.
    regular = models.BooleanField(_("regular (weekly)"), default=False)
    on = models.DateField(_("date"), null=True, blank=True)
    weekday = models.PositiveSmallIntegerField(_("day"), choices=Weekday)
    valid_from = models.DateField(_("every week from"), null=True, blank=True)
    # Empty only for weekly tasks written before the period was asked (they run until the support ends).
    valid_until = models.DateField(_("every week until"), null=True, blank=True)
    start = models.TimeField(_("from"))
    end = models.TimeField(_("until"))
    summary = models.TextField(_("what the volunteer will do"), max_length=600)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("volunteer task")
        verbose_name_plural = _("volunteer tasks")
        constraints = [
            models.CheckConstraint(condition=Q(end__gt=F("start")), name="task_ends_after_start"),
            models.CheckConstraint(
                condition=Q(regular=True) | Q(on__isnull=False, valid_from__isnull=True, valid_until__isnull=True),
                name="task_once_has_date",
            ),
            models.CheckConstraint(
                condition=Q(regular=False) | Q(on__isnull=True, valid_from__isnull=False), name="task_weekly_has_period"
            ),
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=F("valid_from")),
                name="task_period_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.request_id}: {self.task_type}"

    def clean(self) -> None:
        errors = {}
        if self.regular:
            self.on = None
            if self.valid_from is None:
                errors["valid_from"] = _("Enter the first week, for example 15/03/2027.")
            elif self.valid_until is not None and self.valid_until < self.valid_from:
                errors["valid_until"] = _("The period cannot end before it starts.")
        else:
            self.valid_from = self.valid_until = None
            if self.on is None:
                errors["on"] = _("Enter the date of the task, for example 15/03/2027.")
            else:
                self.weekday = self.on.weekday()
        if errors:
            raise ValidationError(errors)

    def last_day(self) -> date | None:
        """The last day the task can take place (None: a weekly task without an end)."""
        return self.valid_until if self.regular else self.on

    def is_over(self, today: date | None = None) -> bool:
        """A one-off task whose date has passed, or a weekly one whose period has ended: it cannot be proposed."""
        last = self.last_day()
        return last is not None and last < (today or timezone.localdate())

    @property
    def when(self) -> str:
        """In plain words: "donderdag 10 december 2026, 09:00–12:00" or "elke donderdag 09:00–12:00, van … tot …"."""
        hours = f"{self.start:%H:%M}–{self.end:%H:%M}"
        if not self.regular and self.on is not None:
            return _("%(date)s, %(hours)s") % {"date": date_format(self.on, "l j F Y"), "hours": hours}
        # Any date on the weekday names the day in the active language (Dutch without a capital).
        day = date_format(date(2024, 1, 1) + timedelta(days=self.weekday), "l")
        values = {"day": day, "hours": hours}
        if self.valid_from is None:
            return _("every %(day)s %(hours)s") % values
        values["from"] = date_format(self.valid_from, "j F Y")
        if self.valid_until is None:
            return _("every %(day)s %(hours)s, from %(from)s") % values
        values["until"] = date_format(self.valid_until, "j F Y")
        return _("every %(day)s %(hours)s, from %(from)s until %(until)s") % values


# How long a volunteer has to answer a proposal, and how long contact details stay visible after the end.
ANSWER_WITHIN = timedelta(hours=48)
DETAILS_AFTER_END = timedelta(days=14)


class Match(models.Model):
    """A request proposed to one volunteer: proposed → accepted | declined | expired; accepted → completed | cancelled.

    A coordinator can also cancel a proposal (withdraw it) or an accepted match; ``cancelled_by_coordinator`` then
    stops the help seeker's contact details at once (a match the volunteer handed back keeps them 14 days)."""

    Status = MatchStatus  # the states and their edges: volunteers.workflow.MATCH
    workflow = MATCH

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
    proposed_at = models.DateTimeField(_("proposed on"), default=timezone.now)
    expires_at = models.DateTimeField(_("answer before"))
    # When this proposal is declined or expires, ask the next candidate (this many more in turn).
    then_ask_next = models.PositiveSmallIntegerField(default=0)
    answered_at = models.DateTimeField(_("answered on"), null=True, blank=True)
    accepted_at = models.DateTimeField(_("accepted on"), null=True, blank=True)
    decline_reason = models.CharField(_("reason"), max_length=20, choices=DeclineReason, blank=True)
    decline_note = models.CharField(_("explanation"), max_length=300, blank=True)
    ended_at = models.DateTimeField(_("ended on"), null=True, blank=True)
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
        return self.status in OPEN_MATCH

    @property
    def is_completed(self) -> bool:
        return self.status == self.Status.COMPLETED

    @property
    def is_cancelled(self) -> bool:
        return self.status == self.Status.CANCELLED

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
    created_at = models.DateTimeField(_("created on"), auto_now_add=True)

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ["on", "id"]
        constraints = [models.CheckConstraint(condition=Q(hours__gt=0), name="match_session_hours_positive")]

    def __str__(self) -> str:
        return f"{self.match_id} {self.on}: {self.hours}"
