"""Reads of the KCC console: finding the caller, a person's card and history, the screening data."""

import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime

from django.db import connection
from django.db.models import Prefetch, Q, QuerySet
from django.utils.translation import gettext as _
from rapidfuzz import fuzz

from accounts.contact_details import DATE_INPUT_FORMATS, phone_digits
from accounts.roles import Role
from helpdesk.models import Callback, ContactMoment, ContactQuestion, LifeDomain, Signal
from people.models import Person
from people.selectors import phone_expression
from requests_app.models import FollowUpQuestion, HelpRequest, TimelineEvent
from requests_app.workflow import OPEN

MIN_QUERY = 3
RESULTS = 10
LAST_CONTACTS = 3
REFERENCE = re.compile(r"^LH-[A-Z0-9]{4,6}-[0-9]{2}$")
# Word similarity (pg_trgm) from which a name counts as found: typos and parts of names pass.
NAME_SIMILARITY = 0.5
# Elsewhere (SQLite, ``make run``) rapidfuzz's Indel ratio against the best word window of the name stands in
# for it. That ratio runs higher than a trigram similarity for the same pair (one wrong letter in a short
# word costs three trigrams but one or two characters), so its bar is higher. At 0.85 it agrees with
# PostgreSQL on the pairs measured (docs/kcc.md): "Jan Jansens" finds "Jan Janssens" (0.96; pg 0.73) and not
# "Jan Peeters" (0.55; pg 0.44), "Peters" not "Pieter Maes" (0.83; pg 0.30); but "Peteers" finds
# "An Peeters" here (0.86) and not on PostgreSQL (0.45).
FUZZY_NAME_SIMILARITY = 0.85
# SQLite: names read and scored in Python at most, after the first-letter filter (see ``_fuzzy_candidates``).
FUZZY_SCAN = 2000


class QueryTooShort(ValueError):
    """One or two characters find too much to be useful (and tell too much)."""


@dataclass(frozen=True)
class Search:
    kind: str  # "name", "phone", "email", "date_of_birth", "reference"
    value: str | date


def search_parse(query: str) -> Search:
    """What the agent typed: a reference code, an e-mail address, a date of birth, a phone number or a name."""
    query = " ".join(query.split())
    if len(query.replace(" ", "")) < MIN_QUERY:
        raise QueryTooShort(query)
    upper = query.upper().replace(" ", "")
    if REFERENCE.match(upper):
        return Search("reference", upper)
    if "@" in query:
        return Search("email", query.lower())
    for fmt in DATE_INPUT_FORMATS:
        try:
            return Search("date_of_birth", datetime.strptime(query, fmt).date())  # noqa: DTZ007 - a date
        except ValueError:
            continue
    digits = phone_digits(query)
    if len(digits) >= 6 and not re.search(r"[A-Za-z]", query):
        return Search("phone", digits)
    return Search("name", query)


def _people(search: Search) -> QuerySet[Person]:
    people = Person.objects.all()
    if search.kind == "reference":
        return people.filter(pk__in=HelpRequest.objects.filter(reference=search.value).values("person_id"))
    if search.kind == "email":
        return people.filter(email__iexact=search.value)
    if search.kind == "date_of_birth":
        return people.filter(date_of_birth=search.value).order_by("full_name", "id")
    if search.kind == "phone":
        return people.annotate(phone_digits=phone_expression()).filter(phone_digits=search.value)
    raise ValueError(search.kind)  # names go through _people_by_name


def _people_by_name(name: str, limit: int) -> list[Person]:
    """The people whose name is similar enough to ``name``, most similar first: the one place where the
    databases differ. PostgreSQL ranks with pg_trgm's word similarity; elsewhere rapidfuzz does the same job
    on a bounded set of candidates (``name_similarity``)."""
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import TrigramWordDistance

        # Nearest names first (``<<->``, word distance): a K-nearest-neighbour scan of the GiST trigram
        # index that stops after the first few rows, however many people share a first or last name; the
        # ones not similar enough are dropped after it. (Filtering with ``%>`` in the index scan was faster
        # but depends on pg_trgm.word_similarity_threshold, which the assistant's product search relies on
        # at its default 0.6; see docs/kcc.md.)
        nearest = Person.objects.annotate(distance=TrigramWordDistance(name, "full_name")).order_by("distance")
        return [person for person in nearest[:limit] if 1 - person.distance >= NAME_SIMILARITY]
    scored = [(name_similarity(name, full_name), full_name, pk) for pk, full_name in _fuzzy_candidates(name)]
    best = sorted((item for item in scored if item[0] >= FUZZY_NAME_SIMILARITY), key=lambda i: (-i[0], i[1], i[2]))
    ids = [pk for _, _, pk in best[:limit]]
    found = Person.objects.in_bulk(ids)
    return [found[pk] for pk in ids if pk in found]


