"""The catalogue editors' area: editions, import/export, editing drafts, rules checked while typing,
the comparison with the published edition, publishing, and the preview as a citizen."""

import copy
import json
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from accounts.roles import Role
from assistant import editor, services
from assistant.engine import dump_catalogue_text, load_catalogue_text, parse_catalogue
from assistant.forms_editor import CaseForm, ProductForm, QuestionForm
from assistant.guide import PREVIEW_KEY
from assistant.models import Edition, EditionChange
from tests.fixtures.assistant import DOC, html, make_doc, product_data, question_data, upload, url

pytestmark = pytest.mark.django_db

LEUVEN = Path(settings.BASE_DIR) / "assistant" / "catalogues" / "leuven.yaml"


# ---------------------------------------------------------------------------
# Who may do what: the four checks for every object view


def _get_views(draft):
    return [
        url("overview"),
        url("import"),
        url("edition", draft.pk),
        url("export", draft.pk, "yaml"),
        url("publish", draft.pk),
        url("archive", draft.pk),
        url("diff", draft.pk),
        url("question_add", draft.pk),
        url("question_edit", draft.pk, "age"),
        url("question_remove", draft.pk, "has_car"),
        url("product_add", draft.pk),
        url("product_edit", draft.pk, "bewonerskaart"),
        url("product_remove", draft.pk, "bewonerskaart"),
        url("case_add", draft.pk),
        url("case_edit", draft.pk, 1),
        url("case_remove", draft.pk, 1),
    ]


def test_object_views_anonymous_must_sign_in(client, draft):
    for address in _get_views(draft):
        response = client.get(address)
        assert response.status_code == 302, address
        assert response.url.startswith(reverse("account_login")), address


@pytest.mark.parametrize("role", [Role.CITIZEN, Role.COORDINATOR, Role.KCC_AGENT, Role.MANAGER, Role.ADMIN])
def test_object_views_other_roles_are_refused(client_as, draft, role):
    client = client_as(role)
    for address in _get_views(draft):
        assert client.get(address).status_code == 403, address


def test_object_views_open_for_the_editor(editor_client, draft):
    for address in _get_views(draft):
        assert editor_client.get(address).status_code == 200, address


def test_object_views_refuse_other_methods(editor_client, draft):
    for address in _get_views(draft):
        assert editor_client.put(address).status_code == 405, address
        assert editor_client.delete(address).status_code == 405, address


def _post_views(draft):
    return [
        url("draft_new", draft.based_on_id),
        url("preview", draft.pk),
        url("preview_stop"),
        url("rule_check", draft.pk),
    ]


def test_post_only_views_answer_get_with_405(editor_client, draft):
    for address in _post_views(draft):
        assert editor_client.get(address).status_code == 405, address


def test_post_only_views_anonymous_must_sign_in_and_others_are_refused(client, client_as, draft):
    for address in _post_views(draft):
        response = client.post(address, {"applies_if": "true"})
        assert response.status_code == 302 and response.url.startswith(reverse("account_login")), address
    citizen = client_as(Role.CITIZEN)
    for address in _post_views(draft):
        assert citizen.post(address, {"applies_if": "true"}).status_code == 403, address


def test_an_unknown_edition_item_or_format_is_not_found(editor_client, draft):
    assert editor_client.get(url("edition", 99999)).status_code == 404
    assert editor_client.get(url("question_edit", draft.pk, "nothing")).status_code == 404
    assert editor_client.get(url("product_edit", draft.pk, "nothing")).status_code == 404
    assert editor_client.get(url("case_edit", draft.pk, 9)).status_code == 404
    assert editor_client.get(url("export", draft.pk, "xml")).status_code == 404


def test_pages_have_no_inline_style_or_script_and_one_h1(editor_client, draft):
    """The Content-Security-Policy forbids inline styles and scripts."""
    addresses = [a for a in _get_views(draft) if "/export/" not in a] + [url("analytics")]
    for address in addresses:
        page = html(editor_client.get(address))
        assert " style=" not in page, address
        assert re.search(r"<script(?![^>]*\bsrc=)", page) is None, address
        assert page.count("<h1") == 1, address


# ---------------------------------------------------------------------------
# The overview


def test_overview_lists_editions_by_state_with_who_changed_what(english, editor_client, published, draft, editor_user):
    archived = services.edition_import(document=make_doc("2025-06"), actor=editor_user)
    services.edition_archive(edition=archived, actor=editor_user)
    services.edition_item_save(
        edition=draft, kind="products", key="bewonerskaart", item=draft.document["products"][1], actor=editor_user
    )
    page = html(editor_client.get(url("overview")))
    published_part, rest = page.split('id="drafts-title"')
    drafts_part, archived_part = rest.split('id="archived-title"')
    assert "2026-12<" in published_part
    assert "2026-12-v2" in drafts_part and "copy of 2026-12" in drafts_part
    assert "2025-06" in archived_part.split('id="changes-title"')[0]
    assert "Product changed" in page and "<code>bewonerskaart</code>" in page
    assert "Pieter De Smet" in page
    assert url("publish", draft.pk) in drafts_part
    assert url("draft_new", published.pk) in published_part


