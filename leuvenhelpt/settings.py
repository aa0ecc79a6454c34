"""Settings for Leuven Helpt: one module, read from the environment.

Production is the default. ``make run`` switches on the development relaxations
(``DEBUG=1``, plain HTTP); nothing here turns them on by itself. Every variable is
listed in ``.env.example`` with what it is for.
"""

import warnings
from pathlib import Path
from urllib.parse import unquote, urlparse, urlsplit

import environ
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()


_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def _bool(name: str, *, default: bool) -> bool:
    """A yes/no variable; anything but 1/0, true/false, yes/no or on/off stops start-up."""
    value = env.str(name, default=str(default)).strip().lower()
    if value not in _TRUE | _FALSE:
        raise ImproperlyConfigured(f"{name} must be 1 or 0 (true/false), not {value!r}.")
    return value in _TRUE


def _setting(name: str, reader, **kwargs):
    """Read one variable; a malformed value stops start-up with one line naming it."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # django-environ warns before failing; we say it in one line
            return reader(name, **kwargs)
    except ImproperlyConfigured:
        raise
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise ImproperlyConfigured(f"{name} has an invalid value ({exc}).") from None


# --- Core -------------------------------------------------------------------
# DEBUG: development mode. Off unless set; `make run` sets it.
DEBUG = _bool("DEBUG", default=False)

# SECRET_KEY: signs sessions, tokens and follow-up links. Required in production.
SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set: give it a long random value (or set DEBUG=1 for development)."
        )
    SECRET_KEY = "insecure-development-key-only-for-make-run-" + "x" * 20  # noqa: S105

# ALLOWED_HOSTS: comma-separated host names this site answers to.
ALLOWED_HOSTS = _setting(
    "ALLOWED_HOSTS",
    env.list,
    default=["127.0.0.1", "localhost", "testserver"] if DEBUG else [],
)
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS is not set: list the host names, e.g. helpt.leuven.be.")

# HTTPS: the site is served over TLS (secure cookies, HSTS, redirect). On by default.
HTTPS = _bool("HTTPS", default=not DEBUG)

# FOLLOW_UP_AFTER_DAYS: how long after the support started the help seeker is asked whether help came.
FOLLOW_UP_AFTER_DAYS = env.int("FOLLOW_UP_AFTER_DAYS", default=14)
# SITE_URL: the public address, used in e-mails and follow-up links.
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000" if DEBUG else "https://helpt.leuven.be")

INSTALLED_APPS = [
    "whitenoise.runserver_nostatic",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",  # trigram search for the KCC console (PostgreSQL; unused on SQLite)
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.socialaccount",  # sign-in with itsme or the eID (the federal authentication service, OIDC)
    "guardian",
    "django_fsm",
    "django.forms",  # Django's widget templates, found by the project's engine (FORM_RENDERER below)
    "django_htmx",
    "outbox",
    "messaging",
    "once",  # one-time tokens of forms that create something (idempotent posts)
    "accounts",
    "accounts.fas",  # the FAS provider: allauth's OpenID Connect provider made strict (accounts/fas/)
    "people",  # Person, Channel, ActionRefused: the bottom of the domain, under every app that helps someone
    "emergency",
    "assistant",
    "requests_app",
    "volunteers",
    "helpdesk",
    "privacy",
    "dataprotection",  # the citizen's data pages, the DPO console, erasure and retention: above every app
    "insights",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",  # Swagger UI's files, vendored from PyPI (nothing from a CDN)
    "partner_api",
]

MIDDLEWARE = [
    # First: the request id for the log lines and the request metrics (leuvenhelpt/observability.py).
    "leuvenhelpt.observability.ObservabilityMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "accounts.middleware.NoStoreMiddleware",
    "leuvenhelpt.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "accounts.middleware.SessionSecurityMiddleware",
    "accounts.middleware.MFARequiredMiddleware",
    "leuvenhelpt.middleware.RejectNulMiddleware",  # NUL in a path or query string: 400, never a database error
]

ROOT_URLCONF = "leuvenhelpt.urls"
WSGI_APPLICATION = "leuvenhelpt.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "leuvenhelpt.context_processors.site",
            ],
        },
    },
]

# --- Data -------------------------------------------------------------------
# DATABASE_URL: e.g. postgres://user@127.0.0.1:5432/leuvenhelpt. Default: SQLite file.
DATABASES = {
    "default": _setting(
        "DATABASE_URL",
        env.db_url,
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
    )
}
_engine = DATABASES["default"].get("ENGINE", "")
if _engine == "django.db.backends.postgresql":
    # DATABASE_POOL: use Django's built-in psycopg 3 connection pool (PostgreSQL only).
    if _bool("DATABASE_POOL", default=True):
        from leuvenhelpt.dbpool import sweeping_check

        DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
            "min_size": 1,
            "max_size": 8,
            # A connection is checked (an empty round trip) when it leaves the pool: after a PostgreSQL restart
            # or a killed backend, the dead ones are replaced and the next request works without restarting.
            # A failed check tests every idle connection at once (psycopg_pool alone would try them one by one
            # with growing pauses and give up after five: PoolTimeout with a full pool, see leuvenhelpt/dbpool.py).
            "check": sweeping_check,
            # A request waits at most this long for a free connection, then gets the error page.
            "timeout": 10,
            # Connections are renewed now and then (a failover, a changed setting on the server).
            "max_lifetime": 30 * 60,
        }
        DATABASES["default"]["CONN_MAX_AGE"] = 0
elif _engine != "django.db.backends.sqlite3":
    raise ImproperlyConfigured("DATABASE_URL must point to PostgreSQL or SQLite.")

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# REDIS_URL: broker for Celery and the shared cache. Unset: tasks run eagerly in-process.
REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL and urlparse(REDIS_URL).scheme not in {"redis", "rediss"}:
    raise ImproperlyConfigured("REDIS_URL must start with redis:// or rediss://.")

if REDIS_URL:
    CACHES = {
        "default": {
            # Redis, degrading to memory in this process while Redis is down (every page still answers); the
            # rate limits' counters go to the database cache meanwhile (shared by all processes).
            "BACKEND": "leuvenhelpt.cache.DegradingRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "leuvenhelpt",
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# The fallback of the default cache (table made by accounts' migration 0004_cache_table).
CACHES["database"] = {
    "BACKEND": "django.core.cache.backends.db.DatabaseCache",
    "LOCATION": "leuvenhelpt_cache",
    "KEY_PREFIX": "leuvenhelpt",
}

# Rendered parts of the layout that are the same for everyone (the footer per language), in process.
CACHES["fragments"] = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "fragments",
    "OPTIONS": {"MAX_ENTRIES": 5000},
}
# Whole public pages as a visitor without a session sees them (leuvenhelpt.pagecache), in process: a few pages
# per language and version, at most 200 kept (the least recently used go first).
CACHES["pages"] = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "pages",
    "OPTIONS": {"MAX_ENTRIES": 200},
}

# Sessions in the database, read through the cache. While Redis is down they are read from the database only,
# and what changed meanwhile is invalidated in Redis when it returns (leuvenhelpt.cache).
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
# A form without a valid CSRF token: the site's own page, in the visitor's language.
CSRF_FAILURE_VIEW = "leuvenhelpt.views.csrf_failure"

CELERY_BROKER_URL = REDIS_URL or "memory://localhost/"
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_IGNORE_RESULT = True
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# At least once, with dedupe in every task (docs/architecture.md, "Celery"): a task is acknowledged after it
# ran, a worker killed mid-task gives its task back, and a worker holds one task at a time beyond the ones
# it runs, so a killed worker strands nothing else.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# Every task has its own soft and hard time limit (in its decorator); these catch any other.
CELERY_TASK_SOFT_TIME_LIMIT = 240
CELERY_TASK_TIME_LIMIT = 300
# CELERY_VISIBILITY_TIMEOUT: seconds before Redis hands an unacknowledged task to another worker. Longer than
# the longest task's hard limit (apply_retention: 1800 s), else a slow task would run twice at once.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": _setting("CELERY_VISIBILITY_TIMEOUT", env.int, default=3600),
    "socket_connect_timeout": 1,
    "socket_timeout": 5,
}
# Handing a task to the broker from a web request gives up quickly (the outbox sweep hands it over later).
CELERY_BROKER_CONNECTION_TIMEOUT = 1
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 1, "interval_start": 0, "interval_step": 0.2, "interval_max": 0.2}
CELERY_TIMEZONE = "Europe/Brussels"
CELERY_BEAT_SCHEDULE: dict = {
    # Referrals a partner has not answered within 3 working days go back to the coordinators' attention.
    "escalate-unanswered-referrals": {
        "task": "requests_app.tasks.escalate_unanswered_referrals",
        "schedule": crontab(hour=8, minute=0, day_of_week="mon-fri"),
    },
    # First-contact promises: the coordinators are warned before one runs out, and told when it was missed.
    "watch-first-contact": {"task": "requests_app.tasks.watch_first_contact", "schedule": crontab(minute="*/15")},
    # "Did you get the help you needed?": asked 14 days after support started and after it ended (once each).
    "ask-follow-up-questions": {
        "task": "requests_app.tasks.ask_follow_up_questions",
        "schedule": crontab(hour=10, minute=0),
    },
    # Volunteer proposals not answered within 48 hours expire (the coordinator is told, or the next is asked).
    "expire-volunteer-proposals": {
        "task": "volunteers.tasks.expire_proposals",
        "schedule": crontab(minute="*/15"),
    },
    # A month before a volunteer's screening is a year old, the volunteer and the coordinators are reminded.
    "remind-volunteer-screenings": {
        "task": "volunteers.tasks.remind_screenings",
        "schedule": crontab(hour=7, minute=30),
    },
    # /inzichten/ reads a daily summary: the changed days every quarter of an hour, every day at night.
    "refresh-insights-summary": {"task": "insights.tasks.refresh_summary", "schedule": crontab(minute="*/15")},
    "rebuild-insights-summary": {"task": "insights.tasks.rebuild_summary", "schedule": crontab(hour=3, minute=30)},
    # Messages still waiting (the broker was down, a retry is due, a worker died) are handed over again.
    "outbox-requeue": {"task": "outbox.tasks.requeue", "schedule": 60.0},
    # Finished messages older than OUTBOX_KEEP_DAYS are deleted.
    "outbox-purge": {"task": "outbox.tasks.purge", "schedule": crontab(hour=3, minute=45)},
    # The webhook endpoints' delivery logs keep as long as the outbox keeps its messages (OUTBOX_KEEP_DAYS).
    "webhook-deliveries-purge": {"task": "partner_api.tasks.purge_deliveries", "schedule": crontab(hour=3, minute=50)},
    # The assistant's anonymous answer sets ("who gets this?" in the editor) are kept 90 days.
    "assistant-purge-answer-sets": {
        "task": "assistant.tasks.purge_answer_sets",
        "schedule": crontab(hour=3, minute=50),
    },
    # Personal data past its retention period is anonymised (docs/privacy/retention.md).
    "privacy-retention": {
        "task": "privacy.tasks.apply_retention",
        "schedule": crontab(hour=3, minute=30),
    },
    # One-time form tokens older than a day are forgotten.
    "prune-form-tokens": {"task": "once.tasks.prune_submissions", "schedule": crontab(hour=4, minute=10)},
}

# --- Assistant catalogue ------------------------------------------------------
# Four-eyes review: a draft catalogue is only published after a second editor approved it as it is.
ASSISTANT_FOUR_EYES = env.bool("ASSISTANT_FOUR_EYES", default=True)

# --- Accounts ---------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
    "guardian.backends.ObjectPermissionBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "accounts:profile"
ACCOUNT_ADAPTER = "accounts.adapters.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_SIGNUP_FORM_CLASS = "accounts.forms.SignupForm"
# The same work for a new and a taken address (no account enumeration by timing): accounts/signup.py.
ACCOUNT_FORMS = {"signup": "accounts.signup.TimingSafeSignupForm"}
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Leuven Helpt] "
ACCOUNT_PRESERVE_USERNAME_CASING = False
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Leuven Helpt"
# One 30-second step either side, for phones whose clock drifts a little (RFC 6238 recommends it).
MFA_TOTP_TOLERANCE = 1
MFA_ADAPTER = "accounts.adapters.MFAAdapter"
# Lockout: 5 failed sign-ins for one account from one address lock that pair for an hour (the key is
# address + login, see AccountAdapter); one address trying many accounts is slowed down to 20 a minute.
ACCOUNT_RATE_LIMITS = {
    "login_failed": "20/m/ip,5/1h/key",
    # Anonymous forms that send mail or create work (docs/security.md "Abuse limits"): per client (ip) and
    # per e-mail address (key). Sign-up and password reset are allauth's own actions.
    "signup": "5/10m/ip,30/d/ip",
    "reset_password": "5/10m/ip,3/h/key",  # a rate limit (attempts per period), not a password # nosec B105
    "help_request": "5/10m/ip,20/d/ip",
    "help_request_address": "3/h/key,10/d/key",
    "results_mail": "5/10m/ip,30/d/ip",
    "results_mail_address": "3/h/key,10/d/key",
    "follow_link_failed": "20/10m/ip",
    # Every mail allauth sends (confirmation, "account already exists", password reset) to one address.
    "account_mail_address": "5/h/key,20/d/key",
}
# --- Sign-in with itsme or the eID (the federal authentication service, FAS; docs/security.md) ---------
# FAS_CLIENT_ID, FAS_CLIENT_SECRET, FAS_SERVER_URL: the client registered with the federal authentication
# service and its issuer URL (its /.well-known/openid-configuration is read from there). All three unset:
# no "Aanmelden met itsme of eID" button and no FAS sign-in at all. Half set: start-up stops.
FAS_CLIENT_ID = env.str("FAS_CLIENT_ID", default="")
FAS_CLIENT_SECRET = env.str("FAS_CLIENT_SECRET", default="")
FAS_SERVER_URL = env.str("FAS_SERVER_URL", default="").rstrip("/")
FAS_ENABLED = bool(FAS_CLIENT_ID or FAS_CLIENT_SECRET or FAS_SERVER_URL)
if FAS_ENABLED and not (FAS_CLIENT_ID and FAS_CLIENT_SECRET and FAS_SERVER_URL):
    raise ImproperlyConfigured(
        "FAS_CLIENT_ID, FAS_CLIENT_SECRET and FAS_SERVER_URL go together: set all three or none."
    )
if FAS_ENABLED and urlsplit(FAS_SERVER_URL).scheme != "https" and not DEBUG:
    raise ImproperlyConfigured("FAS_SERVER_URL must be an https:// address.")
# FAS_SCOPE: the scopes asked for (space-separated). FAS gives the national register number with
# "egovnrn"; it is hashed at once and never stored (NRN_HASH_KEY). Add "email" only when the city's FAS client
# may ask it (an unknown scope can make FAS refuse); without an address a form asks the citizen for one.
FAS_SCOPE = env.str("FAS_SCOPE", default="openid profile egovnrn").split()
# FAS_ACR_VALUES: the levels of assurance accepted (space-separated), e.g. the eID's and itsme's; asked of FAS as
# acr_values and checked in the ID token. Unset: whatever level FAS signed in with.
FAS_ACR_VALUES = env.str("FAS_ACR_VALUES", default="").split()
# FAS_NRN_CLAIM: the claim that carries the national register number; without it the subject ("sub") links.
FAS_NRN_CLAIM = env.str("FAS_NRN_CLAIM", default="egovNRN")
# NRN_HASH_KEY: the key of the HMAC-SHA256 that turns the national register number into the identifier that
# links a citizen's FAS sign-in to their account (the number itself is never stored). Separate from
# SECRET_KEY, never rotated without re-linking (a new key makes every citizen a new identity). Required when
# FAS is configured in production.
NRN_HASH_KEY = env.str("NRN_HASH_KEY", default="")
if not NRN_HASH_KEY:
    if FAS_ENABLED and not DEBUG:
        raise ImproperlyConfigured("NRN_HASH_KEY is not set: FAS sign-in needs it (a long random value).")
    NRN_HASH_KEY = "insecure-development-nrn-key-" + "x" * 20  # noqa: S105
SOCIALACCOUNT_ADAPTER = "accounts.fas.adapter.SocialAccountAdapter"
SOCIALACCOUNT_PROVIDERS = {
    "fas": {
        "APPS": [
            {
                "provider_id": "fas",
                "name": "itsme / eID",
                "client_id": FAS_CLIENT_ID,
                "secret": FAS_CLIENT_SECRET,
                "settings": {"server_url": FAS_SERVER_URL, "oauth_pkce_enabled": True, "fetch_userinfo": True},
            }
        ]
        if FAS_ENABLED
        else [],
        "SCOPE": FAS_SCOPE,
    }
}
# A sign-in starts with a POST (a button), never with a link a third party could make someone follow.
SOCIALACCOUNT_LOGIN_ON_GET = False
SOCIALACCOUNT_AUTO_SIGNUP = True
# An existing account with the same address is signed in (and linked) only when FAS says that address is
# verified (allauth ignores unverified addresses for this).
SOCIALACCOUNT_EMAIL_AUTHENTICATION = True
SOCIALACCOUNT_EMAIL_AUTHENTICATION_AUTO_CONNECT = True
# No access or refresh tokens of FAS are kept: the sign-in is all the site needs.
SOCIALACCOUNT_STORE_TOKENS = False
SOCIALACCOUNT_REQUESTS_TIMEOUT = 10

# NUM_PROXIES: how many reverse proxies in front of the site add themselves to X-Forwarded-For. The
# client's address is read that many hops from the right, so a forged header cannot change it. 0: no proxy.
NUM_PROXIES = _setting("NUM_PROXIES", env.int, default=0)
ALLAUTH_TRUSTED_PROXY_COUNT = NUM_PROXIES
# Sessions end after this long without a request: 15 minutes for citizens, intermediaries and
# volunteers, 60 for staff, and after 12 hours whatever happens (accounts.middleware).
SESSION_IDLE_TIMEOUT = 15 * 60
SESSION_IDLE_TIMEOUT_STAFF = 60 * 60
SESSION_ABSOLUTE_TIMEOUT = 12 * 60 * 60
# The last-seen time is written at most once a minute (not on every request).
SESSION_ACTIVITY_RESOLUTION = 60
# django-guardian: no anonymous user row; anonymous visitors never hold object permissions.
ANONYMOUS_USER_NAME = None
GUARDIAN_RAISE_403 = False


# --- E-mail -----------------------------------------------------------------
def _mailer(url: str) -> dict:
    """Django 6.1 mailer settings from one URL: console://, smtp://, smtp+tls:// or smtps://."""
    parsed = urlparse(url)
    if parsed.scheme == "console":
        return {"BACKEND": "django.core.mail.backends.console.EmailBackend"}
    if parsed.scheme in {"smtp", "smtp+tls", "smtps"} and parsed.hostname:
        options = {
            "host": parsed.hostname,
            "port": parsed.port or {"smtps": 465, "smtp+tls": 587}.get(parsed.scheme, 25),
            "use_tls": parsed.scheme == "smtp+tls",
            "use_ssl": parsed.scheme == "smtps",
            "timeout": 10,
        }
        if parsed.username:
            options |= {"username": unquote(parsed.username), "password": unquote(parsed.password or "")}
        return {"BACKEND": "django.core.mail.backends.smtp.EmailBackend", "OPTIONS": options}
    raise ImproperlyConfigured(
        "EMAIL_URL must look like console:// or smtp://host:port (also smtp+tls:// and smtps://)."
    )