def _fold(text: str) -> list[str]:
    """The words of a name as compared: lower case, accents dropped, anything but letters and digits a
    separator (pg_trgm also lower-cases and splits on non-alphanumerics; it keeps accents)."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(char for char in decomposed if not unicodedata.combining(char)).casefold()
    return [word for word in re.split(r"[\W_]+", plain) if word]


def name_similarity(query: str, full_name: str) -> float:
    """How similar what was typed is to a name, 0 to 1, in the spirit of pg_trgm's ``word_similarity``: the
    query against the best-matching run of consecutive words of the name (as many words as the query has,
    or one fewer or more), whole or only as far as the query goes (so "vanderstr" finds "Vanderstraeten").
    The score is rapidfuzz's normalised Indel similarity of the two strings."""
    words = _fold(query)
    name = _fold(full_name)
    if not words or not name:
        return 0.0
    typed = " ".join(words)
    best = 0.0
    for size in {max(1, len(words) - 1), len(words), len(words) + 1}:
        for start in range(max(1, len(name) - size + 1)):
            window = " ".join(name[start : start + size])
            best = max(best, fuzz.ratio(typed, window), fuzz.ratio(typed, window[: len(typed)]))
    return best / 100


def _fuzzy_candidates(name: str) -> list[tuple[int, str]]:
    """SQLite's candidates for a name: the names in which some word starts with the first letter of some
    word typed (a typo in the first letter of every word is not found), at most FUZZY_SCAN of them in name
    order, so the demo stays fast however many people it holds."""
    initials = {word[0] for word in _fold(name)}
    if not initials:
        return []
    condition = Q()
    for initial in initials:
        condition |= Q(full_name__istartswith=initial) | Q(full_name__icontains=f" {initial}")
        condition |= Q(full_name__icontains=f"-{initial}")
    rows = Person.objects.filter(condition).order_by("full_name", "id").values_list("pk", "full_name")
    return list(rows[:FUZZY_SCAN])


def people_search(query: str, *, limit: int = RESULTS) -> list[Person]:
    """Up to ``limit`` people for what the agent typed, each with ``open_requests`` and ``last_contacts``.

    Three queries whatever the number of results. Raises ``QueryTooShort`` for one or two characters."""
    search = search_parse(query)
    people = _people_by_name(str(search.value), limit) if search.kind == "name" else list(_people(search)[:limit])
    attach_summary(people)
    return people


REQUEST_SUMMARY = ("id", "person_id", "reference", "state", "created_at")
CONTACT_SUMMARY = ("id", "person_id", "channel", "outcome", "created_at")


def attach_summary(people: list[Person]) -> None:
    """Each person's open requests and last contacts: one query for all of them on PostgreSQL (two
    elsewhere). Only the columns the summary shows are read (the other fields load if asked for)."""
    ids = [person.pk for person in people]
    if not ids:
        return
    requests: dict[int, list[HelpRequest]] = {pk: [] for pk in ids}
    contacts: dict[int, list[ContactMoment]] = {pk: [] for pk in ids}
    if connection.vendor == "postgresql":
        rows = _summary_rows(ids)
    else:
        rows = [("request", *row) for row in _open_requests(ids).values_list(*REQUEST_SUMMARY)]
        recent = ContactMoment.objects.filter(person_id__in=ids).order_by("-created_at")
        rows += [("contact", *row) for row in recent.values_list(*CONTACT_SUMMARY)]
    for kind, *values in rows:
        if kind == "request":
            requests[values[1]].append(_partial(HelpRequest, REQUEST_SUMMARY, values))
        elif len(contacts[values[1]]) < LAST_CONTACTS:
            contacts[values[1]].append(_partial(ContactMoment, CONTACT_SUMMARY, values))
    for person in people:
        person.open_requests = requests[person.pk]
        person.last_contacts = contacts[person.pk]