def _editions(prefix: str, count: int, actor):
    for number in range(count):
        edition = services.edition_import(document=make_doc(f"{prefix}-{number}"), actor=actor)
        services.edition_item_save(
            edition=edition, kind="questions", key="age", item=edition.document["questions"][2], actor=actor
        )


def test_overview_query_count_does_not_grow_with_the_editions(
    editor_client, published, editor_user, django_assert_num_queries
):
    _editions("a", 2, editor_user)
    editor_client.get(url("overview"))  # warm the session
    with django_assert_num_queries(4) as few:  # user, roles, editions with their last change, recent changes
        assert editor_client.get(url("overview")).status_code == 200
    _editions("b", 6, editor_user)
    with django_assert_num_queries(len(few.captured_queries)):
        assert editor_client.get(url("overview")).status_code == 200


# ---------------------------------------------------------------------------
# The edition page


def test_edition_page_shows_rules_in_readable_dutch_warnings_and_cases(editor_client, draft):
    page = html(editor_client.get(url("edition", draft.pk)))
    assert "Woont u in Leuven? = Ja EN Wat is uw leeftijd? ≥ 65" in page
    assert "Voor wie zoekt u? = Een inwoner" in page  # an ask_if
    # questions in document order, products grouped by theme
    positions = [page.index(f'id="question-{key}"') for key in ("audience", "lives_in_leuven", "age", "has_car")]
    assert positions == sorted(positions)
    assert 'id="theme-welzijn"' in page and 'id="theme-mobiliteit"' in page
    assert page.count("result-pass") == 2


def test_edition_page_lists_lint_warnings_and_why_a_case_fails(editor_client, draft, editor_user):
    product = copy.deepcopy(draft.document["products"][1])
    product["applies_if"] = {"and": [{"var": "has_car"}, {"!": {"var": "has_car"}}]}
    services.edition_item_save(edition=draft, kind="products", key="bewonerskaart", item=product, actor=editor_user)
    case = copy.deepcopy(draft.document["cases"][0])
    case["applies"] = ["sociaal-tarief-ouderen", "ondernemersloket"]
    draft.refresh_from_db()
    services.edition_item_save(edition=draft, kind="cases", key=case["name"], item=case, actor=editor_user)
    page = html(editor_client.get(url("edition", draft.pk)))
    assert "De regel van ‘Bewonerskaart’ kan nooit waar zijn: hij geldt voor niemand." in page
    assert f'href="{url("product_edit", draft.pk, "bewonerskaart")}#id_applies_if"' in page  # a link to the rule
    assert (
        "Volgens het voorbeeld ‘Senior in Leuven zonder auto’ is ‘Ondernemersloket’ van toepassing, "
        "maar volgens de regel niet." in page
    )
    assert page.count("result-fail") == 1


def test_edition_page_query_count_does_not_grow_with_the_changes(
    editor_client, draft, make_user, django_assert_num_queries
):
    editor_client.get(url("edition", draft.pk))
    with django_assert_num_queries(5):  # user, roles, edition, is one published, history
        assert editor_client.get(url("edition", draft.pk)).status_code == 200
    for _ in range(6):
        services.edition_item_save(
            edition=draft,
            kind="questions",
            key="age",
            item=draft.document["questions"][2],
            actor=make_user(Role.CATALOGUE_EDITOR),
        )
    with django_assert_num_queries(5):
        assert editor_client.get(url("edition", draft.pk)).status_code == 200


def test_the_published_edition_offers_a_draft_instead_of_editing(english, editor_client, published):
    page = html(editor_client.get(url("edition", published.pk)))
    assert url("draft_new", published.pk) in page
    assert url("question_remove", published.pk, "age") not in page


# ---------------------------------------------------------------------------
# Import and export


def test_import_a_yaml_file_makes_a_draft(editor_client, editor_user):
    response = editor_client.post(url("import"), {"file": upload(LEUVEN.read_text(encoding="utf-8"))})
    edition = Edition.objects.get(label="2026-12")
    assert response.status_code == 302 and response.url == url("edition", edition.pk)
    assert edition.state == "draft" and edition.created_by == editor_user
    assert edition.document == load_catalogue_text(LEUVEN.read_text(encoding="utf-8"))


def test_import_a_json_file(editor_client):
    content = dump_catalogue_text(make_doc("json-edition"), fmt="json")
    response = editor_client.post(url("import"), {"file": upload(content, "catalogus.json")})
    assert response.status_code == 302
    assert Edition.objects.get(label="json-edition").document == make_doc("json-edition")


