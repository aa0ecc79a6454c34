"""One person, one record: finding a person who is already known, and the likely duplicates.

The phone rules live here, at the bottom (the KCC search in ``helpdesk.selectors`` uses them too), so
every door that registers a person compares phone numbers the same way and hits the same index
(``person_phone_digits`` on PostgreSQL, made by ``helpdesk/migrations/0002_person_search.py``)."""

from datetime import date

from django.db import connection
from django.db.models import Count, F, Func, Q, QuerySet, Value
from django.db.models.functions import Lower, Replace

from accounts.contact_details import phone_digits
from people.models import Person, PersonMerge

__all__ = [
    "known_people",
    "likely_duplicates",
    "people_merge_queryset",
    "person_ids_with_merged",
    "person_to_link",
    "phone_expression",
]


def phone_expression() -> Func:
    """Person.phone as digits only; on PostgreSQL the expression of the index ``person_phone_digits``."""
    if connection.vendor == "postgresql":
        return Func(F("phone"), Value("[^0-9]"), Value(""), Value("g"), function="regexp_replace")
    expression: Func = Replace(F("phone"), Value(" "), Value(""))
    for character in (".", "/", "-", "+"):
        expression = Replace(expression, Value(character), Value(""))
    return expression


def known_people(
    *, full_name: str, phone: str = "", email: str = "", date_of_birth: date | None = None, limit: int = 5
) -> list[Person]:
    """People who may be this one: the same phone number (as digits) or e-mail address, or the same name and
    date of birth. Anonymised people are never found."""
    match = Q()
    digits = phone_digits(phone) if phone else ""
    if len(digits) >= 6:
        match |= Q(phone_digits=digits)
    if email.strip():
        match |= Q(email__iexact=email.strip())
    if full_name.strip() and date_of_birth:
        match |= Q(full_name__iexact=" ".join(full_name.split()), date_of_birth=date_of_birth)
    if not match:
        return []
    people = Person.objects.filter(anonymised_at__isnull=True)
    if len(digits) >= 6:
        people = people.annotate(phone_digits=phone_expression())
    return list(people.filter(match).order_by("pk")[:limit])


def _same_name(a: str, b: str) -> bool:
    return " ".join(a.casefold().split()) == " ".join(b.casefold().split())


def person_to_link(
    *, full_name: str, phone: str = "", email: str = "", date_of_birth: date | None = None
) -> Person | None:
    """The one known person a signed-out form may link to without asking anybody: the same phone or e-mail
    *and* the same name (or date of birth). Two candidates, or a contact detail with another name: None — a
    new record, for a coordinator to merge after looking (a shared family phone is not the same person)."""
    strong = [
        person
        for person in known_people(full_name=full_name, phone=phone, email=email, date_of_birth=date_of_birth)
        if person.user_id is None
        and (_same_name(person.full_name, full_name) or (date_of_birth and person.date_of_birth == date_of_birth))
    ]
    return strong[0] if len(strong) == 1 else None


def likely_duplicates(*, limit: int = 200) -> list[tuple[str, str, list[int]]]:
    """Groups of people who are probably one: (how, value, person ids), for the coordinators to review.
    Reads only; merges nothing."""
    people = Person.objects.filter(anonymised_at__isnull=True)
    groups: list[tuple[str, str, list[int]]] = []
    by_phone = (
        people.exclude(phone="")
        .annotate(digits=phone_expression())
        .values("digits")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
        .order_by("digits")[:limit]
    )
    for row in by_phone:
        ids = list(people.annotate(digits=phone_expression()).filter(digits=row["digits"]).values_list("pk", flat=True))
        groups.append(("phone", row["digits"], ids))
    by_email = (
        people.exclude(email="")
        .annotate(lower_email=Lower("email"))
        .values("lower_email")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
        .order_by("lower_email")[:limit]
    )
    for email_row in by_email:
        ids = list(people.filter(email__iexact=email_row["lower_email"]).values_list("pk", flat=True))
        groups.append(("email", email_row["lower_email"], ids))
    by_name = (
        people.exclude(date_of_birth=None)
        .annotate(lower_name=Lower("full_name"))
        .values("lower_name", "date_of_birth")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
        .order_by("lower_name")[:limit]
    )
    for name_row in by_name:
        ids = list(
            people.filter(
                full_name__iexact=name_row["lower_name"], date_of_birth=name_row["date_of_birth"]
            ).values_list("pk", flat=True)
        )
        groups.append(("name_and_date_of_birth", f"{name_row['lower_name']} {name_row['date_of_birth']}", ids))
    return groups


def people_merge_queryset() -> QuerySet[Person]:
    return Person.objects.filter(anonymised_at__isnull=True)


def person_ids_with_merged(person_ids: list[int]) -> list[int]:
    """These people and every record ever merged into them (a merge of a merge too): whose access-log rows
    are theirs."""
    ids = set(person_ids)
    frontier = set(person_ids)
    while frontier:
        frontier = set(PersonMerge.objects.filter(kept_id__in=frontier).values_list("merged_id", flat=True)) - ids
        ids |= frontier
    return sorted(ids)
