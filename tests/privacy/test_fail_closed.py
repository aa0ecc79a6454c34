"""A read of a person's data that cannot be written to the access log fails: nothing is shown."""

import pytest
from django.db import DatabaseError
from django.urls import reverse

from accounts.roles import Role
from privacy.models import AccessLog
from privacy.services import erasure_file
from requests_app import services
from tests.factories import MembershipFactory, OrganizationFactory, UserFactory, make_request

pytestmark = pytest.mark.django_db


@pytest.fixture
def broken_log(monkeypatch):
    def refuse(*args, **kwargs):
        raise DatabaseError("the access log is unavailable")

    monkeypatch.setattr(AccessLog.objects, "bulk_create", refuse)


def staff_reads():
    """(user, url, a secret of the page) for every staff page that shows a person's data."""
    coordinator = UserFactory(roles=[Role.COORDINATOR])
    request = make_request(description="Geheime schulden")
    services.request_take_up(request=request, actor=coordinator)
    caw = OrganizationFactory()
    (referral,) = services.request_refer(
        request=request, organizations=[caw], actor=coordinator, consent_channel="phone"
    )
    caseworker = MembershipFactory(organization=caw, role=Role.CASEWORKER, user=UserFactory(roles=[Role.CASEWORKER]))
    dpo = UserFactory(roles=[Role.DPO])
    erasure = erasure_file(person=request.person, filed_by=dpo)
    return [
        (coordinator, reverse("coordination:request", args=[request.reference])),
        (caseworker.user, reverse("partners:referral", args=[referral.pk])),
        (dpo, reverse("dpo:erasure", args=[erasure.pk])),
    ]


def test_every_staff_read_of_a_person_writes_the_log(client):
    for user, url in staff_reads():
        before = AccessLog.objects.count()
        client.force_login(user)
        assert client.get(url).status_code == 200
        assert AccessLog.objects.count() > before, url


def test_a_failing_log_write_makes_the_read_fail(client, broken_log):
    for user, url in staff_reads():
        client.force_login(user)
        with pytest.raises(DatabaseError):
            client.get(url)


def test_the_user_sees_an_error_page_without_the_data(client, broken_log):
    client.raise_request_exception = False
    for user, url in staff_reads():
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == 500
        assert "Geheime schulden" not in response.content.decode()