def test_an_invalid_file_lists_every_problem_and_stores_nothing(editor_client):
    document = make_doc("broken")
    document["products"][0]["applies_if"] = {"xor": [True, False]}
    document["questions"][1]["ask_if"] = {"var": "age"}
    document["questions"][3]["key"] = "age"
    response = editor_client.post(url("import"), {"file": upload(dump_catalogue_text(document))})
    page = html(response)
    assert response.status_code == 200
    assert "De regel van ‘Sociaal tarief voor ouderen’ gebruikt een bewerking die de assistent niet kent." in page
    assert (
        "De regel wanneer ‘Woont u in Leuven?’ gevraagd wordt gebruikt de vraag ‘Wat is uw leeftijd?’, "
        "maar die vraag komt pas later." in page
    )
    assert "De sleutel ‘age’ wordt al gebruikt. Kies een andere sleutel." in page
    assert Edition.objects.count() == 0 and EditionChange.objects.count() == 0


def test_a_file_that_is_not_yaml_or_uses_a_label_in_use_is_refused(editor_client, published):
    page = html(editor_client.post(url("import"), {"file": upload("format: [unclosed")}))
    assert "error-summary" in page and Edition.objects.count() == 1
    page = html(editor_client.post(url("import"), {"file": upload(dump_catalogue_text(make_doc()))}))
    assert "Er bestaat al een editie ‘2026-12’." in page
    assert Edition.objects.count() == 1


def test_import_without_a_file_says_what_to_do(english, editor_client):
    page = html(editor_client.post(url("import"), {}))
    assert '<a href="#id_file">Choose the catalogue file to import</a>' in page


@pytest.mark.parametrize("fmt", ["yaml", "json"])
def test_export_downloads_the_document_of_any_edition(editor_client, published, draft, fmt):
    for edition in (published, draft):
        response = editor_client.get(url("export", edition.pk, fmt))
        assert response["Content-Disposition"] == f'attachment; filename="leuvenhelpt-catalogus-{edition.label}.{fmt}"'
        assert load_catalogue_text(response.content.decode()) == edition.document


# ---------------------------------------------------------------------------
# Drafts, publishing, archiving


def test_a_new_draft_from_the_published_edition(editor_client, published, editor_user):
    response = editor_client.post(url("draft_new", published.pk))
    draft = Edition.objects.get(state="draft")
    assert response.status_code == 302 and response.url == url("edition", draft.pk)
    assert draft.based_on == published and draft.created_by == editor_user
    assert EditionChange.objects.filter(edition=draft, action="copied", actor=editor_user).exists()


def test_make_a_draft_and_continue_editing_the_same_item(editor_client, published):
    response = editor_client.post(
        url("draft_new", published.pk), {"then_kind": "products", "then_key": "bewonerskaart"}
    )
    draft = Edition.objects.get(state="draft")
    assert response.url == url("product_edit", draft.pk, "bewonerskaart")
    response = editor_client.post(url("draft_new", published.pk), {"then_kind": "cases", "then_key": "2"})
    assert response.url.endswith("/gevallen/2/")
    response = editor_client.post(url("draft_new", published.pk), {"then_kind": "questions", "then_key": ""})
    assert response.url.endswith("/vragen/nieuw/")


def test_editing_a_published_edition_is_refused(english, editor_client, published):
    before = copy.deepcopy(published.document)
    edit = editor_client.get(url("question_edit", published.pk, "age"))
    assert edit.status_code == 200 and url("draft_new", published.pk) in html(edit)
    assert 'name="then_key" value="age"' in html(edit)
    data = editor.question_initial(published.document["questions"][2]) | {"max": "99"}
    assert editor_client.post(url("question_edit", published.pk, "age"), data).status_code == 409
    assert editor_client.post(url("product_remove", published.pk, "bewonerskaart")).status_code == 409
    assert editor_client.post(url("case_remove", published.pk, 1)).status_code == 409
    published.refresh_from_db()
    assert published.document == before and published.revision == 1


def test_a_failing_case_blocks_publishing(english, editor_client, draft, editor_user):
    product = copy.deepcopy(draft.document["products"][0])
    product["applies_if"] = {"var": "has_car"}
    services.edition_item_save(edition=draft, kind="products", key=product["key"], item=product, actor=editor_user)
    page = html(editor_client.get(url("publish", draft.pk)))
    assert (
        "The case ‘Senior in Leuven zonder auto’ says that ‘Social rate for older people’ applies, "
        "but according to the rule it does not." in page
    )
    assert "Publish 2026-12-v2 now" not in page  # no button while a case fails
    response = editor_client.post(url("publish", draft.pk))
    assert response.status_code == 409
    assert "The edition was not published" in html(response)
    assert url("case_edit", draft.pk, 1) in html(response)
    draft.refresh_from_db()
    assert draft.state == "draft"
    assert Edition.objects.get(state="published").label == "2026-12"