# EMAIL_URL: where mail goes, e.g. smtp://mailpit:1025. Required in production;
# in development (DEBUG=1) mail is printed on the console.
EMAIL_URL = env.str("EMAIL_URL", default="console://" if DEBUG else "")
if not EMAIL_URL:
    raise ImproperlyConfigured("EMAIL_URL is not set: give the SMTP server, e.g. smtp://mail.leuven.be:25.")
MAILERS = {"default": _mailer(EMAIL_URL)}
# SMS_URL: where text messages go (messaging/sms.py): console:// (the log, development), locmem:// (tests), or
# https://TOKEN@sms.provider.example/v1/messages (a JSON POST with a bearer token). Unset: text messages fail
# and the coordinators see them among the undelivered messages.
SMS_URL = env.str("SMS_URL", default="console://" if DEBUG else "")
if SMS_URL and urlsplit(SMS_URL).scheme not in ("console", "locmem", "http", "https"):
    raise ImproperlyConfigured("SMS_URL must look like console://, locmem:// or https://TOKEN@host/path.")
# SMS_SENDER: the sender name or number shown on the phone (at most 11 letters for a name).
SMS_SENDER = env.str("SMS_SENDER", default="LeuvenHelpt")
# DEFAULT_FROM_EMAIL: sender of every mail the portal sends.
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Leuven Helpt <leuvenhelpt@leuven.be>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Outbox (every message the portal sends; docs/architecture.md) ------------
# OUTBOX_MAX_ATTEMPTS: tries before a message is marked failed and shown to the coordinators.
OUTBOX_MAX_ATTEMPTS = _setting("OUTBOX_MAX_ATTEMPTS", env.int, default=8)
# OUTBOX_RETRY_SECONDS: wait after the first failed try; it doubles after each next one (at most 6 hours).
OUTBOX_RETRY_SECONDS = _setting("OUTBOX_RETRY_SECONDS", env.int, default=60)
OUTBOX_RETRY_MAX_SECONDS = 6 * 60 * 60
# A worker that claimed a message and died: after this long another worker sends it (> the task's time limit).
OUTBOX_SENDING_LEASE_SECONDS = _setting("OUTBOX_SENDING_LEASE_SECONDS", env.int, default=120)
# The beat sweep hands over a message still waiting after this long (the broker was down at the commit).
OUTBOX_REQUEUE_AFTER_SECONDS = 60
# OUTBOX_KEEP_DAYS: finished messages (sent, failed, cancelled) are deleted after this many days.
OUTBOX_KEEP_DAYS = _setting("OUTBOX_KEEP_DAYS", env.int, default=90)

