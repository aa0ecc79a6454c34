"""Four-eyes review before publishing: a second editor, who did not work on the draft, approves it as it is;
the approval page shows the difference and the changed case outcomes; a later change voids the approval;
the change log records who approved; the setting ASSISTANT_FOUR_EYES switches it off."""

import copy

import pytest

from accounts.roles import Role
from assistant import services
from assistant.models import Edition, EditionChange
from tests.fixtures.assistant import html, url

pytestmark = pytest.mark.django_db


@pytest.fixture
def second_editor(make_user):
    return make_user(Role.CATALOGUE_EDITOR, full_name="Nora Vos")


@pytest.fixture
def changed_draft(draft, editor_user):
    """A draft whose rule change makes a product apply to one more example case."""
    product = copy.deepcopy(draft.document["products"][1]) | {"applies_if": {"var": "lives_in_leuven"}}
    services.edition_item_save(edition=draft, kind="products", key="bewonerskaart", item=product, actor=editor_user)
    case = copy.deepcopy(draft.document["cases"][0]) | {"not_applies": []}
    draft.refresh_from_db()
    services.edition_item_save(edition=draft, kind="cases", key=case["name"], item=case, actor=editor_user)
    draft.refresh_from_db()
    return draft


def test_the_author_cannot_publish_nor_approve(editor_client, changed_draft):
    response = editor_client.post(url("publish", changed_draft.pk))
    assert response.status_code == 302 and response["Location"] == url("approve", changed_draft.pk)
    page = html(editor_client.get(url("approve", changed_draft.pk)))
    assert "U heeft aan dit concept gewerkt. Daarom moet een andere redacteur het goedkeuren." in page
    assert "Pieter De Smet" in page
    assert 'name="revision"' not in page  # no approve button
    response = editor_client.post(url("approve", changed_draft.pk), {"revision": changed_draft.revision})
    assert response.status_code == 409
    changed_draft.refresh_from_db()
    assert changed_draft.state == "draft" and not changed_draft.is_approved


def test_a_second_editor_sees_the_difference_and_changed_outcomes_then_approves(client, second_editor, changed_draft):
    client.force_login(second_editor)
    page = html(client.get(url("approve", changed_draft.pk)))
    assert "Wat verandert er ten opzichte van 2026-12" in page
    assert "Bewonerskaart" in page and "Senior in Leuven zonder auto" in page  # a case whose outcome changed
    response = client.post(url("approve", changed_draft.pk), {"revision": changed_draft.revision})
    assert response.status_code == 302 and response["Location"] == url("publish", changed_draft.pk)
    changed_draft.refresh_from_db()
    assert changed_draft.is_approved and changed_draft.approved_by == second_editor
    log = EditionChange.objects.get(edition=changed_draft, action="approved")
    assert log.actor == second_editor
    # now anyone may publish; the log says who approved and who published
    response = client.post(url("publish", changed_draft.pk))
    assert response.status_code == 302
    changed_draft.refresh_from_db()
    assert changed_draft.state == "published"


def test_a_change_after_the_approval_voids_it(client, second_editor, editor_client, changed_draft, editor_user):
    client.force_login(second_editor)
    client.post(url("approve", changed_draft.pk), {"revision": changed_draft.revision})
    changed_draft.refresh_from_db()
    product = copy.deepcopy(changed_draft.document["products"][2]) | {"theme": "economie"}
    services.edition_item_save(
        edition=changed_draft, kind="products", key="ondernemersloket", item=product, actor=editor_user
    )
    changed_draft.refresh_from_db()
    assert not changed_draft.is_approved
    assert editor_client.post(url("publish", changed_draft.pk)).status_code == 302
    changed_draft.refresh_from_db()
    assert changed_draft.state == "draft"


def test_an_approval_of_an_older_revision_is_refused(client, second_editor, changed_draft):
    client.force_login(second_editor)
    response = client.post(url("approve", changed_draft.pk), {"revision": changed_draft.revision - 1})
    assert response.status_code == 409
    assert "Het concept is gewijzigd terwijl u het las." in html(response)
    changed_draft.refresh_from_db()
    assert not changed_draft.is_approved


def test_four_eyes_can_be_switched_off(editor_client, changed_draft, settings):
    settings.ASSISTANT_FOUR_EYES = False
    assert editor_client.post(url("publish", changed_draft.pk)).status_code == 302
    assert Edition.objects.get(pk=changed_draft.pk).state == "published"


def test_other_roles_cannot_approve(client, make_user, changed_draft):
    for role in (Role.COORDINATOR, Role.KCC_AGENT, Role.MANAGER):
        client.force_login(make_user(role))
        response = client.post(url("approve", changed_draft.pk), {"revision": changed_draft.revision})
        assert response.status_code in (403, 404)
    changed_draft.refresh_from_db()
    assert not changed_draft.is_approved
    assert not EditionChange.objects.filter(edition=changed_draft, action="approved").exists()
