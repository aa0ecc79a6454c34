""" "Wie krijgt dit?" beside a question's rule: the products and questions that depend on it, how the anonymous
answer sets of the last 90 days answered it, and how many would get each dependent product with the question's
rule as it stands on the page against the published edition. Works without JavaScript (a plain form post)."""

import pytest
from django.utils import timezone

from assistant import editor, services
from assistant.engine import parse_catalogue
from tests.fixtures.assistant import html, question_data, url

pytestmark = pytest.mark.django_db

SETS = (
    ({"audience": "citizen", "lives_in_leuven": True, "age": 70, "has_car": False}, 3),
    ({"audience": "citizen", "lives_in_leuven": True, "age": 40, "has_car": True}, 2),
    ({"audience": "citizen", "lives_in_leuven": False, "has_car": True}, 1),
    ({"audience": "business", "has_car": True}, 4),
)


def record(edition):
    today = timezone.localdate()
    for answers, times in SETS:
        for _time in range(times):
            services.answer_set_record(edition_id=edition.pk, answers=answers, day=today)


def usage(draft_document, question_key, rule, published):
    draft, _key = editor.catalogue_with_rule(draft_document, "questions", question_key, rule)
    sets, sessions, sampled = editor.recent_answer_sets(today=timezone.localdate())
    return editor.question_usage(
        draft=draft,
        saved=parse_catalogue(draft_document),
        published=parse_catalogue(published.document),
        question_key=question_key,
        answer_sets=sets,
        sessions=sessions,
        language="nl",
        sampled=sampled,
    )


def test_rule_question_keys_finds_every_var_at_any_depth():
    rule = {"and": [{"var": "a"}, {"or": [{"in": ["x", {"var": "b"}]}, {"!": [{"<=": [1, {"var": "c"}, 3]}]}]}]}
    assert editor.rule_question_keys(rule) == {"a", "b", "c"}
    assert editor.rule_question_keys(None) == set()


def test_dependents_answers_and_reach_of_a_question(published):
    record(published)
    result = usage(published.document, "lives_in_leuven", {"==": [{"var": "audience"}, "citizen"]}, published)
    assert [link.key for link in result.products] == ["sociaal-tarief-ouderen", "bewonerskaart"]
    assert [link.key for link in result.questions] == ["age"]  # asked only when lives_in_leuven is yes
    assert [case.name for case in result.cases] == ["Senior in Leuven zonder auto"]
    assert result.sessions == 10
    assert [(row.label, row.count) for row in result.answers] == [("Ja", 5), ("Nee", 1)]
    assert (result.skipped, result.not_asked) == (4, 0)  # the businesses
    reach = {row.key: (row.direct, row.draft_count, row.published_count) for row in result.reach}
    assert reach == {"sociaal-tarief-ouderen": (True, 3, 3), "bewonerskaart": (True, 2, 2)}
    assert not any(row.changes for row in result.reach)


def test_a_narrower_rule_on_the_page_shows_what_changes(published):
    record(published)
    # ask "age" only of businesses (a mistake): no senior gets the social rate any more
    result = usage(published.document, "age", {"==": [{"var": "audience"}, "business"]}, published)
    assert [link.key for link in result.products] == ["sociaal-tarief-ouderen"]
    assert result.answers == []
    assert (result.skipped, result.not_asked) == (6, 4)  # the businesses are not asked: nothing depends on it
    (row,) = result.reach
    assert (row.key, row.draft_count, row.published_count, row.changes) == ("sociaal-tarief-ouderen", 0, 3, True)


def test_an_earlier_answer_set_with_a_number_is_counted_per_value(published):
    record(published)
    result = usage(published.document, "age", {"var": "lives_in_leuven"}, published)
    assert [(row.label, row.count) for row in result.answers] == [("70", 3), ("40", 2)]
    assert (result.skipped, result.not_asked) == (5, 0)


def test_choice_answers_are_counted_per_option(published):
    record(published)
    result = usage(published.document, "audience", None, published)
    assert [(row.label, row.count) for row in result.answers] == [("Een inwoner", 6), ("Een onderneming", 4)]
    # everything depends on audience, through lives_in_leuven and age as well
    assert {row.key: row.direct for row in result.reach} == {
        "ondernemersloket": True,
        "sociaal-tarief-ouderen": False,
        "bewonerskaart": False,
    }