# --- Language and time -------------------------------------------------------
# Dutch is the language of record: every text exists in Dutch, and whatever is missing in another language
# (a gettext string, a catalogue text, a page group the city's policy keeps Dutch) falls back to it.
LANGUAGE_CODE = "nl"
# Each language's name in itself: the language links show it, and a visitor recognises their own language
# whatever the page is in. Adding a language: docs/i18n.md.
LANGUAGE_NAMES = {
    "nl": "Nederlands",
    "en": "English",
    "fr": "Français",
    "ar": "العربية",
    "tr": "Türkçe",
    "uk": "Українська",
}


def _languages(name: str, default: str, *, within: list[str] | None = None) -> list[str]:
    """A comma-separated list of language codes; an unknown code stops start-up with one line naming it."""
    codes = [code.strip().lower() for code in env.str(name, default=default).split(",") if code.strip()]
    allowed = within if within is not None else list(LANGUAGE_NAMES)
    unknown = [code for code in codes if code not in allowed]
    if unknown:
        raise ImproperlyConfigured(
            f"{name} has a language this site cannot offer: {', '.join(unknown)} (possible: {', '.join(allowed)})."
        )
    if "nl" not in codes:
        codes.insert(0, "nl")  # Dutch, the language of record, is always offered
    return list(dict.fromkeys(codes))


