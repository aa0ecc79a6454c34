"""The catalogue editor's translations: every text of a question or product in all offered languages side by side,
which lack a language, which are machine-made and not yet checked, and marking them checked (issue 21)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.roles import Role
from assistant.models import CatalogueProduct, Edition, EditionChange
from assistant.services import edition_import
from tests.conftest import _catalogue_document

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_client(client, make_user):
    client.force_login(make_user(Role.CATALOGUE_EDITOR))
    return client


@pytest.fixture
def draft():
    document = _catalogue_document("vertaal-ontwerp")
    document["products"][0]["name"]["en"] = "Residents' card"
    document["products"][0]["name"]["fr"] = "Carte de riverain"
    document["unchecked"] = {"fr": ["products.bewonerskaart.name"]}
    return edition_import(document=document)


def edit_url(edition, kind="producten", key="bewonerskaart"):
    return reverse("assistant:editor_translations_edit", kwargs={"edition_id": edition.pk, "kind": kind, "key": key})


def test_the_overview_counts_missing_and_unchecked_texts_per_language(editor_client, draft):
    with CaptureQueriesContext(connection) as queries:
        page = editor_client.get(reverse("assistant:editor_translations", args=[draft.pk])).content.decode()
    assert len(queries) <= 12  # session, user, roles, the edition: not one query per item
    row = page.split('<th scope="row" lang="nl" translate="no">Bewonerskaart</th>')[1].split("</tr>")[0]
    cells = row.split("<td>")[1:6]  # en, fr, ar, tr, uk
    assert "1 ontbreekt" in cells[0] and "nagekeken" not in cells[0]  # the summary lacks English
    assert "1 ontbreekt" in cells[1] and "1 niet nagekeken" in cells[1]  # French: summary missing, name unchecked
    assert "2 ontbreken" in cells[2]
    # The interface strings' review status from each catalogue's header, in the editor's language.
    assert "machinaal gemaakt, nog niet nagekeken" in page
    assert "machine-made, not yet checked" not in page


def test_the_texts_stand_side_by_side_in_every_offered_language(editor_client, draft):
    page = editor_client.get(edit_url(draft)).content.decode()
    assert '<p lang="nl" class="border rounded p-2 bg-body-tertiary mb-0">Bewonerskaart</p>' in page
    for code in ("en", "fr", "ar", "tr", "uk"):
        assert f'name="products.bewonerskaart.name:{code}"' in page
    assert 'name="products.bewonerskaart.name:ar" lang="ar" dir="rtl"' in page
    assert 'value="Carte de riverain"' in page
    assert page.count("ontbreekt: in het Nederlands getoond") == 3 + 5  # name: ar, tr, uk; summary: all five
    assert 'name="products.bewonerskaart.name:fr:machine" value="1" checked' in page


def test_saving_adds_translations_marks_and_checks_them(editor_client, draft):
    data = {
        "products.bewonerskaart.name:fr": "Carte de riverain",  # unticked: checked now
        "products.bewonerskaart.name:ar": "بطاقة الساكن",
        "products.bewonerskaart.name:ar:machine": "1",
        "products.bewonerskaart.summary:uk": "Паркування у вашому районі.",
        "products.bewonerskaart.name:en": "",  # emptied: falls back to Dutch
    }
    response = editor_client.post(edit_url(draft), data)
    assert response.status_code == 302
    draft.refresh_from_db()
    product = draft.document["products"][0]
    assert product["name"] == {"nl": "Bewonerskaart", "fr": "Carte de riverain", "ar": "بطاقة الساكن"}
    assert product["summary"] == {"nl": "Parkeren in uw eigen buurt.", "uk": "Паркування у вашому районі."}
    assert draft.document["unchecked"] == {"ar": ["products.bewonerskaart.name"]}
    assert EditionChange.objects.filter(edition=draft, target="bewonerskaart").exists()
    row = CatalogueProduct.objects.get(edition=draft, key="bewonerskaart")
    assert (row.name("ar"), row.summary("uk"), row.name("tr")) == (
        "بطاقة الساكن",
        "Паркування у вашому районі.",
        "Bewonerskaart",
    )


def test_a_published_edition_is_not_changed_here(editor_client):
    published = edition_import(document=_catalogue_document("gepubliceerd"), publish=True)
    response = editor_client.post(edit_url(published), {"products.bewonerskaart.name:fr": "Carte"})
    assert response.status_code == 409
    published.refresh_from_db()
    assert "fr" not in published.document["products"][0]["name"]


def test_an_unknown_item_or_kind_is_not_found(editor_client, draft):
    assert editor_client.get(edit_url(draft, key="bestaat-niet")).status_code == 404
    assert editor_client.get(edit_url(draft, kind="gevallen")).status_code == 404


def test_questions_and_their_options_are_translated_too(editor_client):
    document = _catalogue_document("vragen")
    document["questions"].append(
        {
            "key": "woonvorm",
            "type": "choice",
            "text": {"nl": "Hoe woont u?"},
            "options": [
                {"value": "huur", "label": {"nl": "Ik huur"}},
                {"value": "eigen", "label": {"nl": "Eigen huis"}},
            ],
        }
    )
    edition = edition_import(document=document)
    page = editor_client.get(edit_url(edition, kind="vragen", key="woonvorm")).content.decode()
    assert "Antwoord “Ik huur”" in page
    editor_client.post(
        edit_url(edition, kind="vragen", key="woonvorm"),
        {"questions.woonvorm.options.huur.label:tr": "Kiracıyım", "questions.woonvorm.text:tr": "Nasıl oturuyorsunuz?"},
    )
    edition = Edition.objects.get(pk=edition.pk)
    question = edition.document["questions"][1]
    assert question["text"]["tr"] == "Nasıl oturuyorsunuz?"
    assert question["options"][0]["label"]["tr"] == "Kiracıyım"
    assert "tr" not in question["options"][1]["label"]


def test_changing_a_dutch_text_marks_its_unchanged_translations_not_checked():
    from assistant.services import edition_item_save

    document = _catalogue_document("nagekeken")
    document["products"][0]["name"].update(en="Residents' card", fr="Carte de riverain")
    draft = edition_import(document=document)
    assert "unchecked" not in draft.document  # every translation checked
    product = dict(draft.document["products"][0])
    product["name"] = {**product["name"], "nl": "Bewonersparkeerkaart", "en": "Residents' parking card"}
    product["summary"] = {"nl": "Parkeren in uw eigen buurt."}  # unchanged
    edition_item_save(edition=draft, kind="products", key="bewonerskaart", item=product, actor=None)
    draft.refresh_from_db()
    # French was not changed with the Dutch: it may no longer fit. English was changed with it: the editor's own.
    assert draft.document["unchecked"] == {"fr": ["products.bewonerskaart.name"]}


def test_the_edit_form_links_to_the_texts_in_every_language(editor_client, draft):
    page = editor_client.get(
        reverse("assistant:editor_product_edit", kwargs={"edition_id": draft.pk, "key": "bewonerskaart"})
    ).content.decode()
    assert f'href="{edit_url(draft)}"' in page


def test_the_leuven_catalogue_opens_in_the_translation_pages(editor_client):
    from assistant.demo import LEUVEN_CATALOGUE
    from assistant.engine import load_catalogue_text

    edition = edition_import(document=load_catalogue_text(LEUVEN_CATALOGUE.read_text(encoding="utf-8")))
    overview = editor_client.get(reverse("assistant:editor_translations", args=[edition.pk]))
    assert overview.status_code == 200
    for item in edition.document["questions"][:3] + edition.document["products"][:3]:
        kind = "vragen" if "type" in item else "producten"
        assert editor_client.get(edit_url(edition, kind=kind, key=item["key"])).status_code == 200
