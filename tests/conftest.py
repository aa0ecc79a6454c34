import os
import shutil
from importlib import import_module

import pytest
from django.conf import settings
from django.core.cache import cache, caches
from django.db import connection
from django.test.client import ClientMixin
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

from accounts.allauth_internals import mark_second_factor_passed
from accounts.models import Organization
from accounts.roles import Role
from leuvenhelpt import versioned_cache
from leuvenhelpt.views import forget_health
from tests.factories import MembershipFactory, OrganizationFactory, UserFactory

# Each app keeps its named fixtures (used by the permission matrix, and the editor's by the assistant tests) in
# tests/fixtures/<app>.py.
pytest_plugins = [
    f"tests.fixtures.{app}" for app in ("privacy", "volunteers", "helpdesk", "insights", "outbox", "assistant")
]

IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}

# Hypothesis: few examples while working (two shared cores), more in CI; HYPOTHESIS_PROFILE overrides.
# Tests that pin their own max_examples (the engine's properties) keep them.
_HYPOTHESIS = {"deadline": None, "database": None, "suppress_health_check": [HealthCheck.function_scoped_fixture]}
hypothesis_settings.register_profile("dev", max_examples=15, **_HYPOTHESIS)
hypothesis_settings.register_profile("ci", max_examples=40, **_HYPOTHESIS)
hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci" if IN_CI else "dev"))


def chromium_path() -> str | None:
    return os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or shutil.which("chromium-browser")


def pytest_runtest_setup(item):
    """Tests that need PostgreSQL or a browser skip locally when these are missing, and fail in CI."""
    if item.get_closest_marker("postgres") and connection.vendor != "postgresql":
        message = "needs PostgreSQL (set DATABASE_URL)"
        pytest.fail(f"{message}: CI must run it") if IN_CI else pytest.skip(message)
    if item.get_closest_marker("e2e") and chromium_path() is None:
        message = "needs Chromium (apt-get install chromium)"
        pytest.fail(f"{message}: CI must run it") if IN_CI else pytest.skip(message)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The test database, with the rows the data migrations put in every fresh database (the role groups,
    the needs screening, the portal as a contact point). ``--reuse-db`` keeps the database between runs, and a
    transactional test (the PostgreSQL concurrency tests) flushes it at its end: without this the next run has no
    role groups (``UserFactory(roles=[...])`` silently makes users without a role) and no contact point."""
    from django.apps import apps as django_apps
    from django.contrib.auth.models import Group

    with django_db_blocker.unblock():
        if Group.objects.filter(name__in=Role.values).count() < len(Role.values):
            import_module("accounts.migrations.0002_roles").create_roles(django_apps, None)
            import_module("helpdesk.migrations.0003_screening_data").load(django_apps, None)
            import_module("insights.migrations.0004_contact_points").this_portal(django_apps, None)
        from emergency.models import HelpLine

        if not HelpLine.objects.exists():  # the help lines of the data migration, gone after a flush too
            import_module("emergency.migrations.0002_seed_helplines").seed(django_apps, None)


@pytest.fixture(autouse=True)
def _force_login_counts_as_mfa(request, monkeypatch):
    """``client.force_login(user)`` yields a session that passed a second factor, as if the user had
    entered their TOTP code: staff pages open in tests as they do for staff who signed in properly.

    Tests of the enforcement itself opt out with ``@pytest.mark.mfa_enforced``."""
    if request.node.get_closest_marker("mfa_enforced"):
        return
    force_login = ClientMixin.force_login

    def force_login_with_mfa(self, user, backend=None):
        force_login(self, user, backend)
        session = self.session
        mark_second_factor_passed(session, user)
        session.save()

    monkeypatch.setattr(ClientMixin, "force_login", force_login_with_mfa)


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # Argon2 is the production hasher (asserted in test_settings); tests do not need its cost.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache (allauth keeps its rate limits there) and every versioned cache
    (the published edition, compiled catalogues, the KCC's reference data) forgotten in this process."""
    cache.clear()
    versioned_cache.clear_all()
    # The per-process caches of rendered HTML: whole public pages and template fragments (the header with its
    # language links: a test that changes the offered languages must not leave its header to the next test).
    caches["pages"].clear()
    caches["fragments"].clear()
    forget_health()
    yield


@pytest.fixture(autouse=True)
def _broker_answers():
    """Each test starts with the outbox believing the broker answers (a test may have made it fail)."""
    from outbox.services import broker

    broker.reset()


@pytest.fixture(autouse=True)
def _celery_in_process():
    """Tasks run in the test process, even with REDIS_URL set (test_celery_worker goes through Redis)."""
    from leuvenhelpt.celery import app

    eager = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = eager


@pytest.fixture
def make_user(db):
    """A user with the given role (or none), ready to log in."""

    def make(role: str | None = None, **kwargs):
        return UserFactory(roles=[role] if role else [], **kwargs)

    return make


# -- the role users: one fixture per role, here only (a test that needs a name or an address reads it from the user)
@pytest.fixture
def coordinator(db):
    """A coordinator of Leuven Helpt."""
    return UserFactory(roles=[Role.COORDINATOR], full_name="Cora Coördinator")