def test_publishing_a_draft_archives_the_published_edition(
    english, editor_client, published, draft, editor_user, settings
):
    settings.ASSISTANT_FOUR_EYES = False  # the review by a second editor: tests/assistant/test_four_eyes.py
    assert "Publish" in html(editor_client.get(url("publish", draft.pk)))
    response = editor_client.post(url("publish", draft.pk))
    assert response.status_code == 302
    draft.refresh_from_db()
    published.refresh_from_db()
    assert (draft.state, published.state) == ("published", "archived")
    assert draft.published_by == editor_user
    # only a draft can be published or archived
    assert editor_client.post(url("publish", draft.pk)).status_code == 302
    assert editor_client.post(url("archive", draft.pk)).status_code == 302
    draft.refresh_from_db()
    assert draft.state == "published"


def test_archiving_a_draft(editor_client, draft, editor_user):
    response = editor_client.post(url("archive", draft.pk))
    assert response.status_code == 302 and response.url == url("overview")
    draft.refresh_from_db()
    assert draft.state == "archived"
    assert EditionChange.objects.filter(edition=draft, action="archived", actor=editor_user).exists()


# ---------------------------------------------------------------------------
# Editing a question


def test_the_question_form_shows_the_question(editor_client, draft):
    page = html(editor_client.get(url("question_edit", draft.pk, "audience")))
    assert "citizen | Een inwoner | A resident\nbusiness | Een onderneming | A business" in page
    page = html(editor_client.get(url("question_edit", draft.pk, "age")))
    assert 'name="min" value="0"' in page and 'name="max" value="120"' in page
    assert "Woont u in Leuven? = Ja" in page  # the ask_if, read back


def test_saving_a_question_keeps_what_the_form_does_not_show(editor_client, draft, editor_user):
    data = question_data(draft, "audience", text_nl="Voor wie zoekt u informatie?")
    response = editor_client.post(url("question_edit", draft.pk, "audience"), data)
    assert response.status_code == 302 and response.url.endswith("#question-audience")
    draft.refresh_from_db()
    question = draft.document["questions"][0]
    assert question["text"] == {"nl": "Voor wie zoekt u informatie?", "en": "Who are you looking for?"}
    assert question["options"][1]["label"]["fr"] == "Une entreprise"
    change = EditionChange.objects.get(edition=draft, action="question_changed")
    assert (change.actor, change.target) == (editor_user, "audience")


def test_an_invalid_rule_json_keeps_what_was_typed(english, editor_client, draft):
    typed = '{"var": "audience"'
    response = editor_client.post(url("question_edit", draft.pk, "age"), question_data(draft, "age", ask_if=typed))
    page = html(response)
    assert response.status_code == 200
    assert (
        '<a href="#id_ask_if">This is not valid JSON (line 1, column 19: Expecting &#x27;,&#x27; delimiter).</a>'
        in page
    )
    assert "{&quot;var&quot;: &quot;audience&quot;</textarea>" in page
    assert 'aria-invalid="true"' in page and 'id="id_ask_if_error"' in page
    draft.refresh_from_db()
    assert draft.revision == 1


def test_an_ask_if_on_a_later_question_is_refused_next_to_the_field(editor_client, draft):
    data = question_data(draft, "lives_in_leuven", ask_if='{"var": "has_car"}')
    page = html(editor_client.post(url("question_edit", draft.pk, "lives_in_leuven"), data))
    assert (
        '<a href="#id_ask_if">De regel wanneer ‘Woont u in Leuven?’ gevraagd wordt gebruikt de vraag '
        "‘Heeft u een auto?’, maar die vraag komt pas later." in page
    )
    draft.refresh_from_db()
    assert draft.revision == 1


def test_an_unknown_operator_is_refused_next_to_the_field(editor_client, draft):
    data = question_data(draft, "age", ask_if='{"xor": [true, false]}')
    page = html(editor_client.post(url("question_edit", draft.pk, "age"), data))
    assert (
        '<a href="#id_ask_if">De regel wanneer ‘Wat is uw leeftijd?’ gevraagd wordt gebruikt een bewerking '
        "die de assistent niet kent.</a>" in page
    )


def test_a_duplicate_question_key_is_refused_next_to_the_key(editor_client, draft):
    page = html(
        editor_client.post(url("question_edit", draft.pk, "has_car"), question_data(draft, "has_car", key="age"))
    )
    assert '<a href="#id_key">De sleutel ‘age’ wordt al gebruikt. Kies een andere sleutel.</a>' in page
    draft.refresh_from_db()
    assert [q["key"] for q in draft.document["questions"]] == ["audience", "lives_in_leuven", "age", "has_car"]


