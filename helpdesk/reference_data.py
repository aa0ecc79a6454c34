"""The data every contact screen shows and an administrator edits: life domains, signals, routes, the
organisations to share with or call back, and the colleagues a callback can go to.

It changes a few times a year and is read on every contact screen, so each process keeps it in memory
(``reference_data()``). Whether it is still current is checked at most once a second against a token in
the shared cache; saving or deleting any of these rows, or changing someone's roles, removes the token
(now and again when the transaction commits), so every process reloads within a second. The token also
expires after ``SHARED_SECONDS`` for changes made without signals (bulk updates, raw SQL).

The cached lists are for *showing* choices; forms still validate what is posted against the database.
"""

import time
import uuid
from dataclasses import dataclass, field
from threading import Lock

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

from accounts.models import Organization, User
from accounts.roles import Role
from helpdesk.models import LifeDomain, Route, Signal
from helpdesk.selectors import screening_domains

VERSION_KEY = "helpdesk:reference-data"
LOCAL_SECONDS = 1.0
SHARED_SECONDS = 300
# Who can be asked to call a caller back.
CALLBACK_ROLES = (Role.KCC_AGENT, Role.COORDINATOR)


@dataclass(frozen=True)
class ReferenceData:
    domains: list[LifeDomain]  # ordered, each with its active signals prefetched (``domain.signals.all``)
    signals: dict[int, Signal] = field(repr=False)  # active signals by id, each with its routes prefetched
    routes: list[Route] = field(repr=False)  # active routes, each with its organisations prefetched
    share_with: list[Organization] = field(repr=False)  # partners a referral can be shared with
    organizations: list[Organization] = field(repr=False)  # teams a callback can go to
    colleagues: list[User] = field(repr=False)  # people a callback can go to

    def signals_of(self, ids) -> list[Signal]:
        """The active signals among ``ids``, in screening order."""
        wanted = set(ids)
        return [signal for domain in self.domains for signal in domain.signals.all() if signal.pk in wanted]


_local: list = []  # [monotonic time of the last check, token, ReferenceData]
_lock = Lock()


def _load() -> ReferenceData:
    routes = list(Route.objects.filter(active=True).prefetch_related("organizations").order_by("order", "name"))
    domains = screening_domains()
    active_signals = {signal.pk: signal for domain in domains for signal in domain.signals.all()}
    organizations = list(Organization.objects.order_by("name"))
    return ReferenceData(
        domains=domains,
        signals=active_signals,
        routes=routes,
        share_with=[org for org in organizations if org.kind != Organization.Kind.CITY_SERVICE],
        organizations=organizations,
        colleagues=list(callback_colleagues()),
    )


def callback_colleagues():
    """Active users who take callbacks (the queryset the closing form validates against)."""
    return User.objects.filter(is_active=True, groups__name__in=CALLBACK_ROLES).distinct().order_by("full_name", "id")


def reference_data() -> ReferenceData:
    now = time.monotonic()
    local = _local
    if local and now - local[0] < LOCAL_SECONDS:
        return local[2]
    token = cache.get(VERSION_KEY)
    if token is None:
        token = uuid.uuid4().hex
        if not cache.add(VERSION_KEY, token, timeout=SHARED_SECONDS):
            token = cache.get(VERSION_KEY) or token
    if local and local[1] == token:
        with _lock:
            _local[0] = now
        return local[2]
    data = _load()
    with _lock:
        _local[:] = [now, token, data]
    return data


def forget() -> None:
    """Reload on the next read, in this process and (through the shared token) in every other."""
    _local.clear()
    cache.delete(VERSION_KEY)


def _changed(sender, **kwargs) -> None:
    fields = kwargs.get("update_fields")
    if sender is User and fields and set(fields) <= {"last_login"}:
        return  # signing in changes nothing shown here
    forget()
    transaction.on_commit(forget)


for _model in (LifeDomain, Signal, Route, Organization, User):
    post_save.connect(_changed, sender=_model, dispatch_uid=f"helpdesk-reference-save-{_model.__name__}")
    post_delete.connect(_changed, sender=_model, dispatch_uid=f"helpdesk-reference-delete-{_model.__name__}")
for _through in (Route.organizations.through, Signal.routes.through, User.groups.through):
    m2m_changed.connect(_changed, sender=_through, dispatch_uid=f"helpdesk-reference-m2m-{_through.__name__}")
