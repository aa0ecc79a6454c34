"""The visual rule builder: reading every rule the blocks can show and writing back exactly the same JSON
(hypothesis over generated rules), the blocks through a plain HTML form, and bad input refused or warned
in plain Dutch at the condition where it is."""

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from assistant import rule_builder as rb
from assistant.engine import load_catalogue_text, parse_catalogue
from assistant.engine.rules import check_rule
from tests.fixtures.assistant import html, product_data, url

LEUVEN = Path(settings.BASE_DIR) / "assistant" / "catalogues" / "leuven.yaml"

DOC = {
    "format": "leuvenhelpt-catalogue/1",
    "edition": "t",
    "default_language": "nl",
    "questions": [
        {"key": "b", "type": "boolean", "text": {"nl": "Ja of nee?"}},
        {
            "key": "c",
            "type": "choice",
            "text": {"nl": "Eén keuze?"},
            "options": [{"value": v, "label": {"nl": v.upper()}} for v in ("x", "y", "z")],
        },
        {
            "key": "m",
            "type": "multi",
            "text": {"nl": "Meerdere?"},
            "options": [{"value": v, "label": {"nl": v.upper()}} for v in ("p", "q", "r")],
        },
        {"key": "n", "type": "number", "text": {"nl": "Hoeveel?"}, "min": 0, "max": 120},
        {"key": "pc", "type": "postcode", "text": {"nl": "Postcode?"}},
    ],
    "products": [
        {
            "key": "p",
            "name": {"nl": "P"},
            "kind": "service",
            "audiences": ["citizen"],
            "theme": "t",
            "summary": {"nl": "s"},
            "applies_if": True,
        }
    ],
}
CATALOGUE = parse_catalogue(DOC)
QUESTIONS = rb.question_choices(CATALOGUE, "nl")

# --- every rule the format allows over these questions (valid for the engine) ------------------------------

var = {key: {"var": key} for key in ("b", "c", "m", "n", "pc")}
numbers = st.one_of(st.integers(-5, 130), st.sampled_from([0.5, 65.0, 2.25]))
choice_values = st.sampled_from(["x", "y", "z"])
multi_values = st.sampled_from(["p", "q", "r"])
postcodes = st.sampled_from(["3000", "3001", "3010", "3012"])


def _ordered(op, left, right):
    return st.one_of(st.just({op: [left, right]}), st.just({op: [right, left]}))


comparisons = st.one_of(
    st.just(var["b"]),
    st.booleans().flatmap(lambda value: _ordered("==", var["b"], value)),
    st.booleans().flatmap(lambda value: _ordered("!=", var["b"], value)),
    choice_values.flatmap(lambda value: _ordered("==", var["c"], value)),
    choice_values.flatmap(lambda value: _ordered("!=", var["c"], value)),
    postcodes.flatmap(lambda value: _ordered("==", var["pc"], value)),
    postcodes.flatmap(lambda value: _ordered("!=", var["pc"], value)),
    st.tuples(st.sampled_from(["==", "!=", "<", "<=", ">", ">="]), numbers).flatmap(
        lambda pair: _ordered(pair[0], var["n"], pair[1])
    ),
    st.tuples(st.sampled_from(["<", "<="]), numbers, numbers).map(lambda t: {t[0]: [t[1], var["n"], t[2]]}),
    multi_values.map(lambda value: {"in": [value, var["m"]]}),
    st.booleans(),
    st.just({"==": [var["c"], None]}),
    st.just({"==": [var["c"], var["c"]]}),
)


def _extend(children):
    return st.one_of(
        st.lists(children, min_size=1, max_size=4).map(lambda items: {"and": items}),
        st.lists(children, min_size=1, max_size=4).map(lambda items: {"or": items}),
        children.map(lambda item: {"!": item}),
        children.map(lambda item: {"!": [item]}),
    )


rules = st.recursive(comparisons, _extend, max_leaves=12)


@hypothesis_settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rules)
def test_every_rule_the_blocks_show_is_written_back_exactly(rule):
    node, problems = check_rule(rule, CATALOGUE.question_infos)
    assert node is not None, problems  # the generator only makes rules the engine accepts
    with translation.override("nl"):
        tree = rb.from_rule(rule, QUESTIONS)
        if tree is not None:
            assert rb.to_rule(tree, QUESTIONS) == rule


