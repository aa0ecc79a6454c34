""" "Who gets this?" beside a product's rule: the example cases that get it, and how many of the anonymous answer
sets of the last 90 days would get it under the rule on the page and under the published rule."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from assistant import editor, services
from assistant.models import AnswerSet
from assistant.tasks import purge_answer_sets
from tests.fixtures.assistant import html, product_data, url

pytestmark = pytest.mark.django_db


def test_answer_sets_are_counted_per_week_without_anything_else(published):
    monday = date(2026, 11, 30)
    services.answer_set_record(edition_id=published.pk, answers={"age": 70, "audience": "citizen"}, day=monday)
    services.answer_set_record(
        edition_id=published.pk, answers={"audience": "citizen", "age": 70}, day=monday + timedelta(days=3)
    )
    row = AnswerSet.objects.get()
    assert row.count == 2 and row.week == monday and row.answers == {"age": 70, "audience": "citizen"}
    assert {field.name for field in AnswerSet._meta.get_fields()} == {
        "id",
        "edition",
        "week",
        "digest",
        "answers",
        "count",
    }


def test_sets_older_than_90_days_are_purged(published):
    today = timezone.localdate()
    services.answer_set_record(edition_id=published.pk, answers={"has_car": True}, day=today - timedelta(days=120))
    services.answer_set_record(edition_id=published.pk, answers={"has_car": False}, day=today)
    assert purge_answer_sets() == 1
    assert list(AnswerSet.objects.values_list("answers", flat=True)) == [{"has_car": False}]


def test_finishing_the_assistant_records_one_answer_set(client, published):
    client.post("/assistent/vraag/audience/", {"answer": "business"})
    client.get("/assistent/resultaat/")
    client.get("/assistent/resultaat/")  # a reload counts once
    assert list(AnswerSet.objects.values_list("answers", "count")) == [({"audience": "business"}, 1)]


def test_who_gets_counts_under_the_draft_and_the_published_rule(published):
    today = timezone.localdate()
    for answers, times in (
        ({"audience": "citizen", "lives_in_leuven": True, "age": 70, "has_car": True}, 3),
        ({"audience": "citizen", "lives_in_leuven": True, "age": 40, "has_car": True}, 2),
        ({"audience": "business", "has_car": False, "gone": 1}, 1),  # an answer to a question that is gone
    ):
        for _time in range(times):
            services.answer_set_record(edition_id=published.pk, answers=answers, day=today)
    sets, sessions, sampled = editor.recent_answer_sets(today=today)
    assert sessions == 6 and not sampled
    draft, key = editor.catalogue_with_rule(
        published.document, "products", "sociaal-tarief-ouderen", {">=": [{"var": "age"}, 30]}
    )
    from assistant.engine import parse_catalogue

    result = editor.who_gets(
        draft=draft,
        published=parse_catalogue(published.document),
        product_key=key,
        answer_sets=sets,
        sessions=sessions,
    )
    assert (result.draft_count, result.published_count) == (5, 3)
    assert [case.name for case in result.cases] == ["Senior in Leuven zonder auto"]


def test_the_product_form_shows_who_gets_it(editor_client, draft):
    today = timezone.localdate()
    services.answer_set_record(
        edition_id=draft.based_on_id, answers={"audience": "citizen", "lives_in_leuven": True, "age": 80}, day=today
    )
    page = html(editor_client.get(url("product_edit", draft.pk, "sociaal-tarief-ouderen")))
    assert "Wie krijgt dit?" in page, page[page.find("rule-aside") :][:1500]
    assert "Senior in Leuven zonder auto" in page
    assert "1 van 1 mensen zou het krijgen" in page and "1 van 1 mensen kreeg het" in page
    # the rule being built counts, before it is saved
    data = product_data(draft, "sociaal-tarief-ouderen") | {"rb-mode": "json", "rb-action": "refresh:r"}
    data["applies_if"] = '{">=": [{"var": "age"}, 90]}'
    page = html(editor_client.post(url("product_edit", draft.pk, "sociaal-tarief-ouderen"), data))
    assert "0 van 1 mensen zouden het krijgen" in page and "1 van 1 mensen kreeg het" in page
