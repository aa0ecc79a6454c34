"""Sign-up and password reset take the same time for an address with an account and one without, so the
answer's timing does not tell who has an account (issue 14: an existing address answered in ~40 ms, a new one
in ~200 ms).

Measured with the production password hasher (Argon2, the expensive part; with less memory, see below), 20 tries of each kind, interleaved
(known, unknown, known, …) so a slow moment of the machine hits both alike, compared by their medians (one
slow try does not move a median). Before the fix the known address was several times faster; the assertion
allows 50 % either way, far above the noise of interleaved medians and far below the difference it guards.
"""

import statistics
import time

import pytest
from django.contrib.auth.hashers import Argon2PasswordHasher
from django.test import Client
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

TRIES = 20
PASSWORD = "Correct-horse-battery-9"


class SmallerArgon2(Argon2PasswordHasher):
    """The production hasher with less memory and one lane (about 0.1 s here instead of 1 s): still the
    larger part of a sign-up, so a path that skips it stands out, and 80 tries fit in a test run."""

    memory_cost = 16 * 1024
    parallelism = 1


@pytest.fixture
def production_hashing(settings):
    settings.PASSWORD_HASHERS = [f"{__name__}.SmallerArgon2"]
    settings.ACCOUNT_RATE_LIMITS = False  # 40 tries from one client; the limits have their own tests


def _timed(send, number: int) -> float:
    start = time.perf_counter()
    response = send(number)
    elapsed = time.perf_counter() - start
    assert response.status_code in (200, 302)
    return elapsed


def _medians(known, unknown) -> tuple[float, float]:
    times = {"known": [], "unknown": []}
    for number in range(TRIES):
        times["known"].append(_timed(known, number))
        times["unknown"].append(_timed(unknown, number))
    return statistics.median(times["known"]), statistics.median(times["unknown"])


def _assert_alike(known: float, unknown: float) -> None:
    ratio = max(known, unknown) / min(known, unknown)
    print(f"known {known * 1000:.0f} ms, unknown {unknown * 1000:.0f} ms, ratio {ratio:.2f}")
    assert ratio < 1.5, f"known {known * 1000:.0f} ms, unknown {unknown * 1000:.0f} ms"


def _sign_up(email: str):
    data = {
        "full_name": "An Peeters",
        "email": email,
        "password1": PASSWORD,
        "password2": PASSWORD,
        "preferred_language": "nl",
    }
    return Client().post(reverse("account_signup"), data)


def test_sign_up_takes_as_long_for_a_taken_address(production_hashing, django_capture_on_commit_callbacks):
    UserFactory(email="bestaat@example.test")
    with django_capture_on_commit_callbacks(execute=True):
        known, unknown = _medians(
            lambda n: _sign_up("bestaat@example.test"), lambda n: _sign_up(f"nieuw{n}@example.test")
        )
    _assert_alike(known, unknown)


def test_password_reset_takes_as_long_for_an_unknown_address(production_hashing, django_capture_on_commit_callbacks):
    UserFactory(email="bestaat@example.test")

    def reset(email):
        return Client().post(reverse("account_reset_password"), {"email": email})

    with django_capture_on_commit_callbacks(execute=True):
        known, unknown = _medians(lambda n: reset("bestaat@example.test"), lambda n: reset(f"onbekend{n}@example.test"))
    _assert_alike(known, unknown)