# --- blocks built by an editor (no JSON to remember) ------------------------------------------------------


def _condition():
    return st.one_of(
        st.sampled_from(["is_true", "is_false"]).map(lambda op: rb.Condition("b", op)),
        st.tuples(st.sampled_from(["is", "is_not"]), choice_values).map(lambda t: rb.Condition("c", t[0], value=t[1])),
        st.tuples(
            st.sampled_from(["one_of", "not_one_of"]), st.lists(choice_values, min_size=2, max_size=3, unique=True)
        ).map(lambda t: rb.Condition("c", t[0], values=t[1])),
        st.tuples(st.sampled_from(["contains", "not_contains"]), multi_values).map(
            lambda t: rb.Condition("m", t[0], value=t[1])
        ),
        st.lists(multi_values, min_size=2, max_size=3, unique=True).map(
            lambda values: rb.Condition("m", "contains_any", values=values)
        ),
        st.tuples(st.sampled_from(list(rb.NUMBER_OPS)), st.integers(0, 120)).map(
            lambda t: rb.Condition("n", t[0], value=str(t[1]))
        ),
        st.tuples(st.integers(0, 60), st.integers(60, 120)).map(
            lambda t: rb.Condition("n", "between", low=str(t[0]), high=str(t[1]))
        ),
        st.tuples(st.sampled_from(["is", "is_not"]), postcodes).map(lambda t: rb.Condition("pc", t[0], value=t[1])),
        st.sampled_from(["3000, 3010-3012", "3001 3018"]).map(lambda text: rb.Condition("pc", "one_of", value=text)),
    )


def _group(children):
    return st.tuples(st.sampled_from(rb.MODES), st.lists(children, min_size=1, max_size=3)).map(
        lambda t: rb.Group(t[0], t[1])
    )


trees = st.recursive(_condition(), _group, max_leaves=8).map(
    lambda node: node if isinstance(node, rb.Group) else rb.Group("all", [node])
)


@hypothesis_settings(max_examples=300, deadline=None)
@given(trees)
def test_blocks_write_a_rule_the_engine_accepts_and_read_it_back(tree):
    rule = rb.to_rule(tree, QUESTIONS)
    node, problems = check_rule(rule, CATALOGUE.question_infos)
    assert node is not None, problems
    again = rb.from_rule(rule, QUESTIONS)
    assert again is not None
    assert rb.to_rule(again, QUESTIONS) == rule


# --- the Leuven catalogue ---------------------------------------------------------------------------------


def test_every_leuven_rule_shows_as_blocks_and_round_trips():
    document = load_catalogue_text(LEUVEN.read_text(encoding="utf-8"))
    catalogue = parse_catalogue(document)
    for product in document["products"]:
        tree = rb.from_rule(product["applies_if"], rb.question_choices(catalogue, "nl"))
        assert tree is not None, product["key"]
        assert rb.to_rule(tree, rb.question_choices(catalogue, "nl")) == product["applies_if"]
    for question in document["questions"]:
        if "ask_if" in question:
            earlier = rb.question_choices(catalogue, "nl", before=question["key"])
            tree = rb.from_rule(question["ask_if"], earlier)
            assert tree is not None and rb.to_rule(tree, earlier) == question["ask_if"], question["key"]


def test_postcode_lists_and_ranges():
    assert rb.parse_postcodes("3000, 3010-3012;3018") == ["3000", "3010", "3011", "3012", "3018"]
    for bad in ("300", "3012-3010", "1000-1300", "abcd", "0999"):
        with pytest.raises(ValueError):
            rb.parse_postcodes(bad)
    condition = rb.Condition("pc", "one_of", value="3010-3011")
    assert rb.to_rule(rb.Group("all", [condition]), QUESTIONS) == {
        "or": [{"==": [{"var": "pc"}, "3010"]}, {"==": [{"var": "pc"}, "3011"]}]
    }


# --- bad input, in Dutch, at the condition -----------------------------------------------------------------


