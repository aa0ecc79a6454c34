"""Sessions: idle and absolute timeouts per role, the user's own session list, ending sessions, and a
disabled account signed out everywhere."""

import datetime as dt

import pytest
import time_machine
from django.contrib.auth import SESSION_KEY
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts import services
from accounts.models import UserSession
from accounts.roles import Role

pytestmark = pytest.mark.django_db
PASSWORD = "Correct-horse-battery-9"
FIREFOX = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:140.0) Gecko/20100101 Firefox/140.0"
PHONE = "Mozilla/5.0 (Linux; Android 15) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0 Mobile Safari/537.36"


def _signed_in(user, *, user_agent: str = FIREFOX, ip: str = "192.0.2.41") -> Client:
    client = Client(headers={"user-agent": user_agent}, REMOTE_ADDR=ip)
    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302, response.content.decode()[:300]
    return client


def _is_signed_in(client: Client) -> bool:
    response = client.get(reverse("accounts:profile"))
    return response.status_code == 200


# --- Timeouts -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "idle_minutes"),
    [(Role.CITIZEN, 15), (Role.VOLUNTEER, 15), (Role.INTERMEDIARY, 15), (Role.COORDINATOR, 60), (Role.DPO, 60)],
)
def test_a_session_ends_after_the_idle_timeout_of_the_role(client, make_user, role, idle_minutes):
    start = timezone.now()
    with time_machine.travel(start, tick=False) as traveller:
        client.force_login(make_user(role))
        assert _is_signed_in(client)
        traveller.shift(dt.timedelta(minutes=idle_minutes - 1))
        assert _is_signed_in(client)  # activity within the limit keeps the session alive
        traveller.shift(dt.timedelta(minutes=idle_minutes - 1))
        assert _is_signed_in(client)
        traveller.shift(dt.timedelta(minutes=idle_minutes, seconds=1))
        response = client.get(reverse("accounts:profile"))
    assert response.status_code == 302
    assert response.url == f"{reverse('account_login')}?next=/mijn/"
    assert SESSION_KEY not in client.session
    page = client.get(response.url)
    assert "Uw sessie is verlopen" in page.content.decode()


def test_a_session_ends_after_twelve_hours_however_active(client, make_user):
    start = timezone.now()
    with time_machine.travel(start, tick=False) as traveller:
        client.force_login(make_user(Role.COORDINATOR))
        for _ in range(12 * 60 // 50):
            traveller.shift(dt.timedelta(minutes=50))
            assert _is_signed_in(client)
        traveller.shift(dt.timedelta(minutes=50))
        assert not _is_signed_in(client)


def test_last_seen_is_written_at_most_once_a_minute(client, make_user, django_assert_num_queries):
    start = timezone.now()
    with time_machine.travel(start, tick=False) as traveller:
        client.force_login(make_user(Role.CITIZEN))
        client.get(reverse("accounts:profile"))
        session = UserSession.objects.get()
        traveller.shift(dt.timedelta(seconds=30))
        client.get(reverse("accounts:profile"))
        session.refresh_from_db()
        assert session.last_seen_at == start
        traveller.shift(dt.timedelta(seconds=40))
        client.get(reverse("accounts:profile"))
        session.refresh_from_db()
        assert session.last_seen_at == start + dt.timedelta(seconds=70)


# --- The user's sessions ----------------------------------------------------------------------


def test_signing_in_records_the_device_and_only_the_network(make_user):
    user = make_user(Role.CITIZEN)
    _signed_in(user, ip="198.51.100.77")
    session = UserSession.objects.get(user=user)
    assert session.user_agent == FIREFOX
    assert session.ip_prefix == "198.51.100.0/24"
    assert "198.51.100.77" not in str(session.__dict__)


def test_the_session_list_shows_every_device_and_marks_this_one(make_user):
    user = make_user(Role.CITIZEN)
    laptop = _signed_in(user)
    _signed_in(user, user_agent=PHONE, ip="2001:db8:abcd:12::1")
    page = laptop.get(reverse("accounts:sessions")).content.decode()
    assert "Firefox op Windows" in page
    assert "Chrome op Android" in page
    assert "2001:db8:abcd::/48" in page
    assert page.count("dit toestel") == 1
    assert page.count("Deze sessie beëindigen") == 1
    assert "Alle andere sessies beëindigen" in page


def _queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context.captured_queries)


def test_the_session_list_takes_the_same_queries_for_one_or_many_sessions(make_user):
    user = make_user(Role.CITIZEN)
    client = _signed_in(user)
    url = reverse("accounts:sessions")
    client.get(url)
    one = _queries(client, url)
    for _ in range(5):
        _signed_in(user)
    assert _queries(client, url) == one <= 6