@pytest.fixture
def citizen(db):
    """A citizen with an account (no request yet)."""
    return UserFactory(roles=[Role.CITIZEN], full_name="An Peeters")


@pytest.fixture
def dpo(db):
    """The data protection officer."""
    return UserFactory(roles=[Role.DPO], full_name="Dirk Privacy")


@pytest.fixture
def agent(db):
    """A KCC agent (the contact centre: the ``helpdesk`` app)."""
    return UserFactory(roles=[Role.KCC_AGENT], full_name="Sofie Janssens")


@pytest.fixture
def console(client, agent):
    """A client signed in as ``agent``, on the KCC console."""
    client.force_login(agent)
    return client


# -- the partners and their caseworkers
@pytest.fixture
def caw(db):
    """A partner organisation (a CAW) without an address of its own."""
    return OrganizationFactory(name="CAW Oost-Brabant", kind=Organization.Kind.CAW)


@pytest.fixture
def ocmw(db):
    return OrganizationFactory(name="OCMW Leuven", kind=Organization.Kind.OCMW)


@pytest.fixture
def caseworker(caw):
    """A caseworker of ``caw``."""
    return MembershipFactory(user=UserFactory(roles=[Role.CASEWORKER]), organization=caw, role=Role.CASEWORKER).user


@pytest.fixture
def caseworker_client(client, caseworker):
    """Signed in as ``caseworker``, with the interface in English (the source strings the assertions use)."""
    client.force_login(caseworker)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.fixture
def english(client):
    """The client with the interface in English (the source strings the assertions use)."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.fixture
def client_as(client, make_user):
    """A test client logged in as a fresh user with the given role; ``None`` stays anonymous."""

    def login(role: str | None):
        if role is not None:
            client.force_login(make_user(role))
        return client

    return login


def _catalogue_document(edition: str, **extra) -> dict:
    """The small catalogue of the fixtures below (question ``lives_in_leuven``, product ``bewonerskaart``),
    with ``extra`` top-level entries such as ``cases``."""
    return {
        "format": "leuvenhelpt-catalogue/1",
        "edition": edition,
        "default_language": "nl",
        "questions": [{"key": "lives_in_leuven", "type": "boolean", "text": {"nl": "Woont u in Leuven?"}}],
        "products": [
            {
                "key": "bewonerskaart",
                "name": {"nl": "Bewonerskaart"},
                "kind": "service",
                "audiences": ["citizen"],
                "theme": "mobiliteit",
                "summary": {"nl": "Parkeren in uw eigen buurt."},
                "applies_if": {"var": "lives_in_leuven"},
            }
        ],
        **extra,
    }


@pytest.fixture
def published_catalogue(db):
    """A published catalogue with one product (no URL kwargs)."""
    from assistant.services import edition_import

    edition_import(document=_catalogue_document("fixture"), publish=True)
    return {}


@pytest.fixture
def published_product_key(published_catalogue):
    """The URL kwargs of the product page of ``published_catalogue``'s product."""
    return {"key": "bewonerskaart"}


@pytest.fixture
def first_question_key(published_catalogue):
    """The URL kwargs of the first question of ``published_catalogue``."""
    return {"key": "lives_in_leuven"}


@pytest.fixture
def draft_edition_id(db):
    """The URL kwargs of a draft edition (question ``lives_in_leuven``, product ``bewonerskaart``, one case)."""
    from assistant.services import edition_import

    edition = edition_import(
        document=_catalogue_document(
            "draft-fixture",
            cases=[{"name": "Leuvenaar", "answers": {"lives_in_leuven": True}, "applies": ["bewonerskaart"]}],
        )
    )
    return {"edition_id": edition.pk}


@pytest.fixture
def someone_elses_request(db):
    """The URL kwargs of a help request that none of the matrix's users follows (so: a 404 for them)."""
    from tests.factories import make_request

    return {"reference": make_request().reference}


@pytest.fixture
def follow_up_token(db):
    """The URL kwargs of the private follow-up link of a request asked without an account."""
    from requests_app.follow import follow_token
    from tests.factories import make_request

    return {"token": follow_token(make_request())}


@pytest.fixture
def coordination_request(db):
    """The URL kwargs of a submitted help request (coordinators may open it, nobody else)."""
    from tests.factories import make_request

    return {"reference": make_request().reference}


@pytest.fixture
def foreign_referral(db):
    """A referral to an organisation that none of the matrix's users belongs to."""
    from tests.factories import ReferralFactory

    return ReferralFactory()


@pytest.fixture
def foreign_referral_id(foreign_referral):
    """The URL kwargs of ``foreign_referral`` on the partner portal (a 404 for every caseworker but its own)."""
    return {"referral_id": foreign_referral.pk}


@pytest.fixture
def coordination_referral(foreign_referral):
    """The URL kwargs of a waiting referral on its request's coordination page."""
    return {"reference": foreign_referral.request.reference, "referral_id": foreign_referral.pk}