# LANGUAGES_OFFERED: the languages the site is offered in, in the order of the language links.
LANGUAGES_OFFERED = _languages("LANGUAGES_OFFERED", "nl,en,fr,ar,tr,uk")
LANGUAGES = [(code, LANGUAGE_NAMES[code]) for code in LANGUAGES_OFFERED]
LANGUAGES_BIDI = ["ar", "he", "fa", "ur"]
# The city's language policy: which page groups are offered in which of the offered languages. A visitor
# who chose a language a page group does not have sees that page in Dutch, with a one-line notice in their
# own language (leuvenhelpt.middleware.LanguageMiddleware; the groups are in leuvenhelpt/languages.py).
#   LANGUAGES_PUBLIC:   public information and the digital assistant
#   LANGUAGES_HELP:     the help form and the status pages of a request
#   LANGUAGES_MESSAGES: e-mails, SMS and letters to a person (else they go out in Dutch)
#   LANGUAGES_STAFF:    the pages of staff, coordinators, volunteers' and editors' work
LANGUAGE_POLICY = {
    "public": _languages("LANGUAGES_PUBLIC", ",".join(LANGUAGES_OFFERED), within=LANGUAGES_OFFERED),
    "help": _languages("LANGUAGES_HELP", ",".join(LANGUAGES_OFFERED), within=LANGUAGES_OFFERED),
    "messages": _languages("LANGUAGES_MESSAGES", ",".join(LANGUAGES_OFFERED), within=LANGUAGES_OFFERED),
    "staff": _languages(
        "LANGUAGES_STAFF", ",".join(c for c in ("nl", "en") if c in LANGUAGES_OFFERED), within=LANGUAGES_OFFERED
    ),
}
LOCALE_PATHS = [BASE_DIR / "locale"]
LANGUAGE_COOKIE_SECURE = HTTPS
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
TIME_ZONE = "Europe/Brussels"
USE_I18N = True
USE_TZ = True

