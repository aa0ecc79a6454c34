# Leuven Helpt: the production image (web, worker and beat run from it).
FROM python:3.12-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

RUN apt-get update \
 && apt-get install -y --no-install-recommends gettext curl \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --create-home --uid 1000 leuvenhelpt

WORKDIR /app
# Only the locked packages, each file checked against its hash (`make lock` writes the lock from pyproject.toml).
# The application itself is not a package: it runs from /app.
COPY requirements.lock ./
RUN pip install --require-hashes --no-deps -r requirements.lock
COPY . .

# Static files and translations are built into the image; build-time settings only.
RUN SECRET_KEY=build-only ALLOWED_HOSTS=localhost EMAIL_URL=smtp://localhost:25 \
    python manage.py collectstatic --noinput -v0 \
 && SECRET_KEY=build-only ALLOWED_HOSTS=localhost EMAIL_URL=smtp://localhost:25 \
    python manage.py compilemessages --ignore=.venv -v0

# The erasure journal (ids of erased people, re-applied after a restore) lives on its own volume, shared by
# web (the DPO's erasures) and worker (the retention job): see docker-compose.yml and docs/operations.md.
RUN mkdir -p /var/lib/leuvenhelpt && chown leuvenhelpt /var/lib/leuvenhelpt
USER leuvenhelpt
EXPOSE 8000
CMD ["gunicorn", "leuvenhelpt.wsgi:application", "--config", "python:leuvenhelpt.gunicorn_conf"]
