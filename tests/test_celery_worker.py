"""Celery against the real Redis broker: a worker started like `make worker` answers."""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import IN_CI

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def redis_url(settings):
    if not settings.REDIS_URL:
        if IN_CI:
            pytest.fail("REDIS_URL must be set in CI")
        pytest.skip("needs Redis (set REDIS_URL)")
    return settings.REDIS_URL


def test_a_worker_answers_through_redis(redis_url):
    from leuvenhelpt.celery import app

    assert app.conf.broker_url == redis_url
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    worker = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "leuvenhelpt",
            "worker",
            "--pool=solo",
            "--loglevel=warning",
            "--hostname=test-worker@%h",
            "--without-mingle",
            "--without-gossip",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        replies = []
        deadline = time.monotonic() + 30
        while not replies and time.monotonic() < deadline:
            replies = app.control.ping(timeout=1.0)
        assert any(name.startswith("test-worker@") for reply in replies for name in reply), replies
    finally:
        worker.terminate()
        worker.wait(timeout=20)