# --- Static files -----------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
# STATIC_MANIFEST: serve hashed, compressed files (needs collectstatic). Default: in production.
STATIC_MANIFEST = _bool("STATIC_MANIFEST", default=not DEBUG)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if STATIC_MANIFEST
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

# Without collected files (development, tests) whitenoise serves straight from the app folders.
WHITENOISE_USE_FINDERS = not STATIC_MANIFEST
WHITENOISE_AUTOREFRESH = not STATIC_MANIFEST

# Every form and field on the site is rendered by one renderer with one field template (templates/forms/field.html;
# docs/architecture.md "Forms").
FORM_RENDERER = "leuvenhelpt.forms.SiteFormRenderer"

# --- The partner API (/api/v1/, partner_api) ------------------------------------
# API_RATE_LIMIT: calls per API client (all its tokens together); API_ANONYMOUS_RATE_LIMIT: calls without a
# token (the status vocabulary, the schema) per IP address. DRF's notation: "<n>/<second|minute|hour|day>".
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["partner_api.authentication.BearerTokenAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["partner_api.permissions.HasScope"],
    "DEFAULT_THROTTLE_CLASSES": [
        "partner_api.throttling.ClientRateThrottle",
        "partner_api.throttling.AnonymousRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "api_client": env.str("API_RATE_LIMIT", default="120/minute"),
        "api_anonymous": env.str("API_ANONYMOUS_RATE_LIMIT", default="30/minute"),
    },
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "EXCEPTION_HANDLER": "partner_api.errors.handler",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    "DATE_INPUT_FORMATS": ["iso-8601"],
}
# Webhooks to partners' systems (partner_api.webhooks): HTTPS only; WEBHOOK_ALLOW_HTTP is for the tests' local
# receiver on 127.0.0.1 and is never read from the environment. WEBHOOK_TIMEOUT_SECONDS: one attempt's limit.
WEBHOOK_ALLOW_HTTP = False
WEBHOOK_TIMEOUT_SECONDS = env.int("WEBHOOK_TIMEOUT_SECONDS", default=10)
SPECTACULAR_SETTINGS = {
    "TITLE": "Leuven Helpt API for partner organisations",
    "DESCRIPTION": (
        "Read and answer the referrals to your organisation from your own case-management system. "
        "Authenticate with `Authorization: Bearer <token>`; see docs/api.md."
    ),
    "VERSION": "1.0.0",
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "ReferralStatusEnum": "requests_app.workflow.ReferralStatus",
        "TrackStatusEnum": "requests_app.workflow.TrackState",
        "OutcomeEnum": "requests_app.workflow.Outcome",
        "NeedEnum": "requests_app.models.Need",
    },
}

