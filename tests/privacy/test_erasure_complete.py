"""Erasure and retention reach every holding of a person, whatever path leads to it — tested the strong way.

One person is seeded through every flow that stores personal data (the help form as a signed-in citizen, a
request with its timeline, referral, support track, notification and volunteer task, KCC contact moments
with and without a request, their questions, intake answers, signals and callbacks, consents, an erasure
request, access-log rows about them, a volunteer profile with availability, screening and a match), and
every other model of the register that reaches a person or a user gets a row, with a unique marker in every
free-text and identity field. After the erasure (or the retention job) every row of every table of the
database is read as text, and the marker must be gone from all of them except the fields listed in
``KEPT_BY_LAW`` (each with the rule that requires keeping it).

A model added later with a path to a person gets a row here automatically (``_make`` fills any model from
its fields), so a holding the erasure forgets fails this test.
"""

import datetime as dt

import pytest
from django.apps import apps
from django.db import IntegrityError, connection, models, transaction
from django.urls import reverse
from django.utils import timezone

from accounts.roles import Role
from dataprotection.retention import person_anonymise, retention_apply
from helpdesk.models import ContactMoment, ContactQuestion, LifeDomain, Signal
from leuvenhelpt.register import holdings
from people.models import Person
from requests_app.models import HelpRequest
from tests.factories import OrganizationFactory, UserFactory, make_request

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]

MARK = "zqxmark"  # lower case: compared case-insensitively
BIRTH = dt.date(1931, 2, 3)
PHONE = "0470 91 82 73"

# Fields that keep a marker after erasure because a legal duty requires it: "app_table.column" → the rule.
# Empty: nothing a person typed or that identifies them is kept. (The access log and consents are kept as
# records of accountability — GDPR art. 5(2) and 7(1) — but hold no name, contact detail or free text.)
KEPT_BY_LAW: dict[str, str] = {}

# Text the service writes itself (never typed by anyone, never identifying): filled with fixed text.
SYSTEM_TEXT = {
    "privacy.Consent.wording": "Ik geef toestemming.",  # the city's consent text, proof of what was agreed
    "privacy.Consent.wording_version": "v1",
    "privacy.AccessLog.reference": "LH-AAAA-11",  # the request's code (kept with the request's counts)
    "requests_app.HelpRequest.reference": "LH-AAAA-11",
    # Staff, not the person: who read (organisation), the partner's contact person for the support.
    "privacy.AccessLog.actor_organisation": "OCMW Leuven",
    "requests_app.SupportTrack.contact_person": "Mira (OCMW)",
    "outbox.OutboxMessage.language": "nl",  # a language code
}


def _dump_with_marker(*needles: str) -> list[str]:
    """Every row of every table of the database as text; the rows where a needle occurs ("table: row")."""
    found = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(include_views=False):
            quoted = connection.ops.quote_name(table)
            cursor.execute(f"SELECT t::text FROM {quoted} AS t")  # noqa: S608 — table names from the catalogue
            for (row,) in cursor.fetchall():
                if any(needle.lower() in row.lower() for needle in needles):
                    found.append(f"{table}: {row}")
    return found


def _allowed(found: list[str]) -> list[str]:
    return [row for row in found if not any(row.startswith(f"{key.split('.')[0]}: ") for key in KEPT_BY_LAW)]


def _marker_value(field: models.Field, label: str) -> object:
    if isinstance(field, models.EmailField):
        return f"{MARK}-{label}@example.org"[: field.max_length]
    if isinstance(field, models.JSONField):
        return {"answer": f"{MARK} {label}"}
    if field.name == "date_of_birth":
        return BIRTH
    if isinstance(field, models.CharField | models.TextField) and not field.choices:
        value = f"{MARK} {label}"
        return value[: field.max_length] if field.max_length else value
    return None


def _plain_value(field: models.Field) -> object:
    if field.has_default():
        return field.get_default()
    if field.null:
        return None
    if isinstance(field, models.CharField | models.TextField) and field.blank:
        return ""
    if field.choices:
        return field.choices[0][0]
    if field.null:
        return None
    if isinstance(field, models.DateTimeField):
        return timezone.now()
    if isinstance(field, models.DateField):
        return timezone.localdate()
    if isinstance(field, models.TimeField):
        return dt.time(10, 0)
    if isinstance(field, models.BooleanField):
        return False
    if isinstance(field, models.IntegerField | models.DecimalField | models.FloatField):
        return 1
    if isinstance(field, models.JSONField):
        return {}
    if isinstance(field, models.CharField | models.TextField):
        return "" if field.blank else "x"
    raise AssertionError(f"no value for {field.model.__name__}.{field.name}")


