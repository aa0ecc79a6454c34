"""docker-compose.yml is how the city deploys. There is no docker engine here, so instead of restating the
YAML these tests check that what it says works with this code: the environment it gives the app services is
enough for the production settings, the modules its commands name exist, and its healthcheck hits /healthz."""

import importlib.util
import json
import os
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml
from django.urls import resolve

ROOT = Path(__file__).resolve().parent.parent
COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
SERVICES = COMPOSE["services"]
APP_SERVICES = ["web", "worker", "beat", "migrate"]

# What the operator puts in .env (see .env.example); everything else comes from the compose file's defaults.
DOT_ENV = {"SECRET_KEY": "k" * 50, "POSTGRES_PASSWORD": "secret"}
_VARIABLE = re.compile(r"\$\{(\w+)(?::([?-])([^}]*))?\}")


def interpolate(value: str, dot_env: dict[str, str]) -> str:
    """Compose's ${NAME}, ${NAME:-default} and ${NAME:?error}, as `docker compose` fills them in."""

    def one(match: re.Match) -> str:
        name, kind, rest = match.groups()
        if name in dot_env:
            return dot_env[name]
        if kind == "-":
            return rest
        raise AssertionError(f"{name} must be set: {rest}")

    return _VARIABLE.sub(one, value)


SETTINGS_PROBE = """
import json, django
from django.conf import settings
django.setup()
print(json.dumps({
    "debug": settings.DEBUG,
    "database": settings.DATABASES["default"]["HOST"],
    "cache": settings.CACHES["default"]["BACKEND"],
    "broker": settings.CELERY_BROKER_URL,
    "hosts": settings.ALLOWED_HOSTS,
}))
"""


@pytest.mark.parametrize("service", APP_SERVICES)
def test_the_environment_of_each_app_service_loads_the_production_settings(service):
    """Only the service's own environment (no DEBUG, no test settings): a required variable that compose does
    not give would stop the container at start-up, and this test first."""
    environment = {key: interpolate(str(value), DOT_ENV) for key, value in SERVICES[service]["environment"].items()}
    environment |= {"PATH": os.environ["PATH"], "DJANGO_SETTINGS_MODULE": "leuvenhelpt.settings"}
    result = subprocess.run(  # noqa: S603 - a fixed command
        [sys.executable, "-c", SETTINGS_PROBE], env=environment, cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr[-2000:]
    loaded = json.loads(result.stdout.strip().splitlines()[-1])
    assert loaded["debug"] is False
    assert loaded["database"] == "postgres"
    assert "redis" in loaded["cache"].lower()
    assert urlsplit(loaded["broker"]).hostname == "redis"
    assert "localhost" in loaded["hosts"]  # the healthcheck calls http://localhost:8000/healthz from inside


def test_the_commands_name_modules_that_exist():
    web = SERVICES["web"]["command"]
    module, _, attribute = web[web.index("gunicorn") + 1].partition(":")
    assert importlib.util.find_spec(module) is not None and attribute == "application"
    for service in ("worker", "beat"):
        command = SERVICES[service]["command"]
        assert importlib.util.find_spec(f"{command[command.index('-A') + 1]}.celery") is not None
    assert SERVICES["migrate"]["command"][1:3] == ["manage.py", "migrate"] and (ROOT / "manage.py").exists()


def test_the_web_healthcheck_calls_the_health_view():
    url = next(part for part in SERVICES["web"]["healthcheck"]["test"] if part.startswith("http"))
    assert resolve(urlsplit(url).path).url_name == "healthz"


def test_web_starts_after_the_migrations_and_healthy_services():
    depends = SERVICES["web"]["depends_on"]
    assert depends["migrate"]["condition"] == "service_completed_successfully"
    assert {depends["postgres"]["condition"], depends["redis"]["condition"]} == {"service_healthy"}
    assert all("healthcheck" in SERVICES[name] for name in ("postgres", "redis"))
