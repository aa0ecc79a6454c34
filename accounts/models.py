from django.conf import settings
from django.contrib.auth.models import AbstractUser, Group
from django.contrib.auth.models import UserManager as DjangoUserManager
from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.roles import STAFF_ROLES, Role


class UserManager(DjangoUserManager):
    """Users log in with their e-mail address; there is no username."""

    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)


class User(AbstractUser):
    """A person who logs in: a citizen, a volunteer or a member of staff."""

    class Language(models.TextChoices):
        """Every language the site can offer, under its own name (settings.LANGUAGE_NAMES; which of them are
        offered is configuration: settings.LANGUAGES_OFFERED). Forms offer only the offered ones."""

        DUTCH = "nl", "Nederlands"
        ENGLISH = "en", "English"
        FRENCH = "fr", "Français"
        ARABIC = "ar", "العربية"
        TURKISH = "tr", "Türkçe"
        UKRAINIAN = "uk", "Українська"

    username = None
    first_name = None
    last_name = None
    email = models.EmailField(_("e-mail address"), unique=True)
    full_name = models.CharField(_("full name"), max_length=150)
    preferred_language = models.CharField(
        _("preferred language"), max_length=2, choices=Language, default=Language.DUTCH
    )
    phone = models.CharField(_("phone number"), max_length=32, blank=True)
    # The account an organisation's API client acts as (``partner_api``): it holds the client's role and
    # membership, so the API passes the same permission checks and services as the portal. It never signs in
    # (no usable password) and never receives mail.
    system_account = models.BooleanField(_("system account of an API client"), default=False, editable=False)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["full_name", "email"]

    def __str__(self) -> str:
        return self.full_name or self.email

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email

    @property
    def role_names(self) -> frozenset[str]:
        """The user's roles, cached on the instance (one query per request at most)."""
        if not hasattr(self, "_role_names"):
            self._role_names = frozenset(self.groups.filter(name__in=Role.values).values_list("name", flat=True))
        return self._role_names

    def has_role(self, *roles: str) -> bool:
        return bool(self.role_names.intersection(roles))

    @property
    def is_staff_member(self) -> bool:
        """Staff sign in with a second factor and have the longer idle timeout (``accounts.roles.STAFF_ROLES``)."""
        return self.is_staff or self.is_superuser or bool(self.role_names & STAFF_ROLES)


class Organization(models.Model):
    """A city service or a partner organisation that helps people."""

    class Kind(models.TextChoices):
        CITY_SERVICE = "city_service", _("City service")
        OCMW = "ocmw", _("OCMW")
        CAW = "caw", _("CAW")
        MUTUALITEIT = "mutualiteit", _("Health insurance fund (mutualiteit)")
        ELZ_PARTNER = "elz_partner", _("Eerstelijnszone partner")
        BUURTWERK = "buurtwerk", _("Neighbourhood work (buurtwerk)")
        OTHER = "other", _("Other")

    name = models.CharField(_("name"), max_length=200, unique=True)
    slug = models.SlugField(_("short name"), max_length=60, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind)
    email = models.EmailField(_("e-mail address"), blank=True)
    phone = models.CharField(_("phone number"), max_length=32, blank=True)
    address = models.CharField(_("address"), max_length=250, blank=True)
    website = models.URLField(_("website"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    # The group that holds this organisation's object permissions (django-guardian):
    # a referral to the organisation grants its caseworkers access through it.
    group = models.OneToOneField(Group, on_delete=models.PROTECT, related_name="organization", editable=False)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, through="Membership", related_name="organizations", verbose_name=_("members")
    )

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    """A user works for an organisation, in a role there."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("user")
    )
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("organisation")
    )
    role = models.CharField(_("role"), max_length=20, choices=Role, default=Role.CASEWORKER)
    job_title = models.CharField(_("job title"), max_length=120, blank=True)
    since = models.DateField(_("since"), auto_now_add=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["user", "organization"], name="membership_unique_user_organization"),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.organization}"


class UserSession(models.Model):
    """One signed-in session of a user, so they can see where they are signed in and end it.

    The Django session holds the data; this row holds what the user sees: the device (user agent),
    the network (IP address with its last part dropped), when it started and when it was last used.
    Ending the session deletes both (``accounts.services.user_session_end``).
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="user_sessions", verbose_name=_("user")
    )
    session_key = models.CharField(_("session key"), max_length=40, unique=True)
    user_agent = models.CharField(_("device"), max_length=300, blank=True)
    ip_prefix = models.CharField(_("network"), max_length=45, blank=True)
    started_at = models.DateTimeField(_("started"))
    last_seen_at = models.DateTimeField(_("last seen"))

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ["-last_seen_at"]
        indexes = [models.Index(fields=["user", "-last_seen_at"], name="usersession_user_seen")]

    def __str__(self) -> str:
        return f"{self.user_id} – {self.started_at:%Y-%m-%d %H:%M}"
