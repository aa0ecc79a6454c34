"""The KCC console: contact moments through every channel, the needs screening (data an administrator
edits), callbacks and the status look-ups on the phone.

The per-contact outcome columns (``channel``, ``outcome``, ``transfer_succeeded``, ``handoffs``,
``help_request``, ``created_at``) are plain columns on purpose: the insights app reports on them.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from people.models import Channel
from requests_app.models import Need


class Route(models.Model):
    """Where a caller can be referred warmly: Leuven Helpt's volunteers, the GBO, the OCMW, CAW, a mutualiteit."""

    class Kind(models.TextChoices):
        LEUVEN_HELPT = "leuven_helpt", _("Leuven Helpt (volunteer help)")
        GBO = "gbo", _("GBO (OCMW, CAW and mutualiteiten together)")
        OCMW = "ocmw", _("OCMW")
        CAW = "caw", _("CAW")
        MUTUALITEIT = "mutualiteit", _("Mutualiteit")

    key = models.SlugField(_("key"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=120)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind)
    explanation = models.TextField(_("what to tell the caller"), blank=True)
    organizations = models.ManyToManyField(
        "accounts.Organization", blank=True, related_name="+", verbose_name=_("organisations")
    )
    # The rule: suggested when at least this many ticked signals point to the route.
    min_signals = models.PositiveSmallIntegerField(_("suggested from this many signals"), default=1)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("route")
        verbose_name_plural = _("routes")
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name


class LifeDomain(models.Model):
    """A life domain of the needs screening (finances and debt, housing, health, …)."""

    key = models.SlugField(_("key"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=120)
    # The need a help request gets when a signal of this domain is ticked.
    need = models.CharField(_("need of the help request"), max_length=20, choices=Need)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("life domain")
        verbose_name_plural = _("life domains")
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name


class Signal(models.Model):
    """Something the agent hears and ticks ("heeft achterstallige facturen"); it points to routes."""

    domain = models.ForeignKey(LifeDomain, on_delete=models.CASCADE, related_name="signals", verbose_name=_("domain"))
    label = models.CharField(_("label"), max_length=200)
    routes = models.ManyToManyField(Route, blank=True, related_name="signals", verbose_name=_("suggested routes"))
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("signal")
        verbose_name_plural = _("signals")
        ordering = ["domain__order", "order", "id"]
        constraints = [models.UniqueConstraint(fields=["domain", "label"], name="signal_unique_label")]

    def __str__(self) -> str:
        return self.label


class ContactMoment(models.Model):
    """One contact through any channel: open while the agent works, closed with an outcome."""

    class Outcome(models.TextChoices):
        ANSWERED = "answered", _("Answered by the agent")
        TRANSFERRED = "transferred", _("Transferred")
        CALLBACK = "callback", _("Callback requested")
        REFERRED_LEUVEN_HELPT = "referred_lh", _("Referred to Leuven Helpt")
        REFERRED_GBO_OCMW = "referred_gbo", _("Referred to GBO/OCMW")

    CHANNELS = [Channel.PHONE, Channel.COUNTER, Channel.EMAIL, Channel.LETTER, Channel.WEB, Channel.OUTREACH]

    channel = models.CharField(_("channel"), max_length=12, choices=Channel, default=Channel.PHONE)
    created_at = models.DateTimeField(_("started"), auto_now_add=True, db_index=True)
    ended_at = models.DateTimeField(_("ended"), null=True, blank=True)
    agent = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="contact_moments", verbose_name=_("agent")
    )
    person = models.ForeignKey(
        "people.Person",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="contact_moments",
        verbose_name=_("person"),
    )
    summary = models.TextField(_("summary"), blank=True)
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome, blank=True)
    transfer_to = models.CharField(_("transferred to"), max_length=150, blank=True)
    transfer_succeeded = models.BooleanField(_("transfer succeeded"), null=True, blank=True)
    # Hand-offs of this person since their last started support track, this contact included.
    handoffs = models.PositiveSmallIntegerField(_("hand-offs"), default=0)
    help_request = models.ForeignKey(
        "requests_app.HelpRequest",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="contact_moments",
        verbose_name=_("help request"),
    )
    route = models.ForeignKey(
        Route, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("route")
    )
    signals = models.ManyToManyField(Signal, blank=True, related_name="+", verbose_name=_("signals"))
    # The guided intake's answers (the assistant's catalogue edition and revision with them).
    intake = models.JSONField(_("answers to the guided intake"), default=dict, blank=True)

    class Meta:
        verbose_name = _("contact moment")
        verbose_name_plural = _("contact moments")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["person", "-created_at"], name="contact_person"),
            models.Index(fields=["agent", "-created_at"], name="contact_agent"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(outcome="transferred", transfer_succeeded__isnull=False)
                | (~Q(outcome="transferred") & Q(transfer_succeeded__isnull=True)),
                name="contact_transfer_has_result",
            ),
            models.CheckConstraint(
                condition=Q(outcome="", ended_at__isnull=True) | (~Q(outcome="") & Q(ended_at__isnull=False)),
                name="contact_closed_has_outcome",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} {self.created_at:%Y-%m-%d %H:%M}"

    @property
    def is_open(self) -> bool:
        return self.ended_at is None


