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
WEB_SERVICES = ["web-1", "web-2"]
APP_SERVICES = [*WEB_SERVICES, "worker", "beat", "migrate"]
NGINX = (ROOT / "deploy" / "nginx.conf").read_text()

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
    "secret": __import__("hashlib").sha256(settings.SECRET_KEY.encode()).hexdigest(),
    "database_name": settings.DATABASES["default"]["NAME"],
    "cache_location": settings.CACHES["default"]["LOCATION"],
    "session_engine": settings.SESSION_ENGINE,
    "proxy_count": settings.ALLAUTH_TRUSTED_PROXY_COUNT,
    "proxy_ssl_header": settings.SECURE_PROXY_SSL_HEADER if hasattr(settings, "SECURE_PROXY_SSL_HEADER") else None,
    "local_caches": sorted(
        name for name, cache in settings.CACHES.items() if cache["BACKEND"].endswith("LocMemCache")
    ),
}))
"""


def load_settings(service: str) -> dict:
    """The settings the app loads with only the service's own environment (no DEBUG, no test settings)."""
    environment = {key: interpolate(str(value), DOT_ENV) for key, value in SERVICES[service]["environment"].items()}
    environment |= {"PATH": os.environ["PATH"], "DJANGO_SETTINGS_MODULE": "leuvenhelpt.settings"}
    result = subprocess.run(  # noqa: S603 - a fixed command
        [sys.executable, "-c", SETTINGS_PROBE], env=environment, cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize("service", APP_SERVICES)
def test_the_environment_of_each_app_service_loads_the_production_settings(service):
    """A required variable that compose does not give would stop the container at start-up, and this test first."""
    loaded = load_settings(service)
    assert loaded["debug"] is False
    assert loaded["database"] == "postgres"
    assert "redis" in loaded["cache"].lower()
    assert urlsplit(loaded["broker"]).hostname == "redis"
    assert "localhost" in loaded["hosts"]  # the healthcheck calls http://localhost:8000/healthz from inside


def test_the_commands_name_modules_that_exist():
    web = SERVICES["web-1"]["command"]
    module, _, attribute = web[web.index("gunicorn") + 1].partition(":")
    assert importlib.util.find_spec(module) is not None and attribute == "application"
    for service in ("worker", "beat"):
        command = SERVICES[service]["command"]
        assert importlib.util.find_spec(f"{command[command.index('-A') + 1]}.celery") is not None
    assert SERVICES["migrate"]["command"][1:3] == ["manage.py", "migrate"] and (ROOT / "manage.py").exists()


@pytest.mark.parametrize("service", WEB_SERVICES)
def test_the_web_healthcheck_calls_the_health_view(service):
    url = next(part for part in SERVICES[service]["healthcheck"]["test"] if part.startswith("http"))
    assert resolve(urlsplit(url).path).url_name == "healthz"


@pytest.mark.parametrize("service", WEB_SERVICES)
def test_web_starts_after_the_migrations_and_healthy_services(service):
    depends = SERVICES[service]["depends_on"]
    assert depends["migrate"]["condition"] == "service_completed_successfully"
    assert {depends["postgres"]["condition"], depends["redis"]["condition"]} == {"service_healthy"}
    assert all("healthcheck" in SERVICES[name] for name in ("postgres", "redis"))


# --- two web containers behind one proxy (docs/deploy.md) -------------------------------------------------------


def gunicorn_port() -> int:
    from leuvenhelpt import gunicorn_conf

    return int(gunicorn_conf.bind.rsplit(":", 1)[1])


def test_the_proxy_sends_to_every_web_container_on_the_port_gunicorn_listens_on():
    """The upstream of deploy/nginx.conf is exactly the compose services that run gunicorn, on the port
    leuvenhelpt/gunicorn_conf.py binds: a web container added or renamed in one place and not the other fails."""
    upstream = re.search(r"upstream leuvenhelpt_web \{(.*?)\}", NGINX, re.S).group(1)
    servers = set(re.findall(r"^\s*server\s+([\w.-]+):(\d+)", upstream, re.M))
    runs_gunicorn = {name for name, service in SERVICES.items() if "gunicorn" in service.get("command", [])}
    assert servers == {(name, str(gunicorn_port())) for name in runs_gunicorn}
    assert len(runs_gunicorn) >= 2
    proxy = SERVICES["proxy"]
    mounted = {volume.split(":")[0]: volume.split(":")[1] for volume in proxy["volumes"]}
    assert mounted["./deploy/nginx.conf"] == "/etc/nginx/conf.d/default.conf"  # the file the tests read
    assert set(proxy["depends_on"]) == runs_gunicorn
    # Only the proxy is reachable from outside; a published web port would bypass the proxy (and its address).
    assert all("ports" not in SERVICES[name] for name in runs_gunicorn)


def test_the_web_containers_share_sessions_caches_and_rate_limits():
    """Both containers sign the same sessions, use the same database and the same Redis: a visitor signed in
    through one is signed in on the other, and a rate limit counts across both (allauth keeps its counters in the
    default cache). What a container keeps in its own memory is only ever the ``fragments`` and ``pages``
    caches, whose entries follow the database through leuvenhelpt.versioned_cache (the help lines, the published edition)."""
    first, second = (load_settings(name) for name in WEB_SERVICES)
    for key in ("secret", "database", "database_name", "cache", "cache_location", "session_engine", "broker"):
        assert first[key] == second[key], key
    assert urlsplit(first["cache_location"]).hostname == "redis"
    assert first["session_engine"] == "django.contrib.sessions.backends.cached_db"
    assert first["local_caches"] == ["fragments", "pages"]


def test_the_app_reads_the_visitor_behind_exactly_the_one_proxy():
    """NUM_PROXIES matches the one proxy that appends to X-Forwarded-For, so the rate limits see the visitor and
    not the proxy (too few) nor a forged header (too many); X-Forwarded-Proto is trusted because the proxy sets it."""
    loaded = load_settings("web-1")
    assert loaded["proxy_count"] == 1
    assert loaded["proxy_ssl_header"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    assert "proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;" in NGINX
    assert "proxy_set_header X-Forwarded-Proto https;" in NGINX