def checked(*children, required=True):
    tree = rb.Group("all", list(children))
    with translation.override("nl"):
        ok = rb.check(tree, QUESTIONS, required=required)
    return ok, tree


def test_an_operator_that_does_not_fit_the_question_is_refused_at_that_condition():
    ok, tree = checked(rb.Condition("b", "is_true"), rb.Condition("c", "lt", value="3"))
    assert not ok
    assert tree.children[0].errors == []
    assert tree.children[1].errors == [
        "Kies een vergelijking die bij deze vraag past: is, is niet, is een van, is geen van."
    ]


def test_a_value_outside_the_options_and_bad_numbers_are_refused():
    assert checked(rb.Condition("c", "is", value="w"))[1].children[0].errors == [
        "‘w’ is geen antwoord van deze vraag. Kies een van de antwoorden."
    ]
    assert checked(rb.Condition("n", "ge", value="veel"))[1].children[0].errors == [
        "Schrijf een getal, bijvoorbeeld 65 of 2,5."
    ]
    assert checked(rb.Condition("n", "between", low="70", high="10"))[1].children[0].errors == [
        "Het eerste getal mag niet groter zijn dan het tweede."
    ]
    assert (
        checked(rb.Condition("pc", "one_of", value="3000, 30x"))[1]
        .children[0]
        .errors[0]
        .startswith("‘30x’ is geen postcode")
    )
    assert checked(rb.Condition("", ""))[1].children[0].errors == ["Kies een vraag."]


def test_an_empty_group_and_an_empty_rule():
    ok, tree = checked(rb.Condition("b", "is_true"), rb.Group("any", []))
    assert not ok and tree.children[1].errors == [
        "Deze groep is leeg. Voeg er een voorwaarde aan toe, of verwijder de groep."
    ]
    ok, tree = checked()
    assert not ok and tree.errors == ["Voeg minstens één voorwaarde toe."]
    assert checked(required=False)[0]  # an ask_if may be empty: the question is always asked


def test_a_never_true_rule_is_warned_at_the_group_and_the_condition():
    tree = rb.Group("all", [rb.Condition("c", "is", value="x"), rb.Condition("c", "is", value="y")])
    with translation.override("nl"):
        rb.mark_never_true(tree, CATALOGUE)
    assert tree.warnings == ["De voorwaarden in deze groep kunnen nooit samen kloppen. Kijk ze na."]
    tree = rb.Group("any", [rb.Condition("n", "gt", value="500"), rb.Condition("b", "is_true")])
    with translation.override("nl"):
        rb.mark_never_true(tree, CATALOGUE)
    assert tree.warnings == [] and tree.children[0].warnings == [
        "Deze voorwaarde kan nooit kloppen. Kijk de waarde na."
    ]


# --- through the page, as a browser without JavaScript posts it ---------------------------------------------


class _Inputs(HTMLParser):
    """The values a browser would post for the rule builder's fields (rb-*), as rendered."""

    def __init__(self):
        super().__init__()
        self.data: dict[str, list[str]] = {}
        self._select: str | None = None

    def add(self, name, value):
        self.data.setdefault(name, []).append(value)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        name = attrs.get("name") or ""
        if tag == "input" and name.startswith("rb-"):
            if attrs.get("type") == "checkbox" and "checked" not in attrs:
                return
            self.add(name, attrs.get("value", ""))
        elif tag == "select" and name.startswith("rb-"):
            self._select = name
        elif tag == "option" and self._select and "selected" in attrs:
            self.add(self._select, attrs.get("value", ""))

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None


def builder_fields(page: str) -> dict[str, list[str]]:
    parser = _Inputs()
    parser.feed(page)
    return parser.data


@pytest.mark.django_db
def test_saving_the_blocks_unchanged_keeps_the_rule_exactly(editor_client, draft):
    page = html(editor_client.get(url("product_edit", draft.pk, "sociaal-tarief-ouderen")))
    assert 'id="rule-builder"' in page and "Dit product is van toepassing als" in page
    fields = builder_fields(page)
    assert fields["rb-mode"] == ["blocks"]
    data = product_data(draft, "sociaal-tarief-ouderen") | fields
    data.pop("applies_if")
    response = editor_client.post(url("product_edit", draft.pk, "sociaal-tarief-ouderen"), data)
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.document["products"][0]["applies_if"] == {
        "and": [{"var": "lives_in_leuven"}, {">=": [{"var": "age"}, 65]}]
    }


