"""Help requests: the request and its state machine, its timeline, referrals and support tracks (the person
they are for lives in ``people``)."""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Case, F, IntegerField, Q, Value, When
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, FSMModelMixin, transition

from people.models import Channel, Person
from requests_app.workflow import (
    HELP_REQUEST,
    OPEN,
    REFERRAL,
    SUPPORT_TRACK,
    WAITING,
    Outcome,
    ReferralStatus,
    State,
    TrackState,
)


def _edges(action: str) -> dict:
    """The fsm ``source`` and ``target`` of a transition: the state-changing edges of ``action`` in the table."""
    sources = HELP_REQUEST.sources(action, moving=True)
    (target,) = {HELP_REQUEST.target(source, action) for source in sources}
    return {"source": sources, "target": target}


# Letters and digits that cannot be mistaken for each other on the phone (no 0/O, 1/I/L, 5/S, 2/Z, 8/B).
CODE_LETTERS = "ACDEFGHJKMNPQRTUVWXY"
CODE_DIGITS = "34679"


def new_reference() -> str:
    """A short code a caller can read out, e.g. ``LH-7K3Q-92``."""
    alphabet = CODE_LETTERS + CODE_DIGITS
    middle = "".join(secrets.choice(alphabet) for _ in range(4))
    end = "".join(secrets.choice(CODE_DIGITS) for _ in range(2))
    return f"LH-{middle}-{end}"


class Need(models.TextChoices):
    FINANCES = "finances", _("Money and debts")
    HOUSING = "housing", _("Housing")
    HEALTH = "health", _("Health and care")
    LONELINESS = "loneliness", _("Loneliness and company")
    ADMINISTRATION = "administration", _("Paperwork and digital help")
    MOBILITY = "mobility", _("Getting around")
    FOOD = "food", _("Food")
    SAFETY = "safety", _("Safety")
    FAMILY = "family", _("Family and children")
    WORK = "work", _("Work")
    OTHER = "other", _("Something else")


class Urgency(models.IntegerChoices):
    LOW = 1, _("Can wait")
    NORMAL = 2, _("Normal")
    HIGH = 3, _("Urgent")
    CRISIS = 4, _("Crisis: today")


class ContactWay(models.TextChoices):
    PHONE = "phone", _("By phone")
    EMAIL = "email", _("By e-mail")
    VISIT = "visit", _("A visit at home")
    LETTER = "letter", _("By letter")