def _make(model: type[models.Model], related: dict, **given) -> models.Model:
    """A row of any model: personal text fields carry the marker, required links go to the seeded rows."""
    holding = next(h for h in holdings() if h.model_class is model)
    values = {}
    for field in model._meta.concrete_fields:
        if field.primary_key or field.name in given or getattr(field, "auto_now_add", False):
            continue
        key = f"{model._meta.label}.{field.name}"
        if field.is_relation:
            if not field.null or field.name == holding.path.split("__")[0]:
                values[field.name] = related[field.related_model]
            continue
        if field.name == holding.path:  # a plain id of the subject (no foreign key, e.g. the outbox's person_id)
            subject_model = Person if holding.subject == "person" else apps.get_model("accounts.User")
            values[field.name] = related[subject_model].pk
            continue
        if key in SYSTEM_TEXT:
            values[field.name] = SYSTEM_TEXT[key]
            continue
        marked = _marker_value(field, field.name) if field.name in holding.personal else None
        values[field.name] = marked if marked is not None else _plain_value(field)
    return model.objects.create(**{**values, **given})


@pytest.fixture
def reference(db):
    """The KCC screening list (a data migration loads it; made here when a test database lacks it)."""
    if not Signal.objects.exists():
        domain = LifeDomain.objects.create(key="money", name="Geld", need="finances")
        Signal.objects.create(domain=domain, label="Schulden")


def _extra(model, related) -> dict:
    """What a model's constraints ask beyond its required links."""
    if model._meta.label == "requests_app.SupportTrack":
        return {
            "organization": related[apps.get_model("accounts.Organization")],
            "referral": related[apps.get_model("requests_app.Referral")],
        }
    if model._meta.label == "volunteers.AvailabilitySlot":
        return {"start": dt.time(9, 0), "end": dt.time(11, 0)}
    if model._meta.label == "people.LikelyDuplicate":  # the other record of the pair, made after the person
        return {"second": Person.objects.create(full_name="Een Ander", phone="016 00 00 00")}
    if model._meta.label == "volunteers.VolunteerTask":
        return {"start": dt.time(9, 0), "end": dt.time(11, 0), "on": dt.date(2026, 12, 7)}
    if model._meta.label == "helpdesk.Callback":
        return {"organization": related[apps.get_model("accounts.Organization")]}
    return {}


def _seed_everything(client, *, with_account: bool) -> Person:
    """One person through every flow; returns the person."""
    staff = UserFactory(roles=[Role.COORDINATOR, Role.KCC_AGENT], full_name="Sam Staff")
    organisation = OrganizationFactory()
    user = None
    if with_account:
        user = UserFactory(
            roles=[Role.CITIZEN, Role.VOLUNTEER],
            email=f"{MARK}-account@example.org",
            full_name=f"An {MARK} Account",
            phone=PHONE,
        )
    person = Person.objects.create(
        user=user,
        full_name=f"An {MARK} Peeters",
        date_of_birth=BIRTH,
        phone=PHONE,
        email=f"{MARK}-person@example.org",
        street=f"{MARK}straat",
        house_number="1",
        box=f"{MARK}"[:10],
        postcode="3010",
        municipality=f"{MARK} gemeente",
    )
    if with_account:
        # The help form as the signed-in citizen (the web flow, its session and its timeline).
        client.force_login(user)
        response = client.post(
            reverse("help:ask"),
            {
                "needs": ["finances"],
                "description": f"{MARK} web description",
                "urgency": "1",
                "consent": "on",
                "contact_way": "phone",
                "contact_time": f"{MARK} mornings",
            },
        )
        assert response.status_code == 302, response.content.decode()[:2000]
    request = make_request(person=person, description=f"{MARK} phone description")
    assert person.requests.count() == (2 if with_account else 1)
    event = request.timeline.first()
    domain, signal = LifeDomain.objects.first(), Signal.objects.first()

    # KCC: a contact with a request, one without (only a summary), and one with a request but no person.
    with_request = _make(ContactMoment, {}, agent=staff, person=person, help_request=request)
    alone = _make(ContactMoment, {}, agent=staff, person=person)
    no_person = _make(ContactMoment, {}, agent=staff, person=None, help_request=request)
    for contact in (with_request, alone, no_person):
        contact.signals.add(signal)
        _make(ContactQuestion, {}, contact=contact, domain=domain)

    related = {
        Person: person,
        HelpRequest: request,
        apps.get_model("accounts.User"): user or staff,
        apps.get_model("accounts.Organization"): organisation,
        apps.get_model("requests_app.TimelineEvent"): event,
        ContactMoment: alone,
        LifeDomain: domain,
        Signal: signal,
    }
    if with_account:
        profile = _make(apps.get_model("volunteers.VolunteerProfile"), related, user=user)
        related[apps.get_model("volunteers.VolunteerProfile")] = profile
    seeded = {ContactMoment, ContactQuestion, Person, HelpRequest, apps.get_model("accounts.User")}
    seeded |= {apps.get_model("volunteers.VolunteerProfile")} if with_account else set()
    order = sorted(
        (h for h in holdings() if h.subject in ("person", "user") and h.model_class not in seeded),
        # Models that others point to first.
        key=lambda h: h.model_class._meta.label != "requests_app.Referral",
    )
    for holding in order:
        if holding.subject == "user" and not with_account:
            continue
        if holding.model_class._meta.label == "privacy.ErasureRequest":
            continue  # filed through the service below
        try:
            with transaction.atomic():
                row = _make(holding.model_class, related, **_extra(holding.model_class, related))
        except IntegrityError:
            # One row per request (or per person) and the flow made it already.
            subject = user if holding.subject == "user" else person
            assert holding.model_class.objects.filter(**holding.subject_filter([subject.pk])).exists()
            continue
        related.setdefault(holding.model_class, row)
    if with_account:
        # Volunteer's match on the person's own request is odd but reaches both paths at once.
        assert apps.get_model("volunteers.Match").objects.filter(volunteer__user=user).exists()
    return person


