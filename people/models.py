"""The people the city helps, at the bottom of the domain: ``Person`` (a help seeker, with or without an
account), how they hear from us (``NotifyChannel``), the doors a request comes in by (``Channel``) and the record
of two records merged into one (``PersonMerge``). Every app above may point at a person; this app imports none of
them."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from accounts.contact_details import validate_date_of_birth
from accounts.models import User


class NotifyChannel(models.TextChoices):
    EMAIL = "email", _("By e-mail")
    SMS = "sms", _("By text message (SMS)")
    LETTER = "letter", _("By letter")
    NONE = "none", _("Not: I call myself")


class Person(models.Model):
    """A help seeker as the city knows them; with or without an account."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="person"
    )
    full_name = models.CharField(_("full name"), max_length=150)
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True, validators=[validate_date_of_birth])
    phone = models.CharField(_("phone number"), max_length=32, blank=True)
    email = models.EmailField(_("e-mail address"), blank=True)
    # The postal address, asked when the person chooses a home visit or letters (structured, as bpost reads it).
    street = models.CharField(_("street"), max_length=200, blank=True)
    house_number = models.CharField(_("house number"), max_length=10, blank=True)
    box = models.CharField(_("box"), max_length=10, blank=True)
    postcode = models.CharField(_("postcode"), max_length=4, blank=True, db_index=True)
    municipality = models.CharField(_("municipality"), max_length=100, blank=True)
    preferred_language = models.CharField(
        _("language"), max_length=2, choices=User.Language, default=User.Language.DUTCH
    )
    # How the person hears about their request: e-mail, SMS, a letter, or only when they call themselves.
    notify_channel = models.CharField(
        _("news about the request by"), max_length=10, choices=NotifyChannel, default=NotifyChannel.EMAIL
    )
    created_at = models.DateTimeField(_("known since"), auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Set when the person's data was erased (dataprotection.retention): nothing identifies them any more.
    anonymised_at = models.DateTimeField(_("anonymised"), null=True, blank=True)

    class Meta:
        # The table keeps the name it had in requests_app: the model moved (people/migrations/0001), the data
        # did not.
        db_table = "requests_app_person"
        verbose_name = _("person")
        verbose_name_plural = _("people")
        constraints = [
            models.CheckConstraint(
                condition=~Q(phone="") | ~Q(email="") | Q(user__isnull=False) | Q(anonymised_at__isnull=False),
                name="person_reachable",
            ),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def street_line(self) -> str:
        """ "Diestsesteenweg 112 bus 3" (empty without a street)."""
        if not self.street:
            return ""
        line = f"{self.street} {self.house_number}".strip()
        return f"{line} {_('box')} {self.box}" if self.box else line

    @property
    def address_lines(self) -> list[str]:
        """The postal address as it goes on an envelope: street line, then postcode and municipality."""
        place = f"{self.postcode} {self.municipality}".strip()
        return [line for line in (self.street_line, place) if line]

    @property
    def address(self) -> str:
        """The postal address on one line ("Diestsesteenweg 112, 3010 Kessel-Lo")."""
        return ", ".join(self.address_lines)

    @property
    def has_postal_address(self) -> bool:
        """Complete enough for a letter or a visit: street, number, postcode and municipality."""
        return all((self.street, self.house_number, self.postcode, self.municipality))


class Channel(models.TextChoices):
    WEB = "web", _("Website")
    ASSISTANT = "assistant", _("Digital assistant")
    PHONE = "phone", _("Phone")
    COUNTER = "counter", _("Counter")
    EMAIL = "email", _("E-mail")
    LETTER = "letter", _("Letter")
    OUTREACH = "outreach", _("Outreach worker")
    PARTNER = "partner", _("Partner organisation")


class PersonMerge(models.Model):
    """Two records of one person were merged: ``merged_id`` (deleted) went into ``kept``. The access log is
    append-only, so its rows keep the old number; "who looked at my data" reads the kept person's rows and
    those of every record merged into it (``people.selectors.person_ids_with_merged``)."""

    person_merge_keeps_rows = True  # a merge row already points at the kept person

    kept = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="merges")
    merged_id = models.BigIntegerField(_("number of the merged record"), unique=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    at = models.DateTimeField(_("merged on"), auto_now_add=True)

    class Meta:
        db_table = "requests_app_personmerge"
        verbose_name = _("merge of two records")
        verbose_name_plural = _("merges of two records")

    def __str__(self) -> str:
        return f"{self.merged_id} → {self.kept_id}"


class LikelyDuplicate(models.Model):
    """Two records that are probably one person, found in the existing data (migration 0003) for a coordinator to
    review on the merge page. Nothing is merged by itself: merging the pair (the merged record goes, and the pair with
    it) or erasing either person removes it."""

    class How(models.TextChoices):
        PHONE = "phone", _("the same phone number")
        EMAIL = "email", _("the same e-mail address")
        NAME_BIRTH = "name_birth", _("the same name and date of birth")

    # A merge does not move a listed pair: the merged record goes, and its pairs with it (cascade).
    person_merge_keeps_rows = True

    first = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    second = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    how = models.CharField(_("why they look alike"), max_length=12, choices=How)
    found_at = models.DateTimeField(_("found on"), auto_now_add=True)

    class Meta:
        verbose_name = _("likely duplicate")
        verbose_name_plural = _("likely duplicates")
        ordering = ["first", "second"]
        constraints = [
            models.UniqueConstraint(fields=["first", "second", "how"], name="likely_duplicate_once"),
            models.CheckConstraint(condition=Q(first__lt=F("second")), name="likely_duplicate_ordered"),
        ]

    def __str__(self) -> str:
        return f"{self.first_id} ~ {self.second_id} ({self.how})"
