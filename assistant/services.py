"""Every write on the assistant catalogue: import, edit, publish, archive, and usage counts.

The edition's document is the source of truth. Each change validates the whole new
document with the engine before anything is stored, so a draft is always a valid
catalogue; publishing additionally requires every case to pass.
"""

import copy
import hashlib
import json
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext

from accounts.models import User
from assistant.engine import CaseResult, Catalogue, CatalogueError, parse_catalogue
from assistant.engine.document import text_in
from assistant.guide import Guide
from assistant.models import AnswerSet, CatalogueProduct, Edition, EditionChange, UsageCount
from assistant.selectors import PUBLISHED, remember_compiled
from leuvenhelpt.languages import message_language


class EditionLocked(Exception):
    """Only drafts can be changed; a published or archived edition stays as it is."""


class PublishRefused(Exception):
    """Publishing is refused while a case fails."""

    def __init__(self, failures: list[CaseResult]) -> None:
        self.failures = failures
        super().__init__(f"{len(failures)} case(s) fail")


def _text_value(value: Any, language: str, default_language: str) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    return text_in(value, language, default_language)


def _translations(product) -> dict[str, dict[str, str]]:
    """A product's name and summary in the languages besides Dutch and English (for the product list)."""
    out = {}
    for name in ("name", "summary"):
        value = getattr(product, name)
        if isinstance(value, dict):
            others = {code: string for code, string in value.items() if code not in ("nl", "en") and string}
            if others:
                out[name] = others
    return out


def _sync_products(edition: Edition, catalogue: Catalogue) -> None:
    """Rebuild the edition's product rows from its (valid) catalogue."""
    default = catalogue.default_language
    rows = []
    for product in catalogue.products:
        search_parts = [
            _text_value(product.name, "nl", default),
            _text_value(product.summary, "nl", default),
            _text_value(product.how_to, "nl", default),
            _text_value(product.service, "nl", default),
            product.theme.replace("-", " "),
        ]
        rows.append(
            CatalogueProduct(
                edition=edition,
                key=product.key,
                position=product.index,
                kind=product.kind,
                theme=product.theme,
                audiences=list(product.audiences),
                for_citizens="citizen" in product.audiences,
                for_businesses="business" in product.audiences,
                for_associations="association" in product.audiences,
                help_route=product.effective_help_route,
                name_nl=_text_value(product.name, "nl", default),
                name_en=_text_value(product.name, "en", default),
                summary_nl=_text_value(product.summary, "nl", default),
                summary_en=_text_value(product.summary, "en", default),
                translations=_translations(product),
                search_text="\n".join(part for part in search_parts if part),
            )
        )
    CatalogueProduct.objects.filter(edition=edition).delete()
    CatalogueProduct.objects.bulk_create(rows)


def _log(edition: Edition, actor: User | None, action: str, target: str = "", before=None, after=None) -> None:
    """Every change is logged, and the cached identity of the published edition is dropped (now and once it is
    committed; also for changes that save no Edition row, e.g. a case)."""
    EditionChange.objects.create(edition=edition, actor=actor, action=action, target=target, before=before, after=after)
    PUBLISHED.invalidate()


@transaction.atomic
def edition_import(*, document: dict[str, Any], actor: User | None = None, publish: bool = False) -> Edition:
    """Store a catalogue document as a new draft edition (published at once with ``publish``).

    All or nothing: an invalid document raises ``CatalogueError`` with one message per
    problem and stores nothing; with ``publish`` a failing case raises ``PublishRefused``.
    """
    catalogue = parse_catalogue(document)
    if Edition.objects.filter(label=catalogue.edition).exists():
        raise CatalogueError([f'edition: an edition "{catalogue.edition}" already exists; give this one another label'])
    edition = Edition.objects.create(label=catalogue.edition, document=catalogue.to_document(), created_by=actor)
    _sync_products(edition, catalogue)
    _log(edition, actor, EditionChange.Action.IMPORTED)
    if publish:
        edition_publish(edition=edition, actor=actor, catalogue=catalogue, review=False)
    return edition


def _free_label(base: str) -> str:
    number = 2
    while Edition.objects.filter(label=f"{base}-v{number}").exists():
        number += 1
    return f"{base}-v{number}"


@transaction.atomic
def edition_draft_from(*, edition: Edition, actor: User | None = None) -> Edition:
    """Start editing a published (or archived) edition: a draft copy under a new label."""
    label = _free_label(edition.label)
    document = copy.deepcopy(edition.document)
    document["edition"] = label
    draft = Edition.objects.create(label=label, document=document, based_on=edition, created_by=actor)
    _sync_products(draft, parse_catalogue(document))
    _log(draft, actor, EditionChange.Action.COPIED, target=edition.label)
    return draft