class ContactQuestion(models.Model):
    """One question the caller asked during a contact (a contact has several)."""

    contact = models.ForeignKey(ContactMoment, on_delete=models.CASCADE, related_name="questions")
    text = models.CharField(_("question"), max_length=300)
    domain = models.ForeignKey(
        LifeDomain, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("life domain")
    )
    created_at = models.DateTimeField(_("asked on"), auto_now_add=True)

    class Meta:
        verbose_name = _("question during a contact")
        verbose_name_plural = _("questions during a contact")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.text


class Callback(models.Model):
    """A callback the caller asked for: to a team (an organisation) or a person, before a due time.

    Open while ``done_at`` is empty. An agent who does not reach the caller notes the attempt and either
    sets a new time (it stays open) or stops trying; either way it ends with who did it and the result."""

    class Result(models.TextChoices):
        REACHED = "reached", _("Caller reached")
        NOT_REACHED = "not_reached", _("Not reached, stopped trying")

    contact = models.OneToOneField(ContactMoment, on_delete=models.CASCADE, related_name="callback")
    organization = models.ForeignKey(
        "accounts.Organization", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="callbacks"
    )
    due_at = models.DateTimeField(_("call back before"))
    note = models.CharField(_("note"), max_length=1000, blank=True)
    done_at = models.DateTimeField(_("done"), null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    result = models.CharField(_("result"), max_length=20, choices=Result, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts without reaching the caller"), default=0)

    class Meta:
        verbose_name = _("callback")
        verbose_name_plural = _("callbacks")
        ordering = ["due_at"]
        # The open callbacks, soonest first: the queue on the console's start page.
        indexes = [models.Index(fields=["due_at"], condition=Q(done_at__isnull=True), name="callback_open_due")]
        constraints = [
            models.CheckConstraint(
                condition=Q(organization__isnull=False, assignee__isnull=True)
                | Q(organization__isnull=True, assignee__isnull=False),
                name="callback_one_assignee",
            )
        ]

    def __str__(self) -> str:
        return f"{self.contact_id} → {self.organization or self.assignee} ({self.due_at:%Y-%m-%d %H:%M})"

    @property
    def is_overdue(self) -> bool:
        return self.done_at is None and self.due_at < timezone.now()


class StatusCheck(models.Model):
    """One identity check before a status look-up on the phone (three failures lock the code for 15 minutes)."""

    class Result(models.TextChoices):
        PASSED = "passed", _("Identity confirmed")
        FAILED = "failed", _("Identity not confirmed")
        LOCKED = "locked", _("Refused: locked")

    reference = models.CharField(max_length=20)
    agent = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)
    result = models.CharField(max_length=10, choices=Result)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["reference", "-at"], name="statuscheck_reference")]

    def __str__(self) -> str:
        return f"{self.reference} {self.result} {self.at:%Y-%m-%d %H:%M}"
