"""The editor's problems in the editor's language, without the engine's paths (issue 18 item 9): a product rule
that names an unknown question, a case that no longer holds, a short password at sign-up — in Dutch and in English,
checked against the translation catalogues like every page (tests/test_page_language.py)."""

import pytest
from django.conf import settings
from django.urls import reverse

from assistant import services
from tests.fixtures.assistant import product_data
from tests.test_page_language import leaks

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("language", ["nl", "en"])
def test_a_rule_with_an_unknown_question_is_explained_in_the_editors_language(editor_client, draft, language):
    editor_client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    data = product_data(draft, "bewonerskaart", applies_if='{"var": "heeft_fiets"}', **{"rb-mode": "json"})
    response = editor_client.post(reverse("assistant:editor_product_edit", args=[draft.pk, "bewonerskaart"]), data)
    page = response.content.decode()
    assert response.status_code == 200 and "heeft_fiets" in page  # refused, the problem shown
    assert leaks(page, language) == []


@pytest.mark.parametrize("language", ["nl", "en"])
def test_a_case_that_no_longer_holds_is_explained_in_the_editors_language(editor_client, draft, editor_user, language):
    case = {
        "name": "Jonge autobezitter",
        "answers": {"audience": "citizen", "lives_in_leuven": True, "age": 30, "has_car": True},
        "not_applies": ["bewonerskaart"],  # it does apply: the case fails
    }
    services.edition_item_save(edition=draft, kind="cases", key=None, item=case, actor=editor_user)
    editor_client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    for address in (
        reverse("assistant:editor_edition", args=[draft.pk]),
        reverse("assistant:editor_case_edit", args=[draft.pk, 3]),
        reverse("assistant:editor_publish", args=[draft.pk]),
    ):
        page = editor_client.get(address).content.decode()
        assert "Jonge autobezitter" in page
        assert leaks(page, language) == [], address


@pytest.mark.parametrize("language", ["nl", "en"])
def test_a_short_password_at_sign_up_is_refused_in_the_visitors_language(client, language):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.post(
        reverse("account_signup"),
        {"email": "nieuw@example.test", "full_name": "An Nieuw", "password1": "kort", "password2": "kort"},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert ("te kort" in page) if language == "nl" else ("too short" in page)
    assert leaks(page, language) == []
