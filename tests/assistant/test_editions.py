"""Editions: draft / published (exactly one) / archived, with who changed what and when."""

import copy

import pytest
from django.db import IntegrityError, transaction

from assistant import services
from assistant.engine import CatalogueError
from assistant.models import Edition, EditionChange, UsageCount
from tests.assistant.test_assistant_cli import DOC

pytestmark = pytest.mark.django_db


def doc(label: str) -> dict:
    document = copy.deepcopy(DOC)
    document["edition"] = label
    return document


def test_publishing_archives_the_previous_edition(make_user):
    editor = make_user("catalogue_editor")
    first = services.edition_import(document=doc("a"), publish=True)
    second = services.edition_import(document=doc("b"), actor=editor)
    services.edition_publish(edition=second, actor=editor, review=False)
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.state, second.state) == ("archived", "published")
    assert second.published_by == editor and second.published_at is not None
    assert list(Edition.objects.filter(state="published")) == [second]
    actions = list(EditionChange.objects.filter(edition=second).values_list("action", "actor"))
    assert ("published", editor.pk) in actions


def test_the_database_allows_one_published_edition():
    services.edition_import(document=doc("a"), publish=True)
    with pytest.raises(IntegrityError), transaction.atomic():
        Edition.objects.create(label="b", state="published", document=doc("b"))


def test_editing_the_published_edition_goes_through_a_draft(make_user):
    editor = make_user("catalogue_editor")
    published = services.edition_import(document=doc("2026-12"), publish=True)
    changed = copy.deepcopy(DOC["products"][0]) | {"summary": {"nl": "Nieuwe uitleg."}}
    with pytest.raises(services.EditionLocked):
        services.edition_item_save(
            edition=published, kind="products", key="sociaal-tarief-ouderen", item=changed, actor=editor
        )
    draft = services.edition_draft_from(edition=published, actor=editor)
    assert draft.label == "2026-12-v2" and draft.document["edition"] == "2026-12-v2"
    assert draft.state == "draft" and draft.based_on == published
    services.edition_item_save(edition=draft, kind="products", key="sociaal-tarief-ouderen", item=changed, actor=editor)
    draft.refresh_from_db()
    published.refresh_from_db()
    assert draft.document["products"][0]["summary"] == {"nl": "Nieuwe uitleg."}
    assert published.document["products"][0]["summary"] == {"nl": "Korting voor ouderen."}
    assert draft.revision == 2
    change = EditionChange.objects.get(edition=draft, action="product_changed")
    assert (change.actor, change.target) == (editor, "sociaal-tarief-ouderen")
    assert change.before["summary"] == {"nl": "Korting voor ouderen."}
    assert change.after["summary"] == {"nl": "Nieuwe uitleg."}
    assert services.edition_draft_from(edition=published, actor=editor).label == "2026-12-v3"


def test_an_invalid_change_is_refused_whole():
    draft = services.edition_import(document=doc("a"))
    broken = copy.deepcopy(DOC["products"][1]) | {"applies_if": {"var": "nope"}}
    with pytest.raises(CatalogueError) as problem:
        services.edition_item_save(edition=draft, kind="products", key="bewonersparkeerkaart", item=broken, actor=None)
    assert any("products[1].applies_if" in line for line in problem.value.problems)
    draft.refresh_from_db()
    assert draft.document == doc("a")
    assert draft.revision == 1


def test_removing_a_question_still_in_use_is_refused():
    draft = services.edition_import(document=doc("a"))
    with pytest.raises(CatalogueError):
        services.edition_item_remove(edition=draft, kind="questions", key="has_car", actor=None)
    with pytest.raises(CatalogueError, match="unknown product"):  # a case still names it
        services.edition_item_remove(edition=draft, kind="products", key="bewonersparkeerkaart", actor=None)
    case = copy.deepcopy(DOC["cases"][0]) | {"not_applies": [], "answers": {"lives_in_leuven": True, "age": 70}}
    services.edition_item_save(edition=draft, kind="cases", key=case["name"], item=case, actor=None)
    services.edition_item_remove(edition=draft, kind="products", key="bewonersparkeerkaart", actor=None)
    services.edition_item_remove(edition=draft, kind="questions", key="has_car", actor=None)
    draft.refresh_from_db()
    assert [q["key"] for q in draft.document["questions"]] == ["lives_in_leuven", "age"]
    assert list(draft.product_rows.values_list("key", flat=True)) == ["sociaal-tarief-ouderen"]


def test_publishing_is_refused_while_a_case_fails():
    document = doc("a")
    document["cases"][0]["applies"] = ["bewonersparkeerkaart"]
    document["cases"][0]["not_applies"] = []
    draft = services.edition_import(document=document)
    with pytest.raises(services.PublishRefused) as refused:
        services.edition_publish(edition=draft, actor=None, review=False)
    assert [result.name for result in refused.value.failures] == ["Senior in Leuven without a car"]
    draft.refresh_from_db()
    assert draft.state == "draft"


def test_archiving_a_draft():
    draft = services.edition_import(document=doc("a"))
    services.edition_archive(edition=draft, actor=None)
    draft.refresh_from_db()
    assert draft.state == "archived"
    with pytest.raises(services.EditionLocked):
        services.edition_archive(edition=draft, actor=None)


def test_usage_counts_add_up_per_day_event_and_key():
    edition = services.edition_import(document=doc("a"))
    services.usage_record(edition_id=edition.id, event="question_shown", keys=["age"])
    services.usage_record(edition_id=edition.id, event="question_shown", keys=["age", "has_car"])
    services.usage_record(edition_id=edition.id, event="session_started")
    counts = dict(UsageCount.objects.filter(edition=edition).values_list("key", "count"))
    assert counts == {"age": 2, "has_car": 1, "": 1}