def test_renaming_a_question_that_rules_use_lists_the_rules(editor_client, draft):
    page = html(
        editor_client.post(url("question_edit", draft.pk, "has_car"), question_data(draft, "has_car", key="car"))
    )
    assert "De regel van ‘Bewonerskaart’ gebruikt de vraag ‘has_car’, maar die vraag bestaat niet (meer)." in page
    assert (
        "Het voorbeeld ‘Senior in Leuven zonder auto’ beantwoordt de vraag ‘has_car’, "
        "maar die vraag bestaat niet (meer)." in page
    )
    assert "error-summary" in page


def test_a_bad_options_line_and_a_bad_number(english, editor_client, draft):
    data = question_data(draft, "audience", options="citizen | Een inwoner\njust a value")
    page = html(editor_client.post(url("question_edit", draft.pk, "audience"), data))
    assert "Line 2: write each option as value | Dutch label | English label" in page
    page = html(editor_client.post(url("question_edit", draft.pk, "age"), question_data(draft, "age", max="veel")))
    assert '<a href="#id_max">Enter a number, e.g. 18 or 2,5, or leave this empty</a>' in page


def test_adding_a_question_puts_it_at_the_end(editor_client, draft):
    data = {
        "original_key": "",
        "key": "lives_alone",
        "type": "boolean",
        "text_nl": "Woont u alleen?",
        "ask_if": '{"var": "lives_in_leuven"}',
    }
    response = editor_client.post(url("question_add", draft.pk), data)
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.document["questions"][-1] == {
        "key": "lives_alone",
        "type": "boolean",
        "text": {"nl": "Woont u alleen?"},
        "ask_if": {"var": "lives_in_leuven"},
    }


# ---------------------------------------------------------------------------
# Editing a product


def test_saving_a_product(editor_client, draft):
    rule = '{"and": [{"var": "lives_in_leuven"}, {">=": [{"var": "age"}, 60]}]}'
    data = product_data(draft, "sociaal-tarief-ouderen", applies_if=rule, url="https://www.leuven.be/sociaal")
    response = editor_client.post(url("product_edit", draft.pk, "sociaal-tarief-ouderen"), data)
    assert response.status_code == 302
    draft.refresh_from_db()
    product = draft.document["products"][0]
    assert product["applies_if"]["and"][1] == {">=": [{"var": "age"}, 60]}
    assert product["service"] == "OCMW Leuven"  # a plain string stays a string
    assert "help_route" not in product  # "none" is the default and was not written
    assert product["url"] == "https://www.leuven.be/sociaal"
    assert list(product) == ["key", "name", "kind", "audiences", "theme", "summary", "service", "url", "applies_if"]


def test_a_product_rule_problem_goes_next_to_the_rule(english, editor_client, draft):
    data = product_data(draft, "bewonerskaart", applies_if='{"in": ["x", {"var": "has_car"}]}', name_nl="")
    page = html(editor_client.post(url("product_edit", draft.pk, "bewonerskaart"), data))
    # the missing name and the rule's engine problem are both in the error summary
    assert '<a href="#id_name_nl">Enter the name in Dutch</a>' in page
    assert (
        '<a href="#id_applies_if">The rule of ‘Bewonerskaart’ looks for one answer among the answers to '
        "‘Heeft u een auto?’, but that question has only one answer." in page
    )


def test_a_duplicate_product_key_and_a_bad_url(editor_client, draft):
    data = product_data(draft, "bewonerskaart", key="ondernemersloket", url="leuven.be")
    page = html(editor_client.post(url("product_edit", draft.pk, "bewonerskaart"), data))
    assert "De sleutel ‘ondernemersloket’ wordt al gebruikt. Kies een andere sleutel." in page
    assert '<a href="#id_url">De webpagina van het product ‘Bewonerskaart’ moet beginnen met https://.</a>' in page


def test_adding_a_product(editor_client, draft):
    data = {
        "original_key": "",
        "key": "fietsgravering",
        "name_nl": "Fietsgravering",
        "kind": "service",
        "audiences": ["citizen"],
        "theme": "mobiliteit",
        "summary_nl": "Laat uw fiets graveren.",
        "applies_if": '{"var": "lives_in_leuven"}',
        "help_route": "none",
    }
    assert editor_client.post(url("product_add", draft.pk), data).status_code == 302
    draft.refresh_from_db()
    assert draft.document["products"][-1]["key"] == "fietsgravering"
    assert draft.product_rows.filter(key="fietsgravering").exists()


# ---------------------------------------------------------------------------
# Editing and removing cases, removing questions and products


def test_editing_a_case(english, editor_client, draft):
    page = html(editor_client.get(url("case_edit", draft.pk, 1)))
    assert "As saved now, this case passes." in page
    data = editor.case_initial(draft.document["cases"][0]) | {"not_applies": "bewonerskaart, ondernemersloket"}
    assert editor_client.post(url("case_edit", draft.pk, 1), data).status_code == 302
    draft.refresh_from_db()
    assert draft.document["cases"][0]["not_applies"] == ["bewonerskaart", "ondernemersloket"]


