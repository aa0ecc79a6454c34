"""API clients of partner organisations and their tokens.

An ``ApiClient`` is one system of one organisation (its case-management software). It acts through its own
system account (``accounts.User.system_account``): a caseworker member of the organisation that never signs in,
so every read and write through the API passes the same permission checks and services as the portal, and the
timeline and the access log name the client.

An ``ApiToken`` is shown once when it is made; only the SHA-256 digest of its secret is stored (the secret is
256 random bits, so a plain digest cannot be guessed back). It has scopes, an expiry, a last-used time and can
be revoked.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Scope(models.TextChoices):
    READ = "referrals:read", _("Read the organisation's referrals")
    WRITE = "referrals:write", _("Answer referrals and record the support")


class ApiClient(models.Model):
    organization = models.ForeignKey(
        "accounts.Organization", on_delete=models.PROTECT, related_name="api_clients", verbose_name=_("organisation")
    )
    name = models.CharField(_("name"), max_length=100, help_text=_("Which system, e.g. “Case management CAW”."))
    account = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="api_client", editable=False
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("API client")
        verbose_name_plural = _("API clients")
        ordering = ["organization__name", "name"]
        constraints = [models.UniqueConstraint(fields=["organization", "name"], name="apiclient_unique_name")]

    def __str__(self) -> str:
        return f"{self.organization} – {self.name}"


class ApiToken(models.Model):
    client = models.ForeignKey(ApiClient, on_delete=models.CASCADE, related_name="tokens", verbose_name=_("client"))
    # The public part of the token (``lh_<prefix>_<secret>``): finds the row; the digest proves the secret.
    prefix = models.CharField(_("token starts with"), max_length=12, unique=True, editable=False)
    digest = models.CharField(max_length=64, editable=False)
    scopes = models.JSONField(_("scopes"), default=list)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", editable=False
    )
    expires_at = models.DateTimeField(_("expires at"))
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True, editable=False)
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(condition=Q(expires_at__gt=models.F("created_at")), name="apitoken_expires_later")
        ]

    def __str__(self) -> str:
        return f"lh_{self.prefix}_… ({self.client})"

    @property
    def is_usable(self) -> bool:
        return self.revoked_at is None and self.expires_at > timezone.now()


class WebhookEvent(models.TextChoices):
    REFERRAL_CREATED = "referral.created", _("A new referral to the organisation")
    REFERRAL_WITHDRAWN = "referral.withdrawn", _("A referral was withdrawn")
    CONSENT_WITHDRAWN = "consent.withdrawn", _("The help seeker withdrew their consent")


class WebhookEndpoint(models.Model):
    """Where an organisation's system hears of events (ids only; it reads the rest with its token).

    Each POST is signed with HMAC-SHA256 of ``<timestamp>.<body>`` under the endpoint's own secret; delivered
    through the outbox (channel ``webhook``) with its retries and back-off."""

    organization = models.ForeignKey(
        "accounts.Organization",
        on_delete=models.PROTECT,
        related_name="webhook_endpoints",
        verbose_name=_("organisation"),
    )
    url = models.URLField(_("address (HTTPS)"), max_length=500)
    # Needed in clear to sign each delivery; shown once to the administrator, never in a list.
    secret = models.CharField(max_length=64, editable=False)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("webhook endpoint")
        verbose_name_plural = _("webhook endpoints")
        ordering = ["organization__name", "url"]

    def __str__(self) -> str:
        return f"{self.organization}: {self.url}"


class WebhookDelivery(models.Model):
    """One attempt to deliver one event to one endpoint (the endpoint's delivery log)."""

    endpoint = models.ForeignKey(WebhookEndpoint, on_delete=models.CASCADE, related_name="deliveries")
    message_id = models.BigIntegerField(_("outbox message"))
    event_id = models.CharField(_("event id"), max_length=36)
    event_type = models.CharField(_("event"), max_length=30, choices=WebhookEvent)
    attempt = models.PositiveSmallIntegerField(_("attempt"))
    at = models.DateTimeField(_("when"), default=timezone.now)
    status_code = models.PositiveSmallIntegerField(_("HTTP status"), null=True, blank=True)
    duration_ms = models.PositiveIntegerField(_("duration (ms)"), default=0)
    error = models.CharField(_("error"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["endpoint", "-at"], name="webhookdelivery_endpoint")]

    def __str__(self) -> str:
        return f"{self.event_type} {self.event_id} #{self.attempt}: {self.status_code or self.error}"

    @property
    def ok(self) -> bool:
        return self.status_code is not None and 200 <= self.status_code < 300