@transaction.atomic
def edition_change_document(
    *,
    edition: Edition,
    document: dict[str, Any],
    actor: User | None,
    action: str,
    target: str = "",
    before: Any = None,
    after: Any = None,
) -> Catalogue:
    """Replace a draft's document with a changed one, after validating the whole of it.

    Raises ``EditionLocked`` for a published or archived edition and ``CatalogueError``
    (nothing stored) when the new document is invalid.
    """
    edition = _locked(edition)
    if not edition.is_draft:
        raise EditionLocked(edition.label)
    catalogue = parse_catalogue(document)
    if catalogue.edition != edition.label:
        if Edition.objects.filter(label=catalogue.edition).exclude(pk=edition.pk).exists():
            raise CatalogueError([f'edition: an edition "{catalogue.edition}" already exists'])
        edition.label = catalogue.edition
    edition.document = catalogue.to_document()
    edition.revision = F("revision") + 1
    edition.save(update_fields=["label", "document", "revision", "updated_at"])
    edition.refresh_from_db(fields=["revision"])
    remember_compiled(edition, catalogue)
    _sync_products(edition, catalogue)
    _log(edition, actor, action, target=target, before=before, after=after)
    return catalogue


def _items(document: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    if kind == "cases":
        return document.setdefault("cases", [])
    return document[kind]


def _item_key(kind: str, item: dict[str, Any]) -> str:
    return item["name"] if kind == "cases" else item["key"]


_ACTIONS = {
    "questions": (EditionChange.Action.QUESTION_ADDED, EditionChange.Action.QUESTION_CHANGED),
    "products": (EditionChange.Action.PRODUCT_ADDED, EditionChange.Action.PRODUCT_CHANGED),
    "cases": (EditionChange.Action.CASE_ADDED, EditionChange.Action.CASE_CHANGED),
}


def _locked(edition: Edition) -> Edition:
    """The edition as stored now, locked until the transaction ends (a caller's copy may be stale)."""
    return Edition.objects.select_for_update().get(pk=edition.pk)


@transaction.atomic
def edition_item_save(
    *, edition: Edition, kind: str, key: str | None, item: dict[str, Any], actor: User | None
) -> Catalogue:
    """Add (``key`` None) or replace one question, product or case of a draft.

    ``kind`` is ``questions``, ``products`` or ``cases``; ``key`` is the current key
    (the name, for a case). A new item goes at the end of its list.
    """
    edition = _locked(edition)
    # The edition was just read from the database and nothing else holds it: copy only the list that changes (a
    # deep copy of the whole catalogue cost a third of the save).
    document = dict(edition.document)
    items = document[kind] = list(document.get(kind) or [])
    added, changed = _ACTIONS[kind]
    if key is None:
        items.append(item)
        return edition_change_document(
            edition=edition, document=document, actor=actor, action=added, target=_item_key(kind, item), after=item
        )
    for position, existing in enumerate(items):
        if _item_key(kind, existing) == key:
            items[position] = item
            if kind in ("questions", "products"):
                from assistant import translations

                translations.mark_stale(document, kind, existing, item)
            return edition_change_document(
                edition=edition, document=document, actor=actor, action=changed, target=key, before=existing, after=item
            )
    raise KeyError(key)


@transaction.atomic
def edition_translations_save(
    *,
    edition: Edition,
    kind: str,
    key: str,
    values: dict[str, dict[str, str]],
    machine_made: dict[str, set[str]],
    actor: User | None,
) -> Catalogue:
    """Replace the translations of one question or product of a draft, and its "machine-made, not yet checked"
    marks (``assistant.translations.with_translations``). Dutch is never changed here."""
    from assistant import translations

    edition = _locked(edition)
    position = next((i for i, item in enumerate(_items(edition.document, kind)) if item["key"] == key), None)
    if position is None:
        raise KeyError(key)
    before = edition.document[kind][position]
    document = translations.with_translations(edition.document, kind, key, values, machine_made)
    return edition_change_document(
        edition=edition,
        document=document,
        actor=actor,
        action=_ACTIONS[kind][1],
        target=key,
        before=before,
        after=document[kind][position],
    )


@transaction.atomic
def edition_item_remove(*, edition: Edition, kind: str, key: str, actor: User | None) -> Catalogue:
    """Remove one question, product or case of a draft (refused when something still refers to it)."""
    edition = _locked(edition)
    document = copy.deepcopy(edition.document)
    items = _items(document, kind)
    for position, existing in enumerate(items):
        if _item_key(kind, existing) == key:
            del items[position]
            return edition_change_document(
                edition=edition,
                document=document,
                actor=actor,
                action=EditionChange.Action.REMOVED,
                target=key,
                before=existing,
            )
    raise KeyError(key)


class ApprovalRefused(Exception):
    """Four-eyes review: this editor may not approve this draft (``reason``: ``author``, ``already``)."""

    def __init__(self, reason: str) -> None:
        self.reason = reason
        super().__init__(reason)


class ApprovalNeeded(Exception):
    """Four-eyes review: the draft (as it is now) has not been approved by a second editor."""


def four_eyes_required() -> bool:
    """Whether publishing needs a second editor's approval (setting ASSISTANT_FOUR_EYES)."""
    return bool(getattr(settings, "ASSISTANT_FOUR_EYES", True))


def edition_authors(edition: Edition) -> set[int]:
    """Who changed this draft: its maker and everyone in its change log (they cannot approve it)."""
    authors = set(
        EditionChange.objects.filter(edition=edition, actor__isnull=False)
        .exclude(action=EditionChange.Action.APPROVED)
        .values_list("actor_id", flat=True)
    )
    if edition.created_by_id:
        authors.add(edition.created_by_id)
    return authors


@transaction.atomic
def edition_approve(*, edition: Edition, actor: User) -> Edition:
    """A second editor approves a draft as it is now; any later change voids the approval."""
    edition = Edition.objects.select_for_update().get(pk=edition.pk)
    if not edition.is_draft:
        raise EditionLocked(edition.label)
    if actor.pk in edition_authors(edition):
        raise ApprovalRefused("author")
    if edition.is_approved:
        raise ApprovalRefused("already")
    edition.approved_by = actor
    edition.approved_at = timezone.now()
    edition.approved_revision = edition.revision
    edition.save(update_fields=["approved_by", "approved_at", "approved_revision", "updated_at"])
    _log(edition, actor, EditionChange.Action.APPROVED, target=f"revision {edition.revision}")
    return edition


@transaction.atomic
def edition_publish(
    *, edition: Edition, actor: User | None, catalogue: Catalogue | None = None, review: bool = True
) -> Edition:
    """Publish a draft; the edition published until now is archived. Refused while a case fails, and
    (four-eyes review, when configured) until a second editor approved the draft as it is now.

    ``review=False`` is for operators only: ``manage.py assistant import --publish`` and the demo data.
    """
    edition = Edition.objects.select_for_update().get(pk=edition.pk)
    if not edition.is_draft:
        raise EditionLocked(edition.label)
    catalogue = catalogue or parse_catalogue(edition.document)
    failures = [result for result in catalogue.run_cases() if not result.passed]
    if failures:
        raise PublishRefused(failures)
    if review and four_eyes_required() and not edition.is_approved:
        raise ApprovalNeeded(edition.label)
    for previous in Edition.objects.select_for_update().filter(state=Edition.State.PUBLISHED):
        previous.state = Edition.State.ARCHIVED
        previous.save(update_fields=["state", "updated_at"])
        _log(previous, actor, EditionChange.Action.ARCHIVED)
    edition.state = Edition.State.PUBLISHED
    edition.published_at = timezone.now()
    edition.published_by = actor
    edition.save(update_fields=["state", "published_at", "published_by", "updated_at"])
    _log(edition, actor, EditionChange.Action.PUBLISHED)
    return edition


@transaction.atomic
def edition_archive(*, edition: Edition, actor: User | None) -> Edition:
    """Archive a draft that will not be published (the published edition is archived by publishing another)."""
    edition = Edition.objects.select_for_update().get(pk=edition.pk)
    if not edition.is_draft:
        raise EditionLocked(edition.label)
    edition.state = Edition.State.ARCHIVED
    edition.save(update_fields=["state", "updated_at"])
    _log(edition, actor, EditionChange.Action.ARCHIVED)
    return edition


def usage_record(
    *, edition_id: int, event: str, keys: list[str] | tuple[str, ...] = ("",), day: date | None = None
) -> None:
    """Count an anonymous assistant event: one upsert for all keys (no person, no answers)."""
    keys = list(dict.fromkeys(keys))
    if not keys:
        return
    day = day or timezone.localdate()
    table = connection.ops.quote_name(UsageCount._meta.db_table)
    values = ", ".join(["(%s, %s, %s, %s, 1)"] * len(keys))
    params: list[Any] = []
    for key in keys:
        params += [edition_id, day, event, key]
    sql = (
        f'INSERT INTO {table} (edition_id, day, event, "key", count) VALUES {values} '  # noqa: S608 - no user input in the SQL text # nosec B608
        f'ON CONFLICT (edition_id, day, event, "key") DO UPDATE SET count = {table}.count + 1'
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


# -- what a guided session counts (the citizen's pages and the KCC's intake) -----------------------
# Anonymous daily counts per edition; a preview by an editor is never counted. ``once``: at most once per
# session (the guide remembers it; the caller saves the guide when a function returns True).
def guide_usage_count(
    *, guide: Guide, preview: bool, event: str, keys: list[str] | tuple[str, ...] = ("",), once: bool = False
) -> bool:
    """Count ``event`` for the guide's edition; True when something was counted."""
    if preview or (once and not guide.first_time(event)):
        return False
    usage_record(edition_id=guide.ref.id, event=event, keys=keys)
    return True


def question_answered_count(*, guide: Guide, preview: bool, key: str) -> None:
    """An answer was given: counted, and the next question too (counted when it is put in front of the
    person, not on every reload)."""
    guide_usage_count(guide=guide, preview=preview, event=UsageCount.Event.QUESTION_ANSWERED, keys=[key])
    if not guide.done and (shown := guide.evaluation.next_question):
        guide_usage_count(guide=guide, preview=preview, event=UsageCount.Event.QUESTION_SHOWN, keys=[shown])


def session_started_count(*, guide: Guide, preview: bool, key: str) -> bool:
    """The first question of a session is shown: the session and that question are counted, once. True when
    counted (save the guide: it remembers it)."""
    if not guide_usage_count(guide=guide, preview=preview, event=UsageCount.Event.SESSION_STARTED, once=True):
        return False
    guide_usage_count(guide=guide, preview=preview, event=UsageCount.Event.QUESTION_SHOWN, keys=[key])
    return True


def results_shown_count(*, guide: Guide, preview: bool, result: dict[str, Any]) -> bool:
    """The results of a finished session: the session finished (and its answer set), the products that
    apply or "no product", each once per session. True when something was counted (save the guide)."""
    if not (guide.done and guide.answers):
        return False
    Event = UsageCount.Event
    counted = guide_usage_count(guide=guide, preview=preview, event=Event.SESSION_FINISHED, once=True)
    if counted:
        answer_set_record(edition_id=guide.ref.id, answers=guide.evaluation.effective_answers)
    if result["count"]:
        counted |= guide_usage_count(
            guide=guide, preview=preview, event=Event.PRODUCT_APPLIED, keys=guide.evaluation.applies, once=True
        )
    else:
        counted |= guide_usage_count(guide=guide, preview=preview, event=Event.NO_PRODUCT, once=True)
    return counted


def results_mail(guide: Guide, language: str | None = None) -> tuple[str, str, str]:
    """The subject, text and language of the results mail: in ``language`` (default: the active one, i.e. the
    citizen's page) while the language policy offers it for messages, else Dutch. The result (with its "why"
    lines) is worked out in that language too."""
    language = message_language(language or translation.get_language())
    with translation.override(language):
        result = guide.results()
        body = render_to_string("assistant/results_mail.txt", {"guide": guide, "result": result, "language": language})
        return gettext("Your result from the Leuven digital assistant"), body, language


ANSWER_SET_DAYS = 90


def answer_set_record(*, edition_id: int, answers: dict[str, Any], day: date | None = None) -> None:
    """Count the answers of one finished session for "who gets this?": one upsert, no person, only the week."""
    day = day or timezone.localdate()
    week = day - timedelta(days=day.weekday())
    canonical = json.dumps(answers, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    digest = hashlib.sha256(canonical.encode()).hexdigest()
    table = connection.ops.quote_name(AnswerSet._meta.db_table)
    sql = (
        f"INSERT INTO {table} (edition_id, week, digest, answers, count) VALUES (%s, %s, %s, %s, 1) "  # noqa: S608 - no user input in the SQL text # nosec B608
        f"ON CONFLICT (edition_id, week, digest) DO UPDATE SET count = {table}.count + 1"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [edition_id, week, digest, canonical])


def answer_sets_purge(*, today: date | None = None) -> int:
    """Delete answer sets older than ``ANSWER_SET_DAYS`` days; the number of rows deleted."""
    today = today or timezone.localdate()
    deleted, _per_model = AnswerSet.objects.filter(week__lt=today - timedelta(days=ANSWER_SET_DAYS)).delete()
    return deleted
