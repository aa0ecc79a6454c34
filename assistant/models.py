"""The assistant's catalogue editions, their change log, derived product rows and anonymous statistics.

An ``Edition`` keeps the whole catalogue document (``leuvenhelpt-catalogue/1``) as JSON:
the document is the source of truth, so ``export`` gives back exactly what was
imported. ``CatalogueProduct`` rows are derived from it on every change, for the
product pages and search. Statistics are counts per edition, day and event; they
are never tied to a person or to the answers a person gave.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from assistant.fields import OrderedJSONField


class Edition(models.Model):
    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")
        ARCHIVED = "archived", _("Archived")

    label = models.CharField(_("edition"), max_length=60, unique=True)
    state = models.CharField(_("state"), max_length=10, choices=State, default=State.DRAFT)
    document = OrderedJSONField(_("catalogue document"))
    # Bumped on every change: the compiled catalogue is cached per (id, revision).
    revision = models.PositiveIntegerField(default=1)
    based_on = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="drafts", verbose_name=_("based on")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Four-eyes review: a second editor approved the draft as it was at this revision (a later change voids it).
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)
    approved_revision = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        verbose_name = _("catalogue edition")
        verbose_name_plural = _("catalogue editions")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["state"], condition=Q(state="published"), name="assistant_one_published_edition"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.label} ({self.get_state_display()})"

    @property
    def is_draft(self) -> bool:
        return self.state == self.State.DRAFT

    @property
    def is_published(self) -> bool:
        return self.state == self.State.PUBLISHED

    @property
    def is_archived(self) -> bool:
        return self.state == self.State.ARCHIVED

    @property
    def is_approved(self) -> bool:
        """A second editor approved this draft as it is now."""
        return self.approved_by_id is not None and self.approved_revision == self.revision


class EditionChange(models.Model):
    """Who changed what in an edition, and when. Append-only."""

    class Action(models.TextChoices):
        IMPORTED = "imported", _("Imported")
        COPIED = "copied", _("Draft made from the published edition")
        QUESTION_CHANGED = "question_changed", _("Question changed")
        QUESTION_ADDED = "question_added", _("Question added")
        PRODUCT_CHANGED = "product_changed", _("Product changed")
        PRODUCT_ADDED = "product_added", _("Product added")
        CASE_CHANGED = "case_changed", _("Case changed")
        CASE_ADDED = "case_added", _("Case added")
        REMOVED = "removed", _("Removed")
        RENAMED = "renamed", _("Edition renamed")
        APPROVED = "approved", _("Approved by a second editor")
        PUBLISHED = "published", _("Published")
        ARCHIVED = "archived", _("Archived")

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="changes")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True)
    at = models.DateTimeField(auto_now_add=True, db_index=True)
    action = models.CharField(max_length=20, choices=Action)
    target = models.CharField(max_length=100, blank=True, help_text="key of the question, product or case")
    before = OrderedJSONField(null=True, blank=True)
    after = OrderedJSONField(null=True, blank=True)

    class Meta:
        verbose_name = _("edition change")
        verbose_name_plural = _("edition changes")
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.edition.label}: {self.get_action_display()} {self.target}".strip()


class CatalogueProduct(models.Model):
    """One product of an edition, derived from its document, for product pages and search."""

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="product_rows")
    key = models.CharField(max_length=100)
    position = models.PositiveIntegerField()
    kind = models.CharField(max_length=12)
    theme = models.CharField(max_length=40)
    audiences = models.JSONField(default=list)
    for_citizens = models.BooleanField(default=False)
    for_businesses = models.BooleanField(default=False)
    for_associations = models.BooleanField(default=False)
    help_route = models.CharField(max_length=12, default="none")
    name_nl = models.CharField(max_length=200)
    name_en = models.CharField(max_length=200)
    summary_nl = models.TextField()
    summary_en = models.TextField()
    # Name and summary in the other languages: {"name": {"fr": ...}, "summary": {"fr": ...}} (none: Dutch).
    translations = models.JSONField(default=dict, blank=True)
    # Dutch name, summary, next step and service in one field: what search looks at.
    search_text = models.TextField()

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["edition", "key"], name="assistant_product_unique_key"),
        ]
        indexes = [models.Index(fields=["edition", "theme"], name="assistant_product_theme")]

    def __str__(self) -> str:
        return self.name_nl

    def name(self, language: str) -> str:
        if language == "en":
            return self.name_en
        return self.translations.get("name", {}).get(language) or self.name_nl

    def summary(self, language: str) -> str:
        if language == "en":
            return self.summary_en
        return self.translations.get("summary", {}).get(language) or self.summary_nl

    def shown_in(self, field: str, language: str) -> str:
        """The language the ``name`` or ``summary`` is shown in for a reader of ``language`` (Dutch where it
        lacks that language)."""
        if language in ("nl", "en") or self.translations.get(field, {}).get(language):
            return language
        return "nl"


class UsageCount(models.Model):
    """Anonymous, aggregated assistant use: a count per edition, day, event and key."""

    class Event(models.TextChoices):
        SESSION_STARTED = "session_started", _("Sessions started")
        SESSION_FINISHED = "session_finished", _("Sessions finished")
        QUESTION_SHOWN = "question_shown", _("Question shown")
        QUESTION_ANSWERED = "question_answered", _("Question answered")
        PRODUCT_APPLIED = "product_applied", _("Product shown as applying")
        NO_PRODUCT = "no_product", _("No product applied")
        HELP_CLICKED = "help_clicked", _("Asked Leuven Helpt for help")
        RESULTS_MAILED = "results_mailed", _("Results e-mailed")

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="usage")
    day = models.DateField()
    event = models.CharField(max_length=20, choices=Event)
    key = models.CharField(max_length=100, blank=True, default="")
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["edition", "day", "event", "key"], name="assistant_usage_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.edition_id} {self.day} {self.event} {self.key}: {self.count}"


class AnswerSet(models.Model):
    """The answers of finished assistant sessions, counted per edition and week, without any person.

    No session, account, time of day or address is kept: only the answers to the catalogue's questions,
    the Monday of the week, and how many sessions gave exactly these answers. Editors use them to see
    how many people a rule would reach ("who gets this?"); rows older than ``ANSWER_SET_DAYS`` are deleted.
    """

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="answer_sets")
    week = models.DateField()
    digest = models.CharField(max_length=64)
    answers = OrderedJSONField()
    count = models.PositiveIntegerField(default=1)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["edition", "week", "digest"], name="assistant_answer_set_unique"),
        ]
        indexes = [models.Index(fields=["week"], name="assistant_answer_set_week")]

    def __str__(self) -> str:
        return f"{self.edition_id} {self.week}: {self.count}"
