"""docker-compose.yml is how the city deploys; there is no docker engine here, so check its shape."""

from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
SERVICES = COMPOSE["services"]
APP_SERVICES = ["web", "worker", "beat", "migrate"]


def test_production_stack_services():
    assert {"postgres", "redis", "web", "worker", "beat", "mailpit"} <= set(SERVICES)


def test_app_services_get_database_redis_and_secret():
    for name in APP_SERVICES:
        environment = SERVICES[name]["environment"]
        for variable in ("DATABASE_URL", "REDIS_URL", "SECRET_KEY", "EMAIL_URL", "ALLOWED_HOSTS"):
            assert environment.get(variable), f"{name} lacks {variable}"
        assert environment["DATABASE_URL"].startswith("postgres://")
        assert "@postgres:5432/" in environment["DATABASE_URL"]
        assert environment["REDIS_URL"].startswith("redis://redis:6379")
        assert str(environment.get("DEBUG", "0")) == "0"


def test_web_has_a_healthcheck_on_healthz():
    check = SERVICES["web"]["healthcheck"]
    assert any("/healthz" in part for part in check["test"])
    assert "localhost" in SERVICES["web"]["environment"]["ALLOWED_HOSTS"]


def test_worker_and_beat_run_celery():
    assert SERVICES["worker"]["command"][:4] == ["celery", "-A", "leuvenhelpt", "worker"]
    assert SERVICES["beat"]["command"][:4] == ["celery", "-A", "leuvenhelpt", "beat"]


def test_web_waits_for_migrations_and_healthy_services():
    depends = SERVICES["web"]["depends_on"]
    assert depends["postgres"]["condition"] == "service_healthy"
    assert depends["redis"]["condition"] == "service_healthy"
    assert depends["migrate"]["condition"] == "service_completed_successfully"


def test_dockerfile_serves_with_gunicorn():
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert "FROM python:3.12" in dockerfile
    assert "gunicorn" in dockerfile
    assert "collectstatic" in dockerfile
