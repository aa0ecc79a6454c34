"""Every write on a person's own record: found or created for an account, registered without one, and how
they hear from us. A refused change raises ``ActionRefused`` and changes nothing.

Merging two records of one person moves their requests, consents and contact moments too, so it is a service
of the app that holds those (``requests_app.services.person_merge``)."""

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.contact_details import PHONE_EXAMPLE, phone_is_mobile, phone_normalise
from accounts.models import User
from people.errors import ActionRefused
from people.models import NotifyChannel, Person, PersonMerge


@transaction.atomic
def person_for_user(*, user: User, language: str = "nl") -> Person:
    """The help seeker behind an account: found, or created from the account's details."""
    person = Person.objects.filter(user=user).first()
    if person is None:
        person = Person(
            user=user,
            full_name=user.full_name or user.email,
            email=user.email,
            phone=user.phone,
            preferred_language=getattr(user, "preferred_language", "") or language,
        )
        person.full_clean()
        person.save()
    return person


@transaction.atomic
def person_create(
    *,
    full_name: str,
    phone: str = "",
    email: str = "",
    language: str = "nl",
    date_of_birth: date | None = None,
    postcode: str = "",
    street: str = "",
    house_number: str = "",
    box: str = "",
    municipality: str = "",
    notify_channel: str = NotifyChannel.EMAIL,
) -> Person:
    """A help seeker without an account, reachable by phone or e-mail (the phone number is stored normalised;
    an invalid one is refused)."""
    person = Person(
        full_name=full_name,
        phone=_phone(phone),
        email=email,
        preferred_language=language,
        date_of_birth=date_of_birth,
        postcode=postcode,
        street=street,
        house_number=house_number,
        box=box,
        municipality=municipality,
        notify_channel=notify_channel,
    )
    person.full_clean()
    person.save()
    return person


def _phone(value: str) -> str:
    try:
        return phone_normalise(value)
    except ValueError:
        raise ValidationError({"phone": PHONE_EXAMPLE}) from None


@transaction.atomic
def person_update_reachability(
    *,
    person: Person,
    notify_channel: str,
    street: str = "",
    house_number: str = "",
    box: str = "",
    postcode: str = "",
    municipality: str = "",
    phone: str | None = None,
    language: str | None = None,
) -> Person:
    """How the person hears about their requests (e-mail, SMS, letter or not), in which language (None: as it
    was), and their postal address; by the
    person themself (/mijn/), a KCC agent or a coordinator. An SMS needs a mobile number, a letter a complete
    address: refused otherwise (``ActionRefused``, nothing changed)."""
    person = Person.objects.select_for_update().get(pk=person.pk)
    if phone is not None:
        person.phone = _phone(phone)
    person.notify_channel = notify_channel
    if language:
        person.preferred_language = language
    person.street, person.house_number, person.box = street.strip(), house_number.strip(), box.strip()
    person.municipality = municipality.strip()
    if postcode.strip() or street.strip():
        person.postcode = postcode.strip()
    if notify_channel == NotifyChannel.SMS and not phone_is_mobile(person.phone):
        raise ActionRefused(_("A text message needs a mobile number, for example 0470 12 34 56."))
    if notify_channel == NotifyChannel.LETTER and not person.has_postal_address:
        raise ActionRefused(_("A letter needs a complete address: street, number, postcode and municipality."))
    if notify_channel == NotifyChannel.EMAIL and not (person.email or (person.user is not None and person.user.email)):
        raise ActionRefused(_("E-mail needs an e-mail address. Choose another way."))
    person.full_clean()
    person.save()
    return person


# -- one person, one record: the record part of merging two (requests_app.services.person_merge checks the
# -- requests first and writes their timeline) ---------------------------------------------------------------
def person_relations() -> list[tuple[Any, str]]:
    """Every (model, field) that points at a person, whatever app holds it (requests, consents, contact
    moments, outbox messages, erasure requests …), found through the model relations: a merge moves them all.
    A model that keeps its rows under the old number says so with ``person_merge_keeps_rows = True`` (the
    append-only access log, read through ``PersonMerge``; the merge rows themselves)."""
    return [
        (field.related_model, field.field.name)  # type: ignore[union-attr]  # a reverse relation has .field
        for field in Person._meta.get_fields(include_hidden=True)
        if field.is_relation
        and field.auto_created
        and not field.concrete
        and field.related_model is not None
        and field.related_model is not Person
        and not getattr(field.related_model, "person_merge_keeps_rows", False)
    ]


def person_absorb(*, keep: Person, merge: Person, actor: User) -> Person:
    """``merge`` (locked, like ``keep``) becomes part of ``keep``: every row pointing at it moves, the contact
    details ``keep`` lacks are taken over (the postal address as a whole), its account too when ``keep`` has
    none, the merge is recorded (``PersonMerge``) and ``merge`` is deleted. Call inside a transaction."""
    for model, name in person_relations():
        model._default_manager.filter(**{name: merge.pk}).update(**{name: keep.pk})
    fields = []
    for field in ("phone", "email", "date_of_birth"):
        if not getattr(keep, field) and getattr(merge, field):
            setattr(keep, field, getattr(merge, field))
            fields.append(field)
    # The postal address moves as a whole (never a street of one with the number of the other).
    address: tuple[str, ...] = ("street", "house_number", "box", "postcode", "municipality")
    taken: tuple[str, ...]
    if not keep.street and merge.street:
        taken = address
    else:
        taken = ("postcode",) if not keep.postcode and merge.postcode else ()
    for field in taken:
        setattr(keep, field, getattr(merge, field))
        fields.append(field)
    user = merge.user
    PersonMerge.objects.create(kept=keep, merged_id=merge.pk, actor=actor)
    PersonMerge.objects.filter(kept_id=merge.pk).update(kept=keep)
    Person.objects.filter(pk=merge.pk).delete()
    if user is not None and keep.user_id is None:
        keep.user = user
        fields.append("user")
    if fields:
        keep.save(update_fields=[*fields, "updated_at"])
    return keep
