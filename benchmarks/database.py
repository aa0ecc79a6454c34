"""A benchmark's own PostgreSQL database: made when missing and migrated, so each benchmark prepares its data
without depending on another's (``make bench`` runs them all on a fresh machine)."""

import os
import subprocess
import sys
import urllib.parse
from collections.abc import Mapping
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def database_create(url: str) -> None:
    """``CREATE DATABASE`` for ``url`` on its server; an existing database is kept as it is."""
    dsn = urllib.parse.urlparse(url)
    subprocess.run(
        ["psql", "-h", dsn.hostname or "127.0.0.1", "-U", dsn.username or "root", "-d", "postgres"]
        + ["-qc", f"CREATE DATABASE {dsn.path.lstrip('/')}"],
        capture_output=True,
        check=False,
    )


def database_create_and_migrate(env: Mapping[str, str] | None = None) -> None:
    """The database of ``env["DATABASE_URL"]`` (default: this process's environment), made and migrated."""
    env = dict(os.environ if env is None else env)
    database_create(env["DATABASE_URL"])
    subprocess.run([sys.executable, "manage.py", "migrate", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)
