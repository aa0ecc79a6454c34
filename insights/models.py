"""The materialised daily summary behind /inzichten/: counts per day, never a person.

The KPIs read these tables instead of a million requests. ``insights.services.summary_refresh``
rebuilds the rows of the days that changed (Celery beat, every quarter of an hour) and every day
(at night); a request is counted on the day it was received, a referral on the day it was sent.
Waiting times are kept as whole hours with how many requests waited that long, so medians and
percentiles are worked out exactly on whole hours.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Route(models.TextChoices):
    VOLUNTEER = "volunteer", _("Volunteer")
    PROFESSIONAL = "professional", _("Professional (partner organisation)")
    NONE = "none", _("No route yet")


class Outcome(models.TextChoices):
    HANDLED = "handled", _("Support started (handled)")
    WAITING = "waiting", _("Still waiting for support")
    WITHDRAWN = "withdrawn", _("Withdrawn by the help seeker")
    CLOSED = "closed", _("Closed without support")


class RequestDay(models.Model):
    """Requests received on a day, by channel, route, outcome so far and hand-offs."""

    day = models.DateField()
    channel = models.CharField(max_length=12)
    route = models.CharField(max_length=12, choices=Route)
    outcome = models.CharField(max_length=10, choices=Outcome)
    # Hand-offs before support started: 0, 1, or 2 for "more than one" (their real number is in handoff_total).
    handoffs = models.PositiveSmallIntegerField()
    requests = models.PositiveIntegerField()
    handoff_total = models.PositiveIntegerField()
    # Of these requests, how many missed their first-contact promise (nobody contacted them in time).
    contact_missed = models.PositiveIntegerField(default=0)

    class Meta:
        indexes = [models.Index(fields=["day"], name="insights_request_day")]

    def __str__(self) -> str:
        return f"{self.day} {self.channel} {self.route} {self.outcome}: {self.requests}"


class NeedDay(models.Model):
    """Requests received on a day with this need (a request with two needs is in two rows)."""

    day = models.DateField()
    need = models.CharField(max_length=20)
    handled = models.BooleanField()
    requests = models.PositiveIntegerField()

    class Meta:
        indexes = [models.Index(fields=["day"], name="insights_need_day")]

    def __str__(self) -> str:
        return f"{self.day} {self.need}: {self.requests}"


class WaitDay(models.Model):
    """How many requests received on a day waited this many whole hours for a first contact or support."""

    class Measure(models.TextChoices):
        FIRST_CONTACT = "first_contact", _("First contact")
        SUPPORT = "support", _("Support start")

    day = models.DateField()
    route = models.CharField(max_length=12, choices=Route)
    partner_id = models.IntegerField(null=True)
    measure = models.CharField(max_length=14, choices=Measure)
    hours = models.PositiveIntegerField()
    requests = models.PositiveIntegerField()

    class Meta:
        indexes = [models.Index(fields=["day", "measure"], name="insights_wait_day")]

    def __str__(self) -> str:
        return f"{self.day} {self.measure} {self.hours} h: {self.requests}"


class ReferralDay(models.Model):
    """Referrals sent on a day to a partner, by what became of them (and the reason of a decline)."""

    day = models.DateField()
    partner_id = models.IntegerField()
    status = models.CharField(max_length=10)
    reason = models.CharField(max_length=20, blank=True)
    referrals = models.PositiveIntegerField()

    class Meta:
        indexes = [models.Index(fields=["day"], name="insights_referral_day")]

    def __str__(self) -> str:
        return f"{self.day} {self.partner_id} {self.status}: {self.referrals}"


class MatchDay(models.Model):
    """Volunteer matches proposed on a day, by what became of them so far (the reason of a decline,
    whether the volunteer accepted) and the hours given on the completed ones."""

    day = models.DateField()
    status = models.CharField(max_length=10)
    reason = models.CharField(max_length=20, blank=True)
    accepted = models.BooleanField()
    matches = models.PositiveIntegerField()
    hours = models.DecimalField(max_digits=12, decimal_places=1)

    class Meta:
        indexes = [models.Index(fields=["day"], name="insights_match_day")]

    def __str__(self) -> str:
        return f"{self.day} {self.status}: {self.matches}"


class SummaryRun(models.Model):
    """When the summary was last brought up to date (one row)."""

    refreshed_at = models.DateTimeField(null=True)
    days = models.PositiveIntegerField(default=0)
    full = models.BooleanField(default=False)

    class Meta:
        get_latest_by = "refreshed_at"

    def __str__(self) -> str:
        return f"{self.refreshed_at} ({self.days} days)"


class ContactPoint(models.Model):
    """A register where a help question first lands: this portal, and any other the city still has (e.g. a
    partner's own intake outside the portal). KPI 2 counts the active ones against its target of one."""

    name = models.CharField(_("name"), max_length=150, unique=True)
    # This portal itself: every channel (web, KCC, counter, partners) lands in its one register.
    is_this_portal = models.BooleanField(_("this portal"), default=False)
    active = models.BooleanField(_("still in use"), default=True)

    class Meta:
        verbose_name = _("contact point")
        verbose_name_plural = _("contact points")
        ordering = ["-is_this_portal", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_this_portal"], condition=models.Q(is_this_portal=True), name="one_portal"
            )
        ]

    def __str__(self) -> str:
        return self.name
