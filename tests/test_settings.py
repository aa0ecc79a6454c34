"""Settings come from the environment; a wrong or missing variable stops start-up with one line."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION = {
    "SECRET_KEY": secrets.token_urlsafe(50),
    "ALLOWED_HOSTS": "helpt.leuven.be",
    "EMAIL_URL": "smtp://mail.leuven.be:25",
    "DATABASE_URL": "sqlite:////tmp/leuvenhelpt-settings-test.sqlite3",
}


def manage(*args: str, **environment: str | None) -> subprocess.CompletedProcess:
    test_only = {"DEBUG", "HTTPS", "STATIC_MANIFEST", "REDIS_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {k: v for k, v in os.environ.items() if k not in test_only}
    env.update(PRODUCTION)
    for key, value in environment.items():
        if value is None:
            env.pop(key, None)
        else:
            env[key] = value
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )


def test_production_settings_pass_the_deployment_checks():
    result = manage("check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize(
    ("environment", "variable"),
    [
        ({"SECRET_KEY": None}, "SECRET_KEY"),
        ({"ALLOWED_HOSTS": ""}, "ALLOWED_HOSTS"),
        ({"EMAIL_URL": None}, "EMAIL_URL"),
        ({"EMAIL_URL": "pigeon://coop"}, "EMAIL_URL"),
        ({"DATABASE_URL": "mysql://root@localhost/leuvenhelpt"}, "DATABASE_URL"),
        ({"DATABASE_URL": "not a url"}, "DATABASE_URL"),
        ({"REDIS_URL": "http://127.0.0.1:6379"}, "REDIS_URL"),
        ({"DEBUG": "maybe"}, "DEBUG"),
        # Sign-in with itsme / the eID: all three or none, over HTTPS, and with its own hashing key.
        ({"FAS_CLIENT_ID": "leuvenhelpt"}, "FAS_CLIENT_ID"),
        (
            {
                "FAS_CLIENT_ID": "c",
                "FAS_CLIENT_SECRET": "s",
                "FAS_SERVER_URL": "http://idp.example",
                "NRN_HASH_KEY": "k",
            },
            "FAS_SERVER_URL",
        ),
        ({"FAS_CLIENT_ID": "c", "FAS_CLIENT_SECRET": "s", "FAS_SERVER_URL": "https://idp.example"}, "NRN_HASH_KEY"),
    ],
)
def test_bad_environment_stops_with_one_line_naming_the_variable(environment, variable):
    result = manage("check", **environment)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("Configuration error: ")
    assert variable in lines[0]
    assert "Traceback" not in result.stderr


def test_development_mode_needs_no_secret():
    result = manage("check", DEBUG="1", SECRET_KEY=None, ALLOWED_HOSTS=None, EMAIL_URL=None)
    assert result.returncode == 0, result.stderr


def test_production_hardening():
    """In production (HTTPS on, the default) cookies are secure and HSTS is sent."""
    result = manage(
        "shell",
        "-v0",
        "-c",
        "from django.conf import settings as s; print(s.DEBUG, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE,"
        " s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS, s.PASSWORD_HASHERS[0].rsplit('.', 1)[1])",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "True", "True", "True", "31536000", "Argon2PasswordHasher"]


def test_celery_runs_eagerly_without_a_broker():
    result = manage("shell", "-v0", "-c", "from django.conf import settings as s; print(s.CELERY_TASK_ALWAYS_EAGER)")
    assert result.stdout.strip() == "True"
    result = manage(
        "shell",
        "-v0",
        "-c",
        "from django.conf import settings as s; print(s.CELERY_TASK_ALWAYS_EAGER, s.CELERY_BROKER_URL)",
        REDIS_URL="redis://127.0.0.1:6379/3",
    )
    assert result.stdout.split() == ["False", "redis://127.0.0.1:6379/3"]


def test_the_suite_uses_the_configured_services():
    """CI points DATABASE_URL at PostgreSQL and REDIS_URL at Redis; the suite must really use them."""
    if os.environ.get("CI"):
        assert settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
        assert settings.CACHES["default"]["BACKEND"].endswith("RedisCache")
        assert settings.CELERY_TASK_ALWAYS_EAGER is False


def test_celery_is_configured_for_at_least_once_with_bounded_tasks(settings):
    """acks late, a killed worker's task back in the queue, one task reserved at a time, and a visibility
    timeout longer than every task's hard time limit (docs/architecture.md, "Celery")."""
    from leuvenhelpt.celery import app

    assert app.conf.task_acks_late is True
    assert app.conf.task_reject_on_worker_lost is True
    assert app.conf.worker_prefetch_multiplier == 1
    app.loader.import_default_modules()
    ours = {name: task for name, task in app.tasks.items() if not name.startswith("celery.")}
    assert ours, "no tasks registered"
    for name, task in ours.items():
        assert task.time_limit and task.soft_time_limit and task.soft_time_limit < task.time_limit, name
    longest = max(task.time_limit for task in ours.values())
    assert settings.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"] > longest


def test_fas_adds_only_its_origin_to_the_form_action_of_the_csp():
    """The FAS button's POST is answered with a redirect to FAS: without its origin in ``form-action`` the browser
    stops there (tests/e2e/test_fas_signin.py). Without FAS nothing is added."""
    show = "from django.conf import settings as s; print(s.FAS_ENABLED, *s.SECURE_CSP['form-action'])"
    with_fas = manage(
        "shell",
        "-v0",
        "-c",
        show,
        FAS_CLIENT_ID="leuvenhelpt",
        FAS_CLIENT_SECRET="s",
        FAS_SERVER_URL="https://idp.example.be/fas/oauth2/",
        NRN_HASH_KEY="k" * 40,
    )
    assert with_fas.returncode == 0, with_fas.stderr
    assert with_fas.stdout.split() == ["True", "'self'", "https://idp.example.be"]
    without = manage("shell", "-v0", "-c", show)
    assert without.stdout.split() == ["False", "'self'"]
