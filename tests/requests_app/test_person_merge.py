"""One person, one record: the signed-out form links a known person; coordinators and KCC agents merge two
records (preview first; every request, contact, consent and access-log row moves; the merge is logged);
likely duplicates are listed, never merged by themselves."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from accounts.roles import Role
from people.errors import ActionRefused
from people.models import Person
from people.selectors import known_people, likely_duplicates, person_ids_with_merged, person_to_link
from privacy.models import AccessLog, Consent
from requests_app import services
from requests_app.models import HelpRequest, TimelineEvent
from tests.factories import OrganizationFactory, PersonFactory, UserFactory, make_request

pytestmark = pytest.mark.django_db


def test_the_same_phone_in_another_format_and_the_same_name_is_linked():
    known = PersonFactory(full_name="Georgette Wouters", phone="0470 12 34 56")
    assert person_to_link(full_name="georgette  wouters", phone="+32 470 123 456") == known
    assert known_people(full_name="X", email="", phone="0032470123456") == [known]


def test_a_shared_family_phone_with_another_name_is_not_linked():
    PersonFactory(full_name="Georgette Wouters", phone="0470 12 34 56")
    assert person_to_link(full_name="Jan Wouters", phone="0470 12 34 56") is None


def test_the_signed_out_web_form_links_a_known_person(client):
    known = PersonFactory(full_name="Georgette Wouters", phone="0470 12 34 56", email="")
    make_request(person=known)
    response = client.post(
        reverse("help:ask"),
        {
            "needs": ["food"],
            "description": "Ik heb hulp nodig bij boodschappen.",
            "urgency": "2",
            "contact_way": "phone",
            "contact_time": "",
            "full_name": "Georgette Wouters",
            "phone": "+32 470 12 34 56",
            "email": "",
            "consent": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Person.objects.filter(full_name="Georgette Wouters").count() == 1
    assert known.requests.count() == 2


def test_merge_moves_everything_and_is_logged(coordinator):
    keep = PersonFactory(full_name="Georgette Wouters", phone="0470 12 34 56", email="")
    merge = PersonFactory(full_name="Georgette Wouters", phone="", email="georgette@example.org")
    first, second = make_request(person=keep), make_request(person=merge)
    AccessLog.objects.create(
        actor_name="KCC", person_id=merge.pk, category="contact", purpose="contact_moment", actor_role="kcc_agent"
    )
    with translation.override("en"):
        preview = dict(services.person_merge_preview(keep=keep, merge=merge))
    assert preview["help requests"] == 1 and preview["consents"] == 1
    services.person_merge(keep=keep, merge=merge, actor=coordinator)
    assert not Person.objects.filter(pk=merge.pk).exists()
    keep.refresh_from_db()
    assert keep.email == "georgette@example.org", "contact details the kept record lacked are taken over"
    assert set(keep.requests.values_list("pk", flat=True)) == {first.pk, second.pk}
    assert Consent.objects.filter(person=keep).count() == 2
    # The access log is append-only: the row stays under the old number and is read through the merge.
    assert person_ids_with_merged([keep.pk]) == sorted([keep.pk, merge.pk])
    assert AccessLog.objects.filter(person_id=merge.pk, purpose="contact_moment").exists()
    merged = AccessLog.objects.get(person_id=keep.pk, purpose=AccessLog.Purpose.MERGE)
    assert merged.actor_id == coordinator.pk
    assert TimelineEvent.objects.filter(request=second, kind="note", note__contains=f" {merge.pk} ").exists()


def test_merging_into_oneself_is_refused(coordinator):
    person = PersonFactory()
    with pytest.raises(ActionRefused, match="niet met zichzelf|itself"):
        services.person_merge(keep=person, merge=person, actor=coordinator)


def test_two_running_support_tracks_are_refused(coordinator):
    caw = OrganizationFactory(kind="caw")
    people = [PersonFactory(full_name="Georgette Wouters"), PersonFactory(full_name="Georgette Wouters")]
    for person in people:
        request = make_request(person=person)
        services.request_take_up(request=request, actor=coordinator)
        (referral,) = services.request_refer(
            consent_channel="phone", request=request, organizations=[caw], actor=coordinator
        )
        services.referral_accept(referral=referral, actor=coordinator, contact_person="An")
    with pytest.raises(ActionRefused):
        services.person_merge(keep=people[0], merge=people[1], actor=coordinator)
    assert Person.objects.filter(pk=people[1].pk).exists()
    assert HelpRequest.objects.filter(person=people[1]).count() == 1


def test_the_merge_page_previews_then_merges(client, coordinator):
    keep, merge = PersonFactory(full_name="An Peeters"), PersonFactory(full_name="An Peters")
    make_request(person=merge)
    client.force_login(coordinator)
    url = reverse("coordination:person_merge")
    page = client.get(url, {"keep": keep.pk, "merge": merge.pk})
    assert page.status_code == 200
    html = page.content.decode()
    assert "An Peters" in html and "An Peeters" in html and "hulpvragen" in html
    assert Person.objects.filter(pk=merge.pk).exists(), "a preview changes nothing"
    client.post(url, {"keep": keep.pk, "merge": merge.pk, "confirm": "1"})
    assert not Person.objects.filter(pk=merge.pk).exists()


def test_the_merge_page_refuses_oneself_clearly(client, coordinator):
    person = PersonFactory()
    client.force_login(coordinator)
    url = reverse("coordination:person_merge")
    response = client.post(url, {"keep": person.pk, "merge": person.pk, "confirm": "1"})
    assert response.status_code == 400
    assert "kan niet met zichzelf" in response.content.decode()
    assert Person.objects.filter(pk=person.pk).exists()


def test_a_volunteer_cannot_merge(client):
    keep, merge = PersonFactory(), PersonFactory()
    client.force_login(UserFactory(roles=[Role.VOLUNTEER]))
    response = client.post(reverse("coordination:person_merge"), {"keep": keep.pk, "merge": merge.pk, "confirm": "1"})
    assert response.status_code == 403
    assert Person.objects.filter(pk=merge.pk).exists()


def test_likely_duplicates_are_listed_not_merged():
    a = PersonFactory(full_name="Georgette Wouters", phone="0470 12 34 56")
    b = PersonFactory(full_name="G. Wouters", phone="0470/12.34.56")
    PersonFactory(full_name="Iemand Anders", phone="0499 99 99 99")
    groups = likely_duplicates()
    assert ("phone", "0470123456", [a.pk, b.pk]) in groups
    out = StringIO()
    call_command("person_duplicates", stdout=out)
    assert f"{a.pk}, {b.pk}" in out.getvalue()
    assert Person.objects.count() == 3


def test_the_citizen_reads_the_merge_in_who_looked_at_my_data(client, coordinator):
    citizen = UserFactory(roles=[Role.CITIZEN])
    keep = Person.objects.create(user=citizen, full_name="Georgette Wouters", phone="0470 12 34 56")
    merge = PersonFactory(full_name="Georgette Wouters")
    AccessLog.objects.create(
        actor_name="Agent Els", person_id=merge.pk, category="contact", purpose="contact_moment", actor_role="kcc_agent"
    )
    services.person_merge(keep=keep, merge=merge, actor=coordinator)
    client.force_login(citizen)
    html = client.get(reverse("privacy:my_access_log")).content.decode()
    assert "om twee dossiers over u samen te voegen tot één" in html
    assert "om u te helpen toen u de stad contacteerde" in html, "the rows of the merged record are the citizen's too"


# -- the likely duplicates the data migration lists (people 0004) --------------------------------------------------
def _list_pairs():
    from importlib import import_module

    from django.apps import apps as django_apps

    from people.models import LikelyDuplicate

    LikelyDuplicate.objects.all().delete()
    import_module("people.migrations.0004_likely_duplicates_listed").list_likely_duplicates(django_apps, None)
    return LikelyDuplicate.objects.order_by("how", "first_id")


def test_the_data_migration_lists_likely_duplicates_and_merges_nothing():
    from datetime import date

    an = PersonFactory(full_name="An Peeters", phone="0470 12 34 56", email="an@example.org")
    an_again = PersonFactory(full_name="an  peeters", phone="0470123456", email="AN@example.org")
    born = PersonFactory(full_name="Jef Claes", email="jef@example.org", date_of_birth=date(1950, 3, 1))
    born_again = PersonFactory(full_name="Jef Claes", email="jef2@example.org", date_of_birth=date(1950, 3, 1))
    PersonFactory(full_name="Mia Claes", email="mia@example.org", date_of_birth=date(1950, 3, 1))  # another name
    pairs = [(p.how, p.first_id, p.second_id) for p in _list_pairs()]
    assert pairs == [
        ("email", an.pk, an_again.pk),
        ("name_birth", born.pk, born_again.pk),
        ("phone", an.pk, an_again.pk),
    ]
    assert Person.objects.count() == 5  # nothing merged


def test_the_merge_page_lists_the_pairs_by_number_and_merging_a_pair_removes_it(client, coordinator):
    keep = PersonFactory(full_name="An Peeters", phone="0470 12 34 56")
    twin = PersonFactory(full_name="An Peeters", phone="0470 12 34 56")
    _list_pairs()
    client.force_login(coordinator)
    page = client.get(reverse("coordination:person_merge")).content.decode()
    assert f'href="?keep={keep.pk}&amp;merge={twin.pk}"' in page and "hetzelfde telefoonnummer" in page
    assert "An Peeters" not in page  # numbers only: the names are read (and logged) when the pair is opened
    services.person_merge(keep=keep, merge=twin, actor=coordinator)
    from people.models import LikelyDuplicate

    assert not LikelyDuplicate.objects.exists()


def test_erasing_either_person_removes_the_pair(coordinator):
    from dataprotection.retention import person_anonymise
    from people.models import LikelyDuplicate

    first = PersonFactory(full_name="An Peeters", email="an@example.org")
    PersonFactory(full_name="Anna Peeters", email="an@example.org")
    assert _list_pairs().count() == 1
    person_anonymise(person=first, actor=coordinator)
    assert not LikelyDuplicate.objects.exists()