def test_case_problems_go_next_to_their_fields(english, editor_client, draft):
    data = editor.case_initial(draft.document["cases"][0]) | {"answers": "[1, 2]"}
    page = html(editor_client.post(url("case_edit", draft.pk, 1), data))
    assert '<a href="#id_answers">Write the answers as one JSON object' in page
    data = editor.case_initial(draft.document["cases"][0]) | {"applies": "sociaal-tarief-ouderen, kinderbijslag"}
    page = html(editor_client.post(url("case_edit", draft.pk, 1), data))
    assert (
        '<a href="#id_applies">The example case ‘Senior in Leuven zonder auto’ names the product ‘kinderbijslag’, '
        "but that product does not exist (any more).</a>" in page
    )
    data = editor.case_initial(draft.document["cases"][0]) | {"answers": '{"age": 300}'}
    page = html(editor_client.post(url("case_edit", draft.pk, 1), data))
    assert (
        '<a href="#id_answers">The example case ‘Senior in Leuven zonder auto’ gives an answer to '
        "‘Wat is uw leeftijd?’ that does not fit that question.</a>" in page
    )


def test_adding_and_removing_a_case(editor_client, draft):
    data = {"name": "Jongere", "answers": '{"audience": "citizen", "lives_in_leuven": true, "age": 20}'}
    data["not_applies"] = "sociaal-tarief-ouderen"
    assert editor_client.post(url("case_add", draft.pk), data).status_code == 302
    draft.refresh_from_db()
    assert draft.document["cases"][-1] == {
        "name": "Jongere",
        "answers": {"audience": "citizen", "lives_in_leuven": True, "age": 20},
        "not_applies": ["sociaal-tarief-ouderen"],
    }
    assert editor_client.post(url("case_remove", draft.pk, 3)).status_code == 302
    draft.refresh_from_db()
    assert [case["name"] for case in draft.document["cases"]] == ["Senior in Leuven zonder auto", "Onderneming"]


def test_removing_what_something_still_uses_is_refused_with_the_reasons(english, editor_client, draft):
    page = html(editor_client.post(url("product_remove", draft.pk, "bewonerskaart")))
    assert "This cannot be removed yet" in page
    assert "names the product ‘bewonerskaart’, but that product does not exist (any more)." in page
    assert f'href="{url("case_edit", draft.pk, 1)}#id_not_applies"' in page
    page = html(editor_client.post(url("question_remove", draft.pk, "has_car")))
    assert (
        "The rule of ‘Bewonerskaart’ uses the question ‘has_car’, but that question does not exist (any more)." in page
    )
    draft.refresh_from_db()
    assert len(draft.document["products"]) == 3 and len(draft.document["questions"]) == 4


def test_removing_a_product(editor_client, draft, editor_user):
    case = copy.deepcopy(draft.document["cases"][0]) | {"not_applies": []}
    services.edition_item_save(edition=draft, kind="cases", key=case["name"], item=case, actor=editor_user)
    response = editor_client.post(url("product_remove", draft.pk, "bewonerskaart"))
    assert response.status_code == 302
    draft.refresh_from_db()
    assert [product["key"] for product in draft.document["products"]] == ["sociaal-tarief-ouderen", "ondernemersloket"]
    assert EditionChange.objects.filter(edition=draft, action="removed", target="bewonerskaart").exists()


# ---------------------------------------------------------------------------
# Rules checked while typing (HTMX)


def check(client, edition, **data):
    return html(client.post(url("rule_check", edition.pk), data, headers={"HX-Request": "true"}))


def test_the_rule_field_is_wired_for_checking_while_typing(editor_client, draft):
    """In JSON mode (the editor chose it, or the blocks cannot show the rule) the text area is checked while typing."""
    data = product_data(draft, "bewonerskaart") | {"rb-mode": "json", "rb-action": "json:r"}
    page = html(editor_client.post(url("product_edit", draft.pk, "bewonerskaart"), data))
    assert f'hx-post="{url("rule_check", draft.pk)}"' in page
    assert 'hx-trigger="keyup changed delay:400ms"' in page
    assert 'class="rule-check" aria-live="polite"' in page


def test_a_valid_rule_reads_back_in_dutch(editor_client, draft):
    rule = '{"and": [{"var": "lives_in_leuven"}, {">=": [{"var": "age"}, 65]}]}'
    answer = check(editor_client, draft, original_key="bewonerskaart", applies_if=rule)
    assert "Woont u in Leuven? = Ja EN Wat is uw leeftijd? ≥ 65" in answer
    assert "<html" not in answer  # a partial


