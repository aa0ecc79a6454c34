"""The editor's "Product bewaren" (issue 18 item 14): a fixed number of queries and one compilation of the catalogue."""

import pytest
from django.urls import reverse

from assistant import selectors
from assistant import services as assistant_services
from tests.fixtures.assistant import product_data

pytestmark = pytest.mark.django_db


def test_editor_save_a_product_compiles_the_catalogue_once(
    editor_client, draft, monkeypatch, django_assert_num_queries
):
    compiled = []
    parse = assistant_services.parse_catalogue
    monkeypatch.setattr(assistant_services, "parse_catalogue", lambda document: compiled.append(1) or parse(document))
    monkeypatch.setattr(selectors, "parse_catalogue", lambda document: compiled.append(1) or parse(document))
    editor_client.get(reverse("assistant:editor_product_edit", args=[draft.pk, "bewonerskaart"]))
    compiled.clear()
    data = product_data(draft, "bewonerskaart", url="https://www.leuven.be/bewonerskaart")
    with django_assert_num_queries(14):
        response = editor_client.post(reverse("assistant:editor_product_edit", args=[draft.pk, "bewonerskaart"]), data)
    assert response.status_code == 302
    # Once, to check the changed draft; the form's own reading came from the page before, the edition page after
    # the save reuses the save's.
    assert len(compiled) == 1
    editor_client.get(response.url)
    assert len(compiled) == 1