def test_the_question_form_shows_who_gets_it_without_javascript(editor_client, draft):
    record(draft.based_on)
    page = html(editor_client.get(url("question_edit", draft.pk, "lives_in_leuven")))
    aside = page[page.find('class="rule-aside"') :]
    assert "Wie krijgt dit?" in aside
    assert "Producten die deze vraag gebruiken" in aside and "Sociaal tarief voor ouderen" in aside
    assert url("product_edit", draft.pk, "bewonerskaart") in aside
    assert "Hoe 10 mensen antwoordden" in aside
    assert "Senior in Leuven zonder auto" in aside
    # the rule being built counts before it is saved: a plain post of the builder's "update" button
    data = question_data(draft, "age") | {"rb-mode": "json", "rb-action": "refresh:r"}
    data["ask_if"] = '{"==": [{"var": "audience"}, "business"]}'
    page = html(editor_client.post(url("question_edit", draft.pk, "age"), data))
    aside = page[page.find('class="rule-aside"') :]
    assert 'class="table-warning"' in aside  # the social rate changes: 0 with this rule, 3 published
    assert "<td>Sociaal tarief voor ouderen" in aside


def test_a_rule_with_problems_counts_under_the_saved_rule_and_keeps_what_was_typed(editor_client, draft):
    record(draft.based_on)
    data = question_data(draft, "age") | {"rb-mode": "json", "rb-action": "refresh:r"}
    data["ask_if"] = '{"==": [{"var": "onbekend"}, 1]}'
    page = html(editor_client.post(url("question_edit", draft.pk, "age"), data))
    assert "onbekend" in page  # what was typed stays
    assert "de tellingen hieronder gebruiken de bewaarde regel" in page


def test_a_long_list_of_example_cases_is_folded_without_javascript(editor_client, draft, editor_user):
    for number in range(8):
        case = {"name": f"Extra geval {number}", "answers": {"audience": "business", "has_car": True}}
        services.edition_item_save(edition=draft, kind="cases", key=None, item=case, actor=editor_user)
    page = html(editor_client.get(url("question_edit", draft.pk, "audience")))
    aside = page[page.find('id="rule-aside"') :]
    assert "<details" in aside and "Nog 4 voorbeelden tonen" in aside  # 10 cases answer it: 6 shown, 4 folded
    assert "Extra geval 7" in aside[aside.find("<details") :]


def test_the_product_box_folds_a_long_list_of_example_cases_too(editor_client, draft, editor_user):
    for number in range(7):
        case = {"name": f"Onderneming {number}", "answers": {"audience": "business", "has_car": True}}
        services.edition_item_save(edition=draft, kind="cases", key=None, item=case, actor=editor_user)
    page = html(editor_client.get(url("product_edit", draft.pk, "ondernemersloket")))
    aside = page[page.find('id="rule-aside"') :]
    assert "Nog 2 voorbeelden tonen" in aside  # 8 cases get it: 6 shown, 2 folded


def test_a_new_question_has_no_dependents_yet(editor_client, draft):
    page = html(editor_client.get(url("question_add", draft.pk)))
    assert "Geen enkel product gebruikt deze vraag in zijn regel." in page


def test_no_answer_sets_yet(editor_client, draft):
    page = html(editor_client.get(url("question_edit", draft.pk, "has_car")))
    assert "In de laatste 90 dagen heeft nog niemand de assistent afgewerkt." in page


def test_the_question_page_query_count_does_not_grow_with_the_answer_sets(
    editor_client, draft, django_assert_max_num_queries
):
    record(draft.based_on)
    with django_assert_max_num_queries(12) as few:
        editor_client.get(url("question_edit", draft.pk, "age"))
    today = timezone.localdate()
    for number in range(40):
        services.answer_set_record(
            edition_id=draft.based_on_id,
            answers={"audience": "citizen", "lives_in_leuven": True, "age": number},
            day=today,
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        editor_client.get(url("question_edit", draft.pk, "age"))
