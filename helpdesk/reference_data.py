"""The data every contact screen shows and an administrator edits: life domains, signals, routes, the
organisations to share with or call back, and the colleagues a callback can go to.

It changes a few times a year and is read on every contact screen, so each process keeps it in memory
(``reference_data()``, a ``leuvenhelpt.versioned_cache.VersionedCache``): saving or deleting one of these rows,
changing someone's roles, a colleague's name or whether they are active reloads it in every process within a
second. Other saves of a user (signing in, a new phone number) leave it alone.

The cached lists are for *showing* choices; forms still validate what is posted against the database.
"""

from dataclasses import dataclass, field

from accounts.models import Organization, User
from accounts.roles import Role
from helpdesk.models import LifeDomain, Route, Signal
from helpdesk.selectors import screening_domains
from leuvenhelpt.versioned_cache import Depends, VersionedCache

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


def _takes_callbacks(user: User) -> bool:
    return user.groups.filter(name__in=CALLBACK_ROLES).exists()


CACHE = VersionedCache(
    "helpdesk-reference-data",
    _load,
    depends_on=[
        LifeDomain,
        Signal,
        Route,
        Organization,
        Route.organizations.through,
        Signal.routes.through,
        User.groups.through,  # roles: who can be asked to call back
        # What the callback list shows and filters on, for the users it can show.
        Depends(User, fields=("full_name", "is_active"), only_if=_takes_callbacks),
    ],
)


def reference_data() -> ReferenceData:
    return CACHE.get()
