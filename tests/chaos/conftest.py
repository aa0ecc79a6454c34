"""Fault injection: a private Redis on a free port, a local SMTP sink and Celery workers as subprocesses.

Each piece is started and stopped by its fixture, on free ports, so chaos tests of parallel runs do not meet.
The tests commit for real (``transaction=True``): workers in other processes must see the rows.
"""

import asyncio
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(predicate: Callable[[], bool], *, timeout: float, interval: float = 0.2, what: str = "") -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout} s waiting for {what or predicate}")


@dataclass
class RedisServer:
    port: int
    process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.process = subprocess.Popen(
            [
                shutil.which("redis-server") or "redis-server",
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_for(self._answers, timeout=10, what="redis-server to answer")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)
        self.process = None

    def _answers(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=0.5) as sock:
                sock.sendall(b"PING\r\n")
                return sock.recv(16).startswith(b"+PONG")
        except OSError:
            return False


@pytest.fixture
def redis_server():
    if not shutil.which("redis-server"):
        pytest.fail("redis-server is needed for the chaos tests (apt-get install redis-server)")
    server = RedisServer(free_port())
    server.start()
    yield server
    server.stop()


@dataclass
class SmtpSink:
    """Collects what it accepts; refuses (451) the first ``refuse`` messages; ``delay`` seconds per recipient."""

    port: int
    refuse: int = 0
    delay: float = 0.0
    received: list[tuple[str, str]] = field(default_factory=list)  # (recipient, subject)
    refused: int = 0

    @property
    def url(self) -> str:
        return f"smtp://127.0.0.1:{self.port}"

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.delay:
            await asyncio.sleep(self.delay)  # before the message is sent: a client killed here sent nothing
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.refuse:
            self.refuse -= 1
            self.refused += 1
            return "451 4.3.0 Try again later"
        subject = next(
            (line[9:] for line in envelope.content.decode().splitlines() if line.startswith("Subject: ")), ""
        )
        for recipient in envelope.rcpt_tos:
            self.received.append((recipient, subject))
        return "250 Message accepted for delivery"


@pytest.fixture
def smtp_sink():
    from aiosmtpd.controller import Controller

    sink = SmtpSink(free_port())
    controller = Controller(sink, hostname="127.0.0.1", port=sink.port)
    controller.start()
    yield sink
    controller.stop()


class Workers:
    """Celery workers as the deployment runs them (``make worker``), against the private Redis and the test
    database; SIGKILL-able."""

    def __init__(self, redis: RedisServer, smtp: SmtpSink | None):
        self.redis, self.smtp = redis, smtp
        self.processes: list[subprocess.Popen] = []

    def start(self, name: str = "chaos", **extra: str) -> subprocess.Popen:
        settings = connection.settings_dict
        env = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
        env |= {
            "DATABASE_URL": f"postgres://{settings['USER']}@{settings['HOST'] or '127.0.0.1'}:"
            f"{settings['PORT'] or 5432}/{settings['NAME']}",
            "REDIS_URL": self.redis.url,
            "EMAIL_URL": self.smtp.url if self.smtp else "console://",
            **extra,
        }
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "leuvenhelpt",
                "worker",
                "--pool=solo",
                "--loglevel=warning",
                f"--hostname={name}-{len(self.processes)}@%h",
                "--without-mingle",
                "--without-gossip",
                "--without-heartbeat",
            ],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        self.processes.append(process)
        return process

    def stop_all(self) -> None:
        for process in self.processes:
            if process.poll() is None:
                process.send_signal(signal.SIGKILL)
                process.wait(timeout=10)


@pytest.fixture
def workers(redis_server, request):
    smtp = request.getfixturevalue("smtp_sink") if "smtp_sink" in request.fixturenames else None
    pool = Workers(redis_server, smtp)
    yield pool
    pool.stop_all()


@pytest.fixture
def app_on(settings, redis_server):
    """The web process sends its tasks to the private Redis and caches there too (as in production)."""
    from django.core.cache import caches

    from leuvenhelpt.celery import app

    settings.REDIS_URL = redis_server.url
    settings.CACHES = {
        **settings.CACHES,
        "default": {"BACKEND": "leuvenhelpt.cache.DegradingRedisCache", "LOCATION": redis_server.url},
    }

    def fresh_producers():
        app._pool = None
        app.amqp._producer_pool = None

    saved = app.conf.broker_url, app.conf.task_always_eager
    app.conf.broker_url = redis_server.url
    app.conf.task_always_eager = False
    fresh_producers()
    yield app
    app.conf.broker_url, app.conf.task_always_eager = saved
    fresh_producers()
    caches["default"].close()


def run_in_thread(target: Callable[[], None]) -> threading.Thread:
    thread = threading.Thread(target=target, daemon=True)
    thread.start()
    return thread


@pytest.fixture(autouse=True)
def _role_groups(django_db_blocker):
    """Transactional tests start from an empty database: the role groups a migration made are recreated."""
    from django.contrib.auth.models import Group

    from accounts.roles import Role

    with django_db_blocker.unblock():
        for role in Role.values:
            Group.objects.get_or_create(name=role)