def _partial(model, names: tuple[str, ...], values: list):
    """A model instance with only these fields loaded (as ``.only()`` makes it; the rest load if asked for).
    ``from_db`` takes the values in the model's field order."""
    given = dict(zip(names, values, strict=True))
    ordered = [field.attname for field in model._meta.concrete_fields if field.attname in given]
    return model.from_db(connection.alias, ordered, [given[name] for name in ordered])


def _open_requests(ids: list[int]) -> QuerySet[HelpRequest]:
    return HelpRequest.objects.filter(person_id__in=ids, state__in=sorted(OPEN)).order_by("-created_at")


def _summary_rows(ids: list[int]) -> list[tuple]:
    """Open requests and the last few contacts of each person in one statement, newest first: the contacts
    through a LATERAL join that reads at most LAST_CONTACTS rows per person from the index
    ``contact_person`` (person, created_at desc), however many contacts they have."""
    # A constant statement; every value is a parameter. (The tests run it on PostgreSQL.)
    sql = """
        SELECT 'request', h.id, h.person_id, h.reference, h.state, h.created_at
        FROM requests_app_helprequest h WHERE h.person_id = ANY(%(ids)s) AND h.state = ANY(%(open)s)
        UNION ALL
        SELECT 'contact', c.id, c.person_id, c.channel, c.outcome, c.created_at
        FROM unnest(%(ids)s::bigint[]) AS p(id)
        CROSS JOIN LATERAL (
            SELECT id, person_id, channel, outcome, created_at FROM helpdesk_contactmoment
            WHERE person_id = p.id ORDER BY created_at DESC LIMIT %(last)s
        ) AS c
        ORDER BY 6 DESC, 2 DESC
    """
    with connection.cursor() as cursor:
        cursor.execute(sql, {"ids": ids, "open": [str(state) for state in sorted(OPEN)], "last": LAST_CONTACTS})
        return cursor.fetchall()


def similar_people(*, full_name: str, phone: str = "", email: str = "", date_of_birth: date | None = None):
    """People who may be the one being registered: a similar name, or the same phone, e-mail or date of birth
    with a similar name."""
    candidates = []
    seen = set()
    for query in filter(None, [full_name, phone, email]):
        try:
            found = people_search(query, limit=5)
        except QueryTooShort:
            continue
        for person in found:
            if person.pk not in seen:
                seen.add(person.pk)
                candidates.append(person)
    return candidates[:5]


# -- a person's card and history ----------------------------------------------------------------
@dataclass
class HistoryItem:
    at: datetime
    kind: str  # "contact", "request", "event"
    contact: ContactMoment | None = None
    request: HelpRequest | None = None
    event: TimelineEvent | None = None
    question: FollowUpQuestion | None = None  # "answer": what the help seeker said to the follow-up question


def person_history(person: Person, *, limit: int = 50) -> list[HistoryItem]:
    """Contact moments, help requests and their public events in one timeline, newest first, whatever door.

    Internal notes of the coordinators are not shown to the call centre. Four queries. Also gives the
    person their ``open_requests`` and ``last_contacts`` (as ``attach_summary`` does) from the same rows,
    with one more query only when they have more requests than the history shows."""
    contacts = list(
        ContactMoment.objects.filter(person=person).prefetch_related("questions").order_by("-created_at")[:limit]
    )
    requests = list(
        HelpRequest.objects.filter(person=person)
        .order_by("-created_at")
        .prefetch_related(
            Prefetch("timeline", queryset=TimelineEvent.objects.filter(public=True).order_by("at", "id")),
            # "Did you get the help you needed?": the answers, so the agent hears how the support went.
            Prefetch("follow_up_questions", queryset=FollowUpQuestion.objects.filter(answered_at__isnull=False)),
        )[:limit]
    )
    person.last_contacts = contacts[:LAST_CONTACTS]
    if len(requests) < limit:  # all of them: the open ones are among these
        person.open_requests = [request for request in requests if request.state in OPEN]
    else:
        person.open_requests = list(
            HelpRequest.objects.filter(person=person, state__in=sorted(OPEN)).order_by("-created_at")
        )
    items = [HistoryItem(at=contact.created_at, kind="contact", contact=contact) for contact in contacts]
    for request in requests:
        items.append(HistoryItem(at=request.created_at, kind="request", request=request))
        for event in request.timeline.all():
            if event.kind == TimelineEvent.Kind.TRANSITION and event.to_state == "submitted":
                continue  # the request itself stands for it
            items.append(HistoryItem(at=event.at, kind="event", request=request, event=event))
        for question in request.follow_up_questions.all():
            if question.answered_at is not None:
                items.append(HistoryItem(at=question.answered_at, kind="answer", request=request, question=question))
    items.sort(key=lambda item: item.at, reverse=True)
    return items[:limit]