def test_ending_another_session_signs_that_device_out(make_user):
    user = make_user(Role.CITIZEN)
    laptop, phone = _signed_in(user), _signed_in(user, user_agent=PHONE)
    phone_session = UserSession.objects.get(user=user, user_agent=PHONE)
    response = laptop.post(reverse("accounts:session_end", kwargs={"session_id": phone_session.pk}), follow=True)
    assert "De sessie is beëindigd" in response.content.decode()
    assert not _is_signed_in(phone)
    assert _is_signed_in(laptop)
    assert list(UserSession.objects.filter(user=user).values_list("user_agent", flat=True)) == [FIREFOX]


def test_the_current_session_is_ended_by_signing_out_not_from_the_list(make_user):
    user = make_user(Role.CITIZEN)
    laptop = _signed_in(user)
    own = UserSession.objects.get(user=user)
    response = laptop.post(reverse("accounts:session_end", kwargs={"session_id": own.pk}), follow=True)
    assert "meld u dan af" in response.content.decode()
    assert _is_signed_in(laptop)


def test_someone_elses_session_cannot_be_ended(make_user):
    mine, theirs = make_user(Role.CITIZEN), make_user(Role.CITIZEN)
    me, them = _signed_in(mine), _signed_in(theirs)
    their_session = UserSession.objects.get(user=theirs)
    response = me.post(reverse("accounts:session_end", kwargs={"session_id": their_session.pk}), follow=True)
    assert response.status_code == 200
    assert "al beëindigd" in response.content.decode()
    assert _is_signed_in(them)
    assert UserSession.objects.filter(pk=their_session.pk).exists()


def test_ending_all_other_sessions_keeps_this_one(make_user):
    user = make_user(Role.CITIZEN)
    laptop = _signed_in(user)
    others = [_signed_in(user, user_agent=PHONE) for _ in range(2)]
    response = laptop.post(reverse("accounts:sessions_end_others"), follow=True)
    assert "2 andere sessies zijn beëindigd" in response.content.decode()
    assert _is_signed_in(laptop)
    assert not any(_is_signed_in(other) for other in others)
    assert UserSession.objects.filter(user=user).count() == 1


def test_signing_out_removes_the_session_from_the_list(make_user):
    user = make_user(Role.CITIZEN)
    laptop = _signed_in(user)
    laptop.post(reverse("account_logout"))
    assert not UserSession.objects.filter(user=user).exists()


def test_a_password_change_keeps_the_session_row_on_the_new_key(make_user):
    user = make_user(Role.CITIZEN)
    laptop = _signed_in(user)
    old_key = laptop.session.session_key
    response = laptop.post(
        reverse("account_change_password"),
        {"oldpassword": PASSWORD, "password1": "Nieuw-wachtwoord-2026", "password2": "Nieuw-wachtwoord-2026"},
    )
    assert response.status_code == 302
    new_key = laptop.session.session_key
    assert new_key != old_key
    assert UserSession.objects.get(user=user).session_key == new_key
    # and ending it from elsewhere still works on the new key
    services.user_sessions_end(user=user)
    assert not _is_signed_in(laptop)


# --- Disabling an account ---------------------------------------------------------------------


def test_disabling_an_account_ends_all_its_sessions(make_user):
    user = make_user(Role.CITIZEN)
    clients = [_signed_in(user), _signed_in(user, user_agent=PHONE)]
    services.user_deactivate(user=user)
    assert not any(_is_signed_in(c) for c in clients)
    assert not UserSession.objects.filter(user=user).exists()


def test_disabling_an_account_in_the_admin_ends_its_sessions(client, make_user):
    user = make_user(Role.CITIZEN)
    victim = _signed_in(user)
    admin = make_user(Role.ADMIN, is_superuser=True)
    client.force_login(admin)
    change = client.get(reverse("admin:accounts_user_change", args=[user.pk]))
    assert change.status_code == 200
    user.refresh_from_db()
    data = {
        "email": user.email,
        "full_name": user.full_name,
        "phone": "",
        "preferred_language": "nl",
        "is_active": "",
        "last_login_0": "",
        "last_login_1": "",
        "date_joined_0": user.date_joined.strftime("%Y-%m-%d"),
        "date_joined_1": user.date_joined.strftime("%H:%M:%S"),
        "memberships-TOTAL_FORMS": "0",
        "memberships-INITIAL_FORMS": "0",
    }
    response = client.post(reverse("admin:accounts_user_change", args=[user.pk]), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    user.refresh_from_db()
    assert user.is_active is False
    assert not _is_signed_in(victim)