def test_the_dump_sees_the_seeded_markers(client, reference):
    """The test can fail: before erasure the marker is in the tables of every flow."""
    _seed_everything(client, with_account=True)
    tables = {row.split(":", 1)[0] for row in _dump_with_marker(MARK)}
    expected = {
        "requests_app_person",
        "requests_app_helprequest",
        "requests_app_timelineevent",
        "helpdesk_contactmoment",
        "helpdesk_contactquestion",
        "helpdesk_callback",
        "accounts_user",
        "account_emailaddress",
        "requests_app_notification",
        "requests_app_referral",
        "volunteers_match",
        "volunteers_screening",
        "volunteers_volunteertask",
        "outbox_outboxmessage",
    }
    assert expected <= tables, expected - tables


def test_erasure_leaves_no_marker_in_any_table(client, reference, django_capture_on_commit_callbacks):
    person = _seed_everything(client, with_account=True)
    from dataprotection.services import erasure_decide
    from privacy.services import erasure_file

    dpo = UserFactory(roles=[Role.DPO])
    for request in person.requests.all():
        from requests_app import services

        services.request_withdraw(request=request, actor=None, reason=f"{MARK} reason")
    erasure = erasure_file(person=person, filed_by=person.user, message=f"{MARK} please erase")
    assert _dump_with_marker(MARK, PHONE, BIRTH.isoformat())
    # The outcome is mailed to the address (GDPR art. 12(3)); once delivered, the outbox forgets it too.
    with django_capture_on_commit_callbacks(execute=True):
        erasure_decide(erasure=erasure, actor=dpo, decision="erased")
    left = _allowed(_dump_with_marker(MARK, PHONE, BIRTH.isoformat()))
    assert left == [], "\n".join(left)


def test_person_anonymise_reaches_a_contact_moment_without_a_request(client, reference):
    """The reported case: a KCC call with a summary, no request made from it."""
    person = Person.objects.create(full_name=f"Jan {MARK}", phone=PHONE)
    agent = UserFactory(roles=[Role.KCC_AGENT])
    contact = _make(ContactMoment, {}, agent=agent, person=person)
    contact.signals.add(Signal.objects.first())
    _make(ContactQuestion, {}, contact=contact, domain=None)
    person_anonymise(person=person)
    assert _dump_with_marker(MARK, PHONE) == []
    contact.refresh_from_db()
    assert (contact.summary, contact.intake, contact.transfer_to) == ("", {}, "")
    # What the statistics count stays: the channel, the outcome, the signals ticked.
    assert contact.signals.count() == 1


def test_the_retention_job_leaves_no_marker_in_any_table(client, reference):
    """A person without an account, everything ended long ago: the daily job erases all of it."""
    person = _seed_everything(client, with_account=False)
    from requests_app import services

    for request in person.requests.all():
        services.request_withdraw(request=request, actor=None, reason=f"{MARK} reason")
    ContactMoment.objects.filter(ended_at__isnull=True).update(ended_at=timezone.now(), outcome="answered")
    # Someone known only from a KCC call (never a request) is erased too, after the same period.
    caller = Person.objects.create(full_name=f"Piet {MARK} Beller", phone="0470 00 00 01")
    _make(
        ContactMoment,
        {},
        agent=UserFactory(roles=[Role.KCC_AGENT]),
        person=caller,
        ended_at=timezone.now(),
        outcome="answered",
    )
    assert _dump_with_marker(MARK)
    later = timezone.now() + dt.timedelta(days=3 * 365)
    retention_apply(now=later)
    left = _allowed(_dump_with_marker(MARK, PHONE, BIRTH.isoformat()))
    assert left == [], "\n".join(left)
    # A second run changes nothing more.
    assert retention_apply(now=later) == {"closed_requests": 0, "people": 0, "abandoned_contacts": 0}