class HelpRequest(FSMModelMixin, models.Model):
    """A question for help. Its state changes only through ``requests_app.services``."""

    reference = models.CharField(_("reference"), max_length=12, unique=True, default=new_reference, editable=False)
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="requests", verbose_name=_("person"))
    channel = models.CharField(_("channel"), max_length=12, choices=Channel)
    description = models.TextField(_("what do you need help with?"))
    urgency = models.PositiveSmallIntegerField(_("urgency"), choices=Urgency, default=Urgency.NORMAL)
    contact_way = models.CharField(_("how to contact"), max_length=10, choices=ContactWay, default=ContactWay.PHONE)
    contact_time = models.CharField(_("when to contact"), max_length=200, blank=True)
    product_key = models.CharField(_("assistant product"), max_length=100, blank=True)
    # Consent to be contacted, and (when someone else asks) how the help seeker's consent was obtained.
    contact_consent_at = models.DateTimeField(_("consent to be contacted"))
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    on_behalf_consent = models.CharField(_("how the help seeker agreed"), max_length=300, blank=True)
    state = FSMField(_("state"), max_length=30, choices=State, default=State.SUBMITTED, protected=True)
    workflow = HELP_REQUEST  # the table of allowed actions (templates: {{ item|can:"close" }})
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="assigned_requests"
    )
    created_at = models.DateTimeField(_("received"), auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    first_contact_at = models.DateTimeField(_("first contact"), null=True, blank=True)
    support_started_at = models.DateTimeField(_("support started"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    # The first-contact promise: before this time the help seeker hears from us (urgent: the same day).
    first_contact_due_at = models.DateTimeField(_("first contact due"), null=True, blank=True)
    # The coordinators were warned that the promise is about to be missed / told that it was missed (once each).
    first_contact_warned_at = models.DateTimeField(_("warned before the due time"), null=True, blank=True)
    first_contact_missed_at = models.DateTimeField(_("first contact missed"), null=True, blank=True)
    close_reason = models.TextField(_("reason for closing"), blank=True)
    # Set when its free text was erased (retention or an erasure request); the counts stay.
    anonymised_at = models.DateTimeField(_("anonymised"), null=True, blank=True)
    # A request opened to go on from an earlier one (referred on, or the help seeker said they were not
    # helped): the history stays with the earlier request, this one points at it.
    follows_up = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="follow_ons",
        verbose_name=_("continues request"),
    )
    # The help seeker said they were not (fully) helped: a coordinator must look again (the badge).
    attention_since = models.DateTimeField(_("needs a coordinator since"), null=True, blank=True)

    class Meta:
        verbose_name = _("help request")
        verbose_name_plural = _("help requests")
        ordering = ["-created_at"]
        indexes = [
            # The triage queue: open requests by urgency and waiting time.
            models.Index(fields=["state", "-urgency", "created_at"], name="request_queue"),
            models.Index(fields=["person", "-created_at"], name="request_person"),
            # The triage queue's first page: waiting requests, most urgent and then longest waiting first.
            models.Index(
                F("urgency").desc(),
                F("created_at"),
                F("id"),
                condition=Q(state__in=sorted(WAITING)),
                name="request_waiting_queue",
            ),
            # The daily follow-up job: supports running (by start) and requests closed (by end).
            models.Index(
                fields=["support_started_at"], condition=Q(state=State.SUPPORT_STARTED), name="request_support_running"
            ),
            models.Index(fields=["closed_at"], condition=Q(state=State.CLOSED), name="request_closed_recently"),
            # The queue sorted by the first-contact promise, and the beat job's look-up of promises falling due.
            models.Index(
                F("first_contact_due_at"),
                F("id"),
                condition=Q(state__in=sorted(WAITING), first_contact_at__isnull=True),
                name="request_contact_due",
            ),
            # The few requests the help seeker said did not help: on top of the triage queue.
            models.Index(
                fields=["attention_since"], condition=Q(attention_since__isnull=False), name="request_attention"
            ),
        ]
        constraints = [
            # Handled only with a started support track (its start time is set with the track, in one transaction).
            models.CheckConstraint(
                condition=~Q(state__in=[State.SUPPORT_STARTED, State.CLOSED]) | Q(support_started_at__isnull=False),
                name="request_handled_has_support_start",
            ),
            models.CheckConstraint(
                condition=Q(on_behalf_consent="") | Q(submitted_by__isnull=False),
                name="request_on_behalf_has_submitter",
            ),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def is_open(self) -> bool:
        return self.state in OPEN

    @property
    def is_urgent(self) -> bool:
        """The help seeker said it is a crisis: help today."""
        return self.urgency == Urgency.CRISIS

    @property
    def is_anonymised(self) -> bool:
        return self.anonymised_at is not None

    # -- transitions: called only by requests_app.services. Each is the action of the same name in the
    # workflow table (requests_app.workflow.HELP_REQUEST), which gives its sources and its target.
    @transition(field=state, **_edges("take_up"))
    def _take_up(self):
        pass

    @transition(field=state, **_edges("route_to_volunteers"))
    def _route_to_volunteers(self):
        pass

    @transition(field=state, **_edges("matching_failed"))
    def _matching_failed(self):
        pass

    @transition(field=state, **_edges("refer"))
    def _refer(self):
        pass

    @transition(field=state, **_edges("referrals_ended"))
    def _referrals_ended(self):
        pass

    @transition(field=state, **_edges("start_volunteer_support"))
    def _start_volunteer_support(self):
        pass

    @transition(field=state, **_edges("start_partner_support"))
    def _start_partner_support(self):
        pass

    @transition(field=state, **_edges("close"))
    def _close(self):
        pass

    @transition(field=state, **_edges("withdraw"))
    def _withdraw(self):
        pass

    @transition(field=state, **_edges("close_without_support"))
    def _close_without_support(self):
        pass


class RequestNeed(models.Model):
    """One need category of a request (a request has one or more)."""

    request = models.ForeignKey(HelpRequest, on_delete=models.CASCADE, related_name="needs")
    need = models.CharField(_("need"), max_length=20, choices=Need)

    class Meta:
        verbose_name = _("need of a request")
        verbose_name_plural = _("needs of the requests")
        constraints = [models.UniqueConstraint(fields=["request", "need"], name="request_need_unique")]
        indexes = [models.Index(fields=["need", "request"], name="request_need_lookup")]

    def __str__(self) -> str:
        return self.get_need_display()


class TimelineEvent(models.Model):
    """What happened to a request, append-only. ``public`` events are shown to the help seeker."""

    class Kind(models.TextChoices):
        TRANSITION = "transition", _("Status change")
        NOTE = "note", _("Note")
        CONTACT = "contact", _("Contact")
        ASSIGNMENT = "assignment", _("Assignment")
        REFERRAL = "referral", _("Referral")
        MATCH = "match", _("Volunteer match")
        TRACK = "track", _("Support track")  # first meeting and end, as the help seeker may read them
        PROGRESS = "progress", _("Progress note")  # internal: never shown to volunteers or the public
        FOLLOW_UP = "follow_up", _("Follow-up question")

    request = models.ForeignKey(HelpRequest, on_delete=models.CASCADE, related_name="timeline")
    at = models.DateTimeField(_("when"), auto_now_add=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True)
    kind = models.CharField(_("what"), max_length=12, choices=Kind)
    from_state = models.CharField(_("from"), max_length=30, choices=State, blank=True)
    to_state = models.CharField(_("to"), max_length=30, choices=State, blank=True)
    note = models.TextField(_("note"), blank=True)
    public = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("timeline event")
        verbose_name_plural = _("timeline")
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["request", "at"], name="timeline_request")]

    def __str__(self) -> str:
        return f"{self.request_id} {self.kind} {self.from_state}→{self.to_state}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("Timeline events are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("Timeline events are append-only.")


# Open referrals sort before answered ones (used by the partner list and its index).
WAITING_FIRST = Case(When(status="proposed", then=Value(0)), default=Value(1), output_field=IntegerField())


class Referral(models.Model):
    """A request sent to a partner organisation, which accepts (and starts support) or declines."""

    Status = ReferralStatus  # the states and their edges: requests_app.workflow.REFERRAL
    workflow = REFERRAL

    class DeclineReason(models.TextChoices):
        NO_CAPACITY = "no_capacity", _("No capacity at the moment")
        NOT_ELIGIBLE = "not_eligible", _("Not eligible for our help")
        OUTSIDE_AREA = "outside_area", _("Outside our area")
        OTHER = "other", _("Another reason")

    request = models.ForeignKey(HelpRequest, on_delete=models.CASCADE, related_name="referrals")
    organization = models.ForeignKey(
        "accounts.Organization", on_delete=models.PROTECT, related_name="referrals", verbose_name=_("organisation")
    )
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.PROPOSED)
    note = models.TextField(_("note for the partner"), blank=True)
    reason = models.CharField(_("reason"), max_length=20, choices=DeclineReason, blank=True)
    reason_note = models.TextField(_("explanation"), blank=True)
    created_at = models.DateTimeField(_("sent on"), auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    answered_at = models.DateTimeField(_("answered on"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Not answered within 3 working days: the coordinators were told (once).
    escalated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        ordering = ["created_at", "id"]
        indexes = [
            # A partner's queue: its open referrals, oldest first.
            models.Index(fields=["organization", "status", "created_at"], name="referral_partner_queue"),
            # A partner's list: open referrals first, then the oldest (the same expression as the query).
            models.Index(F("organization"), WAITING_FIRST, F("created_at"), F("id"), name="referral_partner_order"),
        ]
        constraints = [
            # One open or accepted referral per organisation and request.
            models.UniqueConstraint(
                fields=["request", "organization"],
                condition=Q(status__in=["proposed", "accepted"]),
                name="referral_one_open_per_partner",
            ),
            models.CheckConstraint(condition=~Q(status="declined") | ~Q(reason=""), name="referral_decline_has_reason"),
        ]

    def __str__(self) -> str:
        return f"{self.request} → {self.organization}"

    @property
    def address_shared(self) -> bool:
        """The partner reads the street and number once it accepted the referral (before: the postcode)."""
        return self.status == ReferralStatus.ACCEPTED


class SupportTrack(models.Model):
    """The support that started: who supports, since when. Exactly one per handled request."""

    workflow = SUPPORT_TRACK  # the table of allowed actions (templates: {{ track|can:"first_meeting" }})

    request = models.OneToOneField(HelpRequest, on_delete=models.CASCADE, related_name="support_track")
    referral = models.OneToOneField(
        Referral, on_delete=models.PROTECT, null=True, blank=True, related_name="support_track"
    )
    organization = models.ForeignKey(
        "accounts.Organization",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="support_tracks",
        verbose_name=_("organisation"),
    )
    # The volunteer route: filled when volunteer matches exist (volunteers app).
    volunteer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="support_tracks"
    )
    contact_person = models.CharField(_("contact person"), max_length=150)
    status = models.CharField(_("status"), max_length=10, choices=TrackState, default=TrackState.STARTED)
    started_on = models.DateField(_("started on"))
    first_meeting_on = models.DateField(_("first meeting on"), null=True, blank=True)
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    outcome_kind = models.CharField(_("outcome"), max_length=12, choices=Outcome, blank=True)
    outcome = models.TextField(_("explanation of the outcome"), blank=True)
    referred_on_to = models.ForeignKey(
        "accounts.Organization",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("referred on to"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("support track")
        verbose_name_plural = _("support tracks")
        constraints = [
            # Started through an accepted referral (a partner) or an accepted match (a volunteer), nothing else.
            models.CheckConstraint(
                condition=(Q(referral__isnull=False) & Q(organization__isnull=False) & Q(volunteer__isnull=True))
                | (Q(referral__isnull=True) & Q(organization__isnull=True) & Q(volunteer__isnull=False)),
                name="support_track_has_one_supporter",
            ),
            models.CheckConstraint(
                condition=~Q(status=TrackState.UNDER_WAY) | Q(first_meeting_on__isnull=False),
                name="support_track_under_way_has_meeting",
            ),
            models.CheckConstraint(
                condition=Q(status=TrackState.ENDED, ended_on__isnull=False)
                | (~Q(status=TrackState.ENDED) & Q(ended_on__isnull=True, outcome_kind="")),
                name="support_track_ended_has_date",
            ),
            # An outcome that says how the support went needs a meeting first.
            models.CheckConstraint(
                condition=Q(outcome_kind__in=["", Outcome.UNREACHABLE, Outcome.STOPPED])
                | Q(first_meeting_on__isnull=False),
                name="support_track_outcome_after_meeting",
            ),
            models.CheckConstraint(
                condition=Q(outcome_kind=Outcome.REFERRED_ON) | Q(referred_on_to__isnull=True),
                name="support_track_referred_on_names_partner",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.request}: {self.organization or self.volunteer}"


class Notification(models.Model):
    """One e-mail about one timeline event to one recipient, as recorded before the outbox existed.

    No longer written: every mail now goes through ``outbox.OutboxMessage`` (the history stays until these
    rows are moved or dropped in a later migration)."""

    event = models.ForeignKey(TimelineEvent, on_delete=models.CASCADE, related_name="notifications")
    recipient = models.EmailField(_("sent to"))
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("e-mail sent")
        verbose_name_plural = _("e-mails sent")
        constraints = [
            models.UniqueConstraint(fields=["event", "recipient"], name="notification_once_per_recipient"),
        ]

    def __str__(self) -> str:
        return f"{self.event_id} → {self.recipient}"


class FollowUpQuestion(models.Model):
    """ "Did you get the help you needed?" asked of the help seeker after the support started and after it ended.

    Answered once through a signed link (no sign-in); "no" or "partly" puts the request before a coordinator."""

    class Moment(models.TextChoices):
        AFTER_START = "after_start", _("After the support started")
        AFTER_END = "after_end", _("After the support ended")

    class Answer(models.TextChoices):
        YES = "yes", _("Yes")
        PARTLY = "partly", _("Partly")
        NO = "no", _("No")

    request = models.ForeignKey(HelpRequest, on_delete=models.CASCADE, related_name="follow_up_questions")
    moment = models.CharField(_("when asked"), max_length=12, choices=Moment)
    channel = models.CharField(_("channel"), max_length=12, blank=True)
    created_at = models.DateTimeField(_("asked on"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent on"), null=True, blank=True)
    answer = models.CharField(_("answer"), max_length=8, choices=Answer, blank=True)
    comment = models.TextField(_("comment"), blank=True)
    answered_at = models.DateTimeField(_("answered on"), null=True, blank=True)

    class Meta:
        verbose_name = _("follow-up question")
        verbose_name_plural = _("follow-up questions")
        ordering = ["created_at", "id"]
        constraints = [
            # Asked once per moment: the daily job can run twice.
            models.UniqueConstraint(fields=["request", "moment"], name="follow_up_once_per_moment"),
            models.CheckConstraint(
                condition=Q(answer="", answered_at__isnull=True) | (~Q(answer="") & Q(answered_at__isnull=False)),
                name="follow_up_answer_has_time",
            ),
        ]
        indexes = [
            models.Index(fields=["answered_at", "sent_at"], name="follow_up_unanswered"),
        ]

    def __str__(self) -> str:
        return f"{self.request_id} {self.moment}: {self.answer or '-'}"