def test_the_check_shows_the_exact_engine_problems_of_that_rule(editor_client, draft):
    answer = check(editor_client, draft, original_key="bewonerskaart", applies_if='{"xor": [{"var": "has_car"}]}')
    assert "De regel van ‘Bewonerskaart’ gebruikt een bewerking die de assistent niet kent." in answer
    answer = check(editor_client, draft, original_key="lives_in_leuven", ask_if='{"var": "age"}')
    assert "gebruikt de vraag ‘Wat is uw leeftijd?’, maar die vraag komt pas later." in answer
    answer = check(editor_client, draft, original_key="", applies_if='{"==": [{"var": "audience"}, "student"]}')
    assert "gebruikt het antwoord ‘student’ van de vraag ‘Voor wie zoekt u?’" in answer


def test_the_check_of_json_that_is_not_json_and_of_an_empty_ask_if(english, editor_client, draft):
    assert "This is not valid JSON" in check(editor_client, draft, original_key="age", ask_if='{"var": ')
    assert "No rule: the question is always asked." in check(editor_client, draft, original_key="age", ask_if="  ")


def test_the_check_shows_lint_warnings_of_that_rule(editor_client, draft):
    rule = '{"and": [{"var": "has_car"}, {"!": {"var": "has_car"}}]}'
    answer = check(editor_client, draft, original_key="bewonerskaart", applies_if=rule)
    assert "kan nooit waar zijn" in answer


# ---------------------------------------------------------------------------
# Preview as a citizen


def test_preview_opens_the_citizen_assistant_on_the_draft(editor_client, draft):
    response = editor_client.post(url("preview", draft.pk))
    assert response.status_code == 302 and response.url == reverse("assistant:start")
    assert editor_client.session[PREVIEW_KEY] == draft.pk
    assert draft.label in html(editor_client.get(reverse("assistant:start")))
    response = editor_client.post(url("preview_stop"))
    assert response.url == url("edition", draft.pk)
    assert PREVIEW_KEY not in editor_client.session


def test_preview_stop_goes_back_to_a_safe_next_page_only(editor_client, draft):
    editor_client.post(url("preview", draft.pk))
    assert editor_client.post(url("preview_stop"), {"next": "/assistent/"}).url == "/assistent/"
    editor_client.post(url("preview", draft.pk))
    assert editor_client.post(url("preview_stop"), {"next": "https://evil.example/"}).url == url("edition", draft.pk)


# ---------------------------------------------------------------------------
# The comparison with the published edition (assistant/editor.py)


def test_diff_lists_added_removed_and_changed_items_field_by_field():
    before, after = make_doc(), make_doc("2026-12-v2")
    after["questions"][2]["max"] = 110
    after["products"][0]["summary"] = {"nl": "Nieuwe uitleg."}
    del after["products"][2]
    after["cases"][1]["applies"] = []
    after["cases"][1]["not_applies"] = ["sociaal-tarief-ouderen", "bewonerskaart"]
    after["products"].append(copy.deepcopy(before["products"][1]) | {"key": "buurtparkeren"})
    diff = editor.diff_editions(before, after)
    assert [change.key for change in diff.questions.changed] == ["age"]
    assert diff.questions.changed[0].fields == (editor.FieldChange("max", "120", "110"),)
    assert [(item.key, [f.field for f in item.fields]) for item in diff.products.changed] == [
        ("sociaal-tarief-ouderen", ["summary"])
    ]
    assert [item.key for item in diff.products.added] == ["buurtparkeren"]
    assert [item.key for item in diff.products.removed] == ["ondernemersloket"]
    assert [item.key for item in diff.cases.changed] == ["Onderneming"]
    assert not diff.questions.added and not diff.questions.removed and not diff.questions.reordered


def test_diff_shows_changed_rules_in_words_and_as_json():
    before, after = make_doc(), make_doc("v2")
    after["products"][0]["applies_if"] = {"var": "has_car"}
    (change,) = editor.diff_editions(before, after).products.changed[0].fields
    assert change.field == "applies_if"
    assert change.before == "Woont u in Leuven? = Ja EN Wat is uw leeftijd? ≥ 65"
    assert change.after == "Heeft u een auto? = Ja"
    assert change.after_json == '{"var": "has_car"}'


def test_diff_lists_products_that_change_outcome_for_the_cases_of_both_editions():
    before, after = make_doc(), make_doc("v2")
    after["products"][0]["applies_if"] = {"and": [{"var": "lives_in_leuven"}, {">=": [{"var": "age"}, 75]}]}
    after["cases"] = [after["cases"][1]]  # the senior's case only exists in the published edition
    after["cases"].append({"name": "Jonge autobezitter", "answers": {"audience": "citizen", "has_car": True}})
    del after["products"][2]  # ondernemersloket: applied to the business case
    after["cases"][0]["applies"] = []
    diff = editor.diff_editions(before, after)
    outcomes = {(change.case, change.product): (change.before, change.after) for change in diff.outcomes}
    assert outcomes == {
        ("Senior in Leuven zonder auto", "sociaal-tarief-ouderen"): ("applies", "not_applies"),
        ("Onderneming", "ondernemersloket"): ("applies", "absent"),
    }
    assert diff.cases_compared == 3
    assert [item.key for item in diff.cases.removed] == ["Senior in Leuven zonder auto"]


