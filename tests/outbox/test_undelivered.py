"""The coordinators' page "Berichten die niet konden worden bezorgd" and sending a message again."""

import pytest
from django.core import mail
from django.urls import reverse

from accounts.roles import Role
from outbox.models import OutboxMessage

pytestmark = pytest.mark.django_db

PAGE = reverse("coordination:undelivered")


def failed(number: int = 1) -> OutboxMessage:
    return OutboxMessage.objects.create(
        event_key=f"test:{number}",
        recipient=f"an{number}@example.test",
        subject=f"Nieuws over uw vraag LH-{number}",
        body="Goeiedag,",
        status=OutboxMessage.Status.FAILED,
        attempts=8,
        last_error="SMTPRecipientsRefused: {'an@example.test': (550, b'unknown user')}",
    )


def test_the_coordinator_sees_what_could_not_be_delivered_in_dutch(client, make_user, django_assert_num_queries):
    for number in range(3):
        failed(number)
    OutboxMessage.objects.create(event_key="test:sent", recipient="ok@example.test", status="sent")
    client.force_login(make_user(Role.COORDINATOR))
    client.get(PAGE)  # warm the session
    with django_assert_num_queries(4):  # user, roles, count, page: fixed whatever the number of rows (session cached)
        response = client.get(PAGE)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Berichten die niet konden worden bezorgd" in html
    assert "an2@example.test" in html and "ok@example.test" not in html
    assert html.count("Opnieuw versturen") == 3


def test_sending_again_delivers_it(client, make_user, django_capture_on_commit_callbacks):
    message = failed()
    client.force_login(make_user(Role.COORDINATOR))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("coordination:undelivered_retry", kwargs={"pk": message.pk}), follow=True)
    assert response.redirect_chain[-1][0] == PAGE
    assert "Het bericht wordt opnieuw verstuurd." in response.content.decode()
    message.refresh_from_db()
    assert message.status == "sent" and [m.to for m in mail.outbox] == [["an1@example.test"]]
    # A second click finds nothing to do and says so.
    response = client.post(reverse("coordination:undelivered_retry", kwargs={"pk": message.pk}), follow=True)
    assert "Dit bericht wacht niet meer op een nieuwe poging." in response.content.decode()
    assert len(mail.outbox) == 1


@pytest.mark.parametrize("role", [None, *[r for r in Role.values if r != Role.COORDINATOR]])
def test_nobody_else_can_send_it_again(client, make_user, role, django_capture_on_commit_callbacks):
    message = failed()
    if role:
        client.force_login(make_user(role))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("coordination:undelivered_retry", kwargs={"pk": message.pk}))
    assert response.status_code == (302 if role is None else 403)
    if role is None:
        assert "/accounts/login/" in response.url
    message.refresh_from_db()
    assert message.status == "failed" and mail.outbox == []


def test_an_unknown_message_is_a_404(client, make_user):
    client.force_login(make_user(Role.COORDINATOR))
    assert client.post(reverse("coordination:undelivered_retry", kwargs={"pk": 999999})).status_code == 404