@pytest.mark.django_db
def test_adding_a_nested_group_without_javascript_then_saving(editor_client, draft):
    edit = url("product_edit", draft.pk, "ondernemersloket")
    base = product_data(draft, "ondernemersloket")
    base.pop("applies_if")
    page = html(editor_client.get(edit))
    # 1. add a group to the top group: the page comes back with the group, nothing saved
    page = html(editor_client.post(edit, base | builder_fields(page) | {"rb-action": "add-group:r"}))
    fields = builder_fields(page)
    assert fields["rb-r_1-kind"] == ["group"] and fields["rb-r_1_0-kind"] == ["condition"]
    # 2. pick a question in the new group's condition and ask for the fitting choices (the no-JS button)
    fields |= {"rb-r_1-mode": ["any"], "rb-r_1_0-q": ["has_car"], "rb-action": ["refresh:r_1_0"]}
    page = html(editor_client.post(edit, base | fields))
    assert '<option value="is_true" selected>is ja</option>' in page
    fields = builder_fields(page)
    # 3. a second condition in the group: age at least 18
    page = html(editor_client.post(edit, base | fields | {"rb-action": "add-condition:r_1"}))
    fields = builder_fields(page) | {"rb-r_1_1-q": ["age"], "rb-action": ["refresh:r_1_1"]}
    page = html(editor_client.post(edit, base | fields))
    fields = builder_fields(page) | {"rb-r_1_1-op": ["ge"], "rb-r_1_1-v": ["18"]}
    fields.pop("rb-action", None)
    response = editor_client.post(edit, base | fields)
    assert response.status_code == 302, re.findall(r'class="field-error">(.*?)</div>', html(response), re.S)
    draft.refresh_from_db()
    assert draft.document["products"][2]["applies_if"] == {
        "and": [
            {"==": [{"var": "audience"}, "business"]},
            {"or": [{"var": "has_car"}, {">=": [{"var": "age"}, 18]}]},
        ]
    }


@pytest.mark.django_db
def test_bad_blocks_are_refused_in_dutch_keeping_what_was_built(editor_client, draft):
    edit = url("product_edit", draft.pk, "ondernemersloket")
    base = product_data(draft, "ondernemersloket")
    base.pop("applies_if")
    fields = builder_fields(html(editor_client.get(edit)))
    fields |= {
        "rb-r_1-kind": ["condition"],
        "rb-r_1-q": ["age"],
        "rb-r_1-op": ["is_true"],  # not an operator for a number
        "rb-r_2-kind": ["group"],
        "rb-r_2-mode": ["any"],  # an empty group
    }
    before = draft.revision
    page = html(editor_client.post(edit, base | fields))
    assert "De regel heeft nog fouten: zie de gemarkeerde voorwaarden hieronder." in page
    assert "Kies een vergelijking die bij deze vraag past: is gelijk aan (=)" in page
    assert "Deze groep is leeg." in page
    assert 'name="rb-r_2-kind" value="group"' in page  # what was built is kept
    assert '<option value="age" selected>' in page
    draft.refresh_from_db()
    assert draft.revision == before


@pytest.mark.django_db
def test_a_rule_the_blocks_cannot_show_falls_back_to_json_with_an_explanation(editor_client, draft, editor_user):
    from assistant import services

    product = dict(draft.document["products"][1]) | {"applies_if": {"==": [{"var": "age"}, None]}}
    services.edition_item_save(edition=draft, kind="products", key="bewonerskaart", item=product, actor=editor_user)
    page = html(editor_client.get(url("product_edit", draft.pk, "bewonerskaart")))
    assert "Deze regel heeft een vorm die de blokken niet kunnen tonen." in page
    assert 'name="applies_if"' in page and "rb-r-kind" not in page
    assert json.loads(
        re.search(r'<textarea name="applies_if"[^>]*>(.*?)</textarea>', page, re.S)[1].replace("&quot;", '"')
    ) == {"==": [{"var": "age"}, None]}