# --- Security ---------------------------------------------------------------
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF, CSP.NONCE],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    # The FAS button's POST is answered with a redirect to FAS, which form-action also governs.
    "form-action": [
        CSP.SELF,
        *([f"{urlsplit(FAS_SERVER_URL).scheme}://{urlsplit(FAS_SERVER_URL).netloc}"] if FAS_ENABLED else []),
    ],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = 60 * 60 * 12  # = SESSION_ABSOLUTE_TIMEOUT
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = HTTPS
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^metrics$"]  # probes inside the network speak plain HTTP
SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365 if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
# BEHIND_PROXY: trust X-Forwarded-Proto from the reverse proxy that terminates TLS.
if _bool("BEHIND_PROXY", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# CSRF_TRUSTED_ORIGINS: comma-separated origins, e.g. https://helpt.leuven.be.
CSRF_TRUSTED_ORIGINS = _setting("CSRF_TRUSTED_ORIGINS", env.list, default=[])
SILENCED_SYSTEM_CHECKS: list[str] = []

# --- Logging ----------------------------------------------------------------
# LOG_LEVEL: level of the application's own log lines.
# LOG_FORMAT: "json" (one JSON object per line, with the request id; the default in production) or "plain".
LOG_FORMAT = env.str("LOG_FORMAT", default="plain" if DEBUG else "json")
if LOG_FORMAT not in {"json", "plain"}:
    raise ImproperlyConfigured("LOG_FORMAT must be json or plain.")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "leuvenhelpt.observability.RequestIdFilter"}},
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "format": "%(asctime)s %(levelname)s %(name)s %(request_id)s %(message)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT, "filters": ["request_id"]}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {
        "leuvenhelpt": {"level": env.str("LOG_LEVEL", default="INFO"), "propagate": True},
        "django.request": {"level": "ERROR", "propagate": True},
    },
}

