"""Chaos: Redis blinks while people are signed in (their sessions cached there), keeping its data."""

import time

import pytest
import redis
from django.urls import reverse

from accounts.roles import Role

pytestmark = [pytest.mark.chaos, pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

PAUSE_SECONDS = 8


def test_signed_in_pages_work_while_redis_hangs_and_a_sign_out_meanwhile_stays_signed_out(
    client, make_user, redis_server, app_on
):
    client.force_login(make_user(Role.COORDINATOR))
    agent = client.__class__()
    agent.force_login(make_user(Role.KCC_AGENT))
    assert client.get(reverse("coordination:queue")).status_code == 200  # the session is now cached in Redis
    assert agent.get(reverse("helpdesk:console")).status_code == 200

    # Redis stops answering (every command hangs) but keeps its data, as in a network blink.
    redis.Redis.from_url(redis_server.url).execute_command("CLIENT", "PAUSE", PAUSE_SECONDS * 1000, "ALL")
    paused_at = time.monotonic()
    assert client.get(reverse("coordination:queue")).status_code == 200
    assert agent.get(reverse("helpdesk:console")).status_code == 200
    assert client.get(reverse("help:ask")).status_code == 200
    ended = client.cookies["sessionid"].value
    assert client.post(reverse("account_logout")).status_code == 302  # signed out meanwhile
    assert time.monotonic() - paused_at < PAUSE_SECONDS  # each request waited a second at most

    time.sleep(PAUSE_SECONDS - (time.monotonic() - paused_at) + 5.5)  # Redis answers; the cache tries it again
    # Redis still holds the signed-in copy of the ended session: whoever still has its cookie (another tab, a
    # copied cookie) must not be signed in again by it.
    client.cookies["sessionid"] = ended
    response = client.get(reverse("coordination:queue"))
    assert response.status_code == 302 and reverse("account_login") in response.url
    assert agent.get(reverse("helpdesk:console")).status_code == 200