def test_diff_reports_cases_that_an_edition_cannot_evaluate():
    before, after = make_doc(), make_doc("v2")
    after["questions"][0]["options"] = after["questions"][0]["options"][:1]
    after["products"][2]["applies_if"] = {"var": "has_car"}
    del after["cases"][1]
    diff = editor.diff_editions(before, after)
    assert [(problem.case, problem.edition) for problem in diff.case_problems] == [("Onderneming", "draft")]


def test_diff_page(english, editor_client, draft, editor_user):
    product = copy.deepcopy(draft.document["products"][0]) | {"applies_if": {"var": "has_car"}}
    services.edition_item_save(edition=draft, kind="products", key=product["key"], item=product, actor=editor_user)
    page = html(editor_client.get(url("diff", draft.pk)))
    assert "Outcomes that change for the example cases" in page
    assert "Senior in Leuven zonder auto" in page and "does not apply" in page
    assert "Heeft u een auto? = Yes" in page


def test_the_diff_page_of_the_published_edition_has_nothing_to_compare(english, editor_client, published):
    assert "nothing to compare" in html(editor_client.get(url("diff", published.pk)))


# ---------------------------------------------------------------------------
# Form values ↔ document items (assistant/editor.py)


@pytest.fixture(scope="module")
def leuven() -> dict:
    return load_catalogue_text(LEUVEN.read_text(encoding="utf-8"))


def test_every_leuven_question_survives_the_form_unchanged(leuven):
    for item in leuven["questions"]:
        form = QuestionForm(editor.question_initial(item), check_url="/", existing=item)
        assert form.is_valid(), (item["key"], form.errors)
        assert form.item() == item


def test_every_leuven_product_survives_the_form_unchanged(leuven):
    for item in leuven["products"]:
        form = ProductForm(editor.product_initial(item), check_url="/", existing=item)
        assert form.is_valid(), (item["key"], form.errors)
        assert form.item() == item


def test_every_leuven_case_survives_the_form_unchanged(leuven):
    for item in leuven["cases"]:
        form = CaseForm(editor.case_initial(item), existing=item)
        assert form.is_valid(), (item["name"], form.errors)
        assert form.item() == item


def test_numbers_and_options_from_text():
    assert editor.number_from_text("65") == 65 and isinstance(editor.number_from_text("65"), int)
    assert editor.number_from_text("2,5") == 2.5 and editor.number_from_text(" ") is None
    assert editor.number_from_text("65.0") == 65.0 and isinstance(editor.number_from_text("65.0"), float)
    for bad in ("veel", "nan", "inf", "1e"):
        with pytest.raises(ValueError):
            editor.number_from_text(bad)
    assert editor.options_from_text("a | A\n\nb | B | Bee") == [
        {"value": "a", "label": {"nl": "A"}},
        {"value": "b", "label": {"nl": "B", "en": "Bee"}},
    ]
    with pytest.raises(editor.OptionsSyntaxError):
        editor.options_from_text("a | A | B | C")


def test_problems_are_sorted_onto_form_fields():
    problems = [
        'products[1].name: missing text in default language "nl"',
        "products[1].name.en: empty text (leave the language out instead)",
        "products[1].audiences[1]: unknown audience",
        'products[1]: unknown field "colour"',
        'products[10].applies_if: unknown operator "xor"',
        'products[1].applies_if: unknown operator "xor"',
    ]
    fields = ["key", "name_nl", "name_en", "audiences", "applies_if"]
    by_field, other = editor.problems_by_field(problems, "products", 1, fields)
    assert by_field == {
        "name_nl": [problems[0]],
        "name_en": [problems[1]],
        "audiences": [problems[2]],
        "applies_if": [problems[5]],
    }
    assert other == [problems[3], problems[4]]


def test_the_rule_check_only_shows_problems_of_that_item():
    check_result = editor.check_item_rule(make_doc(), "products", "bewonerskaart", '{"var": "nothing"}', "nl")
    assert [problem.text for problem in check_result.problems] == [
        "De regel van ‘Bewonerskaart’ gebruikt de vraag ‘nothing’, maar die vraag bestaat niet (meer)."
    ]
    valid = editor.check_item_rule(make_doc(), "products", "bewonerskaart", "true")
    assert valid.ok and valid.readable == "altijd"
    assert json.loads(editor.rule_to_text(DOC["products"][0]["applies_if"])) == DOC["products"][0]["applies_if"]
    assert parse_catalogue(make_doc())  # the fixture document itself is valid