def contacts_of_agent(agent) -> QuerySet[ContactMoment]:
    """The contacts an agent may open: their own (another agent's contact is a 404)."""
    return ContactMoment.objects.filter(agent=agent)


def contact_of_agent(agent, pk: int) -> ContactMoment | None:
    """One contact for its screen, with what the screen shows; None for another agent's (a 404)."""
    return contacts_of_agent(agent).select_related("person", "help_request", "route").filter(pk=pk).first()


def person_for_agent(agent, person_id: int) -> Person | None:
    """A caller's record as the KCC sees it: any person, for an agent only (None for other roles: a 404
    even if a view forgot its role check). Reading it is logged by the view (``access_record``)."""
    if not agent.is_authenticated or not agent.has_role(Role.KCC_AGENT):
        return None
    return Person.objects.filter(pk=person_id).first()


def open_contacts(agent) -> list[ContactMoment]:
    return list(contacts_of_agent(agent).filter(ended_at__isnull=True).select_related("person")[:20])


def callbacks_of_agent(agent) -> QuerySet[Callback]:
    """The callbacks an agent may see and handle: their own and their teams' (another's is a 404)."""
    teams = agent.memberships.values("organization_id")
    return Callback.objects.filter(Q(assignee=agent) | Q(organization_id__in=teams))


def callbacks_due(agent, *, limit: int = 20) -> list[Callback]:
    """Open callbacks for this agent (and, for a team, the organisations they belong to), soonest first."""
    return list(
        callbacks_of_agent(agent)
        .filter(done_at__isnull=True)
        .select_related("contact__person", "organization")
        .order_by("due_at", "id")[:limit]
    )


def screening_domains() -> list[LifeDomain]:
    """The life domains with their active signals, the routes they point to and those routes' organisations
    (four queries; the contact screen reads them through ``reference_data``)."""
    return list(
        LifeDomain.objects.prefetch_related(
            Prefetch(
                "signals",
                queryset=Signal.objects.filter(active=True)
                .prefetch_related("routes__organizations")
                .order_by("order", "id"),
            )
        ).order_by("order", "name")
    )


# -- the contact screen ---------------------------------------------------------------------------
def contact_questions(contact: ContactMoment) -> list[ContactQuestion]:
    return list(contact.questions.select_related("domain"))


def ticked_signal_ids(contact: ContactMoment) -> QuerySet:
    """The ids of the signals ticked on this contact (read by ``reference_data().signals_of``)."""
    return ContactMoment.signals.through.objects.filter(contactmoment_id=contact.pk).values_list("signal_id", flat=True)


def referral_prefill(questions: list[ContactQuestion], signals: list[Signal], suggested: list) -> dict:
    """The referral form filled from the contact: the questions, the ticked signals and their domains' needs,
    the first suggested route and its organisations (one query, for those organisations)."""
    lines = [question.text for question in questions]
    if signals:
        lines.append(_("Signals: %(signals)s.") % {"signals": "; ".join(signal.label for signal in signals)})
    needs = list(dict.fromkeys(signal.domain.need for signal in signals))
    route = suggested[0][0] if suggested else None
    return {
        "description": "\n".join(lines),
        "needs": needs,
        "route": route.pk if route else None,
        "share_with": [organization.pk for organization in route.organizations.all()] if route else [],
    }


def callback_of_agent(agent, pk: int) -> Callback | None:
    """One callback of the agent or their team, with what its page shows; None (a 404) for anybody else's."""
    return (
        callbacks_of_agent(agent)
        .select_related("contact__person", "contact__agent", "organization", "assignee", "done_by")
        .filter(pk=pk)
        .first()
    )