@pytest.mark.parametrize(
    "rule",
    [
        {"!": [{"var": "b"}]},
        {"==": [False, {"var": "b"}]},
        {"<=": [1, {"var": "n"}, 5]},
        {">": [18, {"var": "n"}]},
        {"!": {"or": [{"var": "b"}]}},
        {"!": {"and": [{"var": "b"}, {"in": ["p", {"var": "m"}]}]}},
        {"and": [{"or": [{"==": [{"var": "c"}, "x"]}, {"==": [{"var": "c"}, "y"]}]}]},
    ],
)
def test_these_shapes_show_as_blocks(rule):
    """Not vacuous: the forms the format allows beyond the builder's own are read as blocks too."""
    tree = rb.from_rule(rule, QUESTIONS)
    assert tree is not None and rb.to_rule(tree, QUESTIONS) == rule


@pytest.mark.django_db
def test_the_question_form_offers_only_earlier_questions_and_allows_no_rule(editor_client, draft):
    page = html(editor_client.get(url("question_edit", draft.pk, "age")))
    assert "Stel deze vraag alleen als" in page
    question_select = re.search(r'<select[^>]*name="rb-r_0-q".*?</select>', page, re.S)[0]
    assert 'value="lives_in_leuven" selected' in question_select
    assert 'value="has_car"' not in question_select  # asked later: not offered
    # removing the only condition leaves no rule: the question is always asked
    fields = builder_fields(page)
    fields = {key: value for key, value in fields.items() if not key.startswith("rb-r_0")}
    data = {"original_key": "age"} | _question_values(draft, "age") | fields
    data.pop("ask_if")
    assert editor_client.post(url("question_edit", draft.pk, "age"), data).status_code == 302
    draft.refresh_from_db()
    assert "ask_if" not in draft.document["questions"][2]


def _question_values(draft, key):
    from assistant import editor

    position = editor.item_index(draft.document, "questions", key)
    return editor.question_initial(draft.document["questions"][position])


@pytest.mark.django_db
def test_bad_blocks_on_the_question_form_are_refused_in_dutch_at_the_condition_keeping_what_was_built(
    editor_client, draft
):
    """The "bad input" of issue 19 on the question form: an operator that does not fit, an answer that is not
    an option, an empty group: refused at the condition; nothing saved, everything built is still there."""
    edit = url("question_edit", draft.pk, "age")
    base = {"original_key": "age"} | _question_values(draft, "age")
    base.pop("ask_if")
    fields = builder_fields(html(editor_client.get(edit)))
    fields |= {
        "rb-r_1-kind": ["condition"],
        "rb-r_1-q": ["lives_in_leuven"],
        "rb-r_1-op": ["ge"],  # a number comparison for a yes/no question
        "rb-r_2-kind": ["condition"],
        "rb-r_2-q": ["audience"],
        "rb-r_2-op": ["is"],
        "rb-r_2-v": ["vereniging"],  # not an option of the question
        "rb-r_3-kind": ["group"],
        "rb-r_3-mode": ["any"],  # an empty group
    }
    before = draft.revision
    page = html(editor_client.post(edit, base | fields))
    assert "De regel heeft nog fouten: zie de gemarkeerde voorwaarden hieronder." in page
    assert "Kies een vergelijking die bij deze vraag past: is ja, is nee." in page
    assert "‘vereniging’ is geen antwoord van deze vraag. Kies een van de antwoorden." in page
    assert "Deze groep is leeg." in page
    assert 'name="rb-r_3-kind" value="group"' in page and '<option value="audience" selected>' in page
    draft.refresh_from_db()
    assert draft.revision == before


@pytest.mark.django_db
def test_a_question_rule_that_can_never_be_true_is_warned_at_its_group(editor_client, draft):
    edit = url("question_edit", draft.pk, "age")
    base = {"original_key": "age"} | _question_values(draft, "age")
    base["ask_if"] = '{"and": [{"==": [{"var": "audience"}, "citizen"]}, {"==": [{"var": "audience"}, "business"]}]}'
    page = html(editor_client.post(edit, base | {"rb-mode": "json", "rb-action": "blocks:r"}))
    assert "De voorwaarden in deze groep kunnen nooit samen kloppen. Kijk ze na." in page
