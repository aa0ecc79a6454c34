"""The register of personal data: for every model of the project, how it reaches a person and which of its
fields are personal. Export, erasure and retention are driven by it, and a test compares it with the models
(``tests/privacy/test_registry.py``): a field that nobody classified fails the build.

Each app declares its models in ``<app>/personal_data.py`` as ``HOLDINGS = [Holding(...), ...]``:

- ``subject``: ``"person"`` (``people.Person``), ``"user"`` (``accounts.User``) or ``None`` (no
  personal data of a help seeker or volunteer);
- ``path``: the lookup from the model to its subject (``"person"``, ``"request__person"``; ``""`` for the
  subject's own model);
- ``request``: the lookup to ``requests_app.HelpRequest`` when the rows belong to a help request (``""``
  for the request itself): the retention job erases them with their request;
- ``personal``: the fields about the person (shown in the download);
- ``erase``: the personal fields overwritten when the data is anonymised, with the value written (free
  text and identifiers); what is personal but not erased (needs, states, times, postcode) is what keeps the
  statistics true and no longer identifies anyone once the person is erased;
- ``not_personal``: ids, links and technical or staff fields (not in the download);
- ``secret``: personal but never shown (a password hash);
- ``export_filter``: only these rows go into the download (e.g. the public timeline).
"""

from dataclasses import dataclass, field
from functools import cache
from importlib import import_module
from typing import Any

from django.apps import apps
from django.db import models

# The apps whose models the registry must cover.
PROJECT_APPS = (
    "once",
    "accounts",
    "emergency",
    "assistant",
    "people",
    "requests_app",
    "privacy",
    "volunteers",
    "helpdesk",
    "insights",
    "outbox",
    "messaging",
    "partner_api",
)

# Libraries' apps whose tables hold personal data of our users; a project app declares their models (allauth's
# links to itsme / the eID: ``accounts/personal_data.py``), and the same test holds them to every field.
LIBRARY_APPS = ("socialaccount",)


@dataclass(frozen=True)
class Holding:
    model: str
    subject: str | None
    path: str = ""
    request: str | None = None
    personal: tuple[str, ...] = ()
    erase: dict[str, Any] = field(default_factory=dict)
    not_personal: tuple[str, ...] = ()
    secret: tuple[str, ...] = ()
    export_filter: dict[str, Any] = field(default_factory=dict)

    @property
    def model_class(self) -> type[models.Model]:
        return apps.get_model(self.model)

    def subject_filter(self, subject_ids) -> dict:
        """The filter for the rows of these people (or users)."""
        return {f"{self.path}__in" if self.path else "pk__in": list(subject_ids)}

    def request_filter(self, request_ids) -> dict:
        return {f"{self.request}__in" if self.request else "pk__in": list(request_ids)}


@cache
def holdings() -> tuple[Holding, ...]:
    """Every app's declarations, in app order."""
    found: list[Holding] = []
    for label in PROJECT_APPS:
        config = apps.get_app_config(label)
        try:
            module = import_module(f"{config.name}.personal_data")
        except ModuleNotFoundError as missing:
            if missing.name != f"{config.name}.personal_data":
                raise
            continue
        found.extend(module.HOLDINGS)
    return tuple(found)


def holding_for(model: type[models.Model]) -> Holding | None:
    return next((h for h in holdings() if h.model_class is model), None)


def about(subject: str) -> list[Holding]:
    """The holdings with personal data of a ``person`` or a ``user``."""
    return [h for h in holdings() if h.subject == subject]


def classified_fields(model: type[models.Model]) -> list[str]:
    """The names a holding must classify: every concrete field and many-to-many field of the model."""
    names = [f.name for f in model._meta.concrete_fields]
    names += [f.name for f in model._meta.local_many_to_many]
    return names