# METRICS_TOKEN: the bearer token of the Prometheus scraper for /metrics. Unset: /metrics is off (404).
METRICS_TOKEN = env.str("METRICS_TOKEN", default="")

# --- Leuven Helpt -----------------------------------------------------------
LEUVENHELPT = {
    # The phone line of Leuven Helpt and the city office, shown on every page.
    "PHONE": env.str("LEUVENHELPT_PHONE", default="016 27 27 72"),
    "EMAIL": env.str("LEUVENHELPT_EMAIL", default="leuvenhelpt@leuven.be"),
    "ADDRESS": "Stadskantoor, Professor Van Overstraetenplein 1, 3000 Leuven",
}

# --- Privacy: retention periods in days (docs/privacy/retention.md) --------------
PRIVACY_RETENTION_DAYS = {
    # A request that ended (closed, closed without support, withdrawn): its free text is erased after this.
    "closed_requests": env.int("RETENTION_CLOSED_REQUESTS_DAYS", default=730),
    # A help seeker without an account whose requests were all erased: their name and contact details too,
    # this long after the last request ended.
    "people": env.int("RETENTION_PEOPLE_DAYS", default=730),
    # A KCC contact nobody closed (an abandoned draft): who called and what was said are erased after this.
    "abandoned_contacts": env.int("RETENTION_ABANDONED_CONTACTS_DAYS", default=7),
}
# ERASURE_JOURNAL: the ids of erased people, outside the database, re-applied after a restore
# (manage.py erasures_reapply; docs/operations.md). Keep it on other storage than the database backups.
ERASURE_JOURNAL = env.str("ERASURE_JOURNAL", default=str(BASE_DIR / "var" / "erasure-journal.txt"))
# The data protection officer, named on the citizen's privacy pages.
PRIVACY_DPO_EMAIL = env.str("PRIVACY_DPO_EMAIL", default="privacy@leuven.be")
