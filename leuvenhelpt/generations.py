"""Data kept in each process's memory that follows the database in every process and every container.

Help lines, the rendered public pages and similar data change a few times a year and are read on every
request. A process keeps them in memory, tagged with the **generation** of the data: a token in the shared
cache (Redis), one per name. ``register(name, models=[...])`` names the models whose rows make up the data:
saving or deleting one of them removes the token (at once and again when the transaction commits), so every
process, in this container or another, sees a new token and reloads. A process compares its token with the
shared one at most once every ``LOCAL_SECONDS`` (half a second), so a change is seen everywhere within a second, and
the token expires after ``SHARED_SECONDS`` for changes made without signals (bulk updates, raw SQL).

    HELPLINES = generations.Memo("emergency.helplines", models=[HelpLine], load=_load_lines)
    HELPLINES.get()          # the rows, from memory while the generation is the same

``clear()`` forgets everything kept in this process (tests start clean with it).
"""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Callable, Iterable

from django.core.cache import cache
from django.db import transaction
from django.db.models import Model
from django.db.models.signals import post_delete, post_save

LOCAL_SECONDS = 0.5
SHARED_SECONDS = 300
KEY_PREFIX = "generation:"

_models: dict[str, tuple[type[Model], ...]] = {}
_local: dict[str, tuple[float, str]] = {}  # name -> (monotonic time of the last check, token)
_memos: list[Memo] = []
_lock = threading.Lock()


def register(name: str, *, models: Iterable[type[Model]]) -> None:
    """Name the models whose changes start a new generation of ``name``."""
    models = tuple(models)
    _models[name] = models
    for model in models:
        uid = f"generation-{name}-{model._meta.label}"
        post_save.connect(_changed(name), sender=model, dispatch_uid=f"{uid}-save", weak=False)
        post_delete.connect(_changed(name), sender=model, dispatch_uid=f"{uid}-delete", weak=False)


def _changed(name: str) -> Callable[..., None]:
    def handler(sender, **kwargs) -> None:
        bump(name)
        transaction.on_commit(lambda: bump(name))  # readers that looked in between load the committed rows

    return handler


def bump(name: str) -> None:
    """Start a new generation of ``name`` in every process (each sees it within ``LOCAL_SECONDS``)."""
    with _lock:
        _local.pop(name, None)
    cache.delete(KEY_PREFIX + name)


def current(name: str) -> str:
    """The token of the current generation of ``name``."""
    now = time.monotonic()
    local = _local.get(name)
    if local and now - local[0] < LOCAL_SECONDS:
        return local[1]
    token = cache.get(KEY_PREFIX + name)
    if token is None:
        token = uuid.uuid4().hex
        if not cache.add(KEY_PREFIX + name, token, timeout=SHARED_SECONDS):
            token = cache.get(KEY_PREFIX + name) or token
    with _lock:
        _local[name] = (now, token)
    return token


class Memo[T]:
    """One value per process (``load()``'s result), reloaded when the generation of ``name`` changes."""

    def __init__(self, name: str, *, models: Iterable[type[Model]], load: Callable[[], T]):
        self.name = name
        self.load = load
        self._value: tuple[str, T] | None = None
        register(name, models=models)
        _memos.append(self)

    def get(self) -> T:
        token = current(self.name)
        kept = self._value
        if kept is not None and kept[0] == token:
            return kept[1]
        value = self.load()
        self._value = (token, value)
        return value

    def forget(self) -> None:
        self._value = None


def clear() -> None:
    """Forget every generation token and memo kept in this process (not the shared tokens)."""
    with _lock:
        _local.clear()
    for memo in _memos:
        memo.forget()
