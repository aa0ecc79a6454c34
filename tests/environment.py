"""Loaded with ``-p tests.environment`` before pytest-django reads the settings.

The test environment: production settings (DEBUG off, as Django forces in tests anyway)
with a fixed secret, plain HTTP for the test client and the live server, and
unhashed static file names. ``DATABASE_URL`` and ``REDIS_URL`` come from outside:
SQLite and eager Celery locally, PostgreSQL and Redis in CI.
"""

import os

os.environ.setdefault("SECRET_KEY", "test-secret-key-not-for-production-" + "0" * 16)
os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")
os.environ.setdefault("HTTPS", "0")
os.environ.setdefault("STATIC_MANIFEST", "0")
os.environ.setdefault("DEBUG", "0")
# Django swaps in its in-memory mailer during tests; this only satisfies the settings.
os.environ.setdefault("EMAIL_URL", "smtp://localhost:1025")
# Text messages stay in memory (messaging.sms.outbox), like Django's mail.outbox.
os.environ.setdefault("SMS_URL", "locmem://")
# Playwright's sync API runs an event loop in the test thread; the ORM calls made by
# the same tests to set up data are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
# Erasures done by tests are journalled in a scratch file of this run, not in the checkout's var/.
os.environ.setdefault(
    "ERASURE_JOURNAL", os.path.join(__import__("tempfile").gettempdir(), f"lh-test-erasures-{os.getpid()}.txt")
)
