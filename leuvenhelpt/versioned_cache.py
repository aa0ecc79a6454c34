"""One helper for data that many pages read and few people change (docs/architecture.md "Caches").

A ``VersionedCache`` keeps a value in each process and a *version token* in the shared cache (Redis in production),
so every process and container sees a change:

- ``get()`` returns this process's copy; at most once per ``local_seconds`` it compares its token with the shared
  one and reloads (``load()``) when they differ. With ``share_value`` the value itself is also kept in the shared
  cache under its token, so a cold process does not have to query.
- The cache names the models that invalidate it (``depends_on``): saving or deleting one of their rows, or changing
  a declared many-to-many relation, removes the shared token (at once and again when the transaction commits), so
  every process reloads within ``local_seconds``. A ``Depends(model, fields=…)`` reacts only when one of those
  fields really changed (a user who signs in or edits their phone number does not flush the KCC's reference data).
- The token also expires after ``shared_seconds``, for changes made without signals (``update()``, raw SQL).

``ProcessCache`` is the bounded process-only level for values that never go stale by themselves (keyed by their
version, e.g. a compiled catalogue per edition revision).

Every cache is registered by name; ``clear_all()`` empties them all (the test fixtures call it)."""

from __future__ import annotations

import threading
import time
import uuid
from collections import OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.core.cache import cache as shared_cache
from django.db import models, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save

REGISTRY: dict[str, VersionedCache | ProcessCache] = {}


def clear_all() -> None:
    """Forget every registered cache, in this process and (through the shared tokens) in every other."""
    for entry in REGISTRY.values():
        entry.clear()


def _register(name: str, entry: VersionedCache | ProcessCache) -> None:
    if name in REGISTRY:
        raise ValueError(f"a cache named {name!r} is already registered")
    REGISTRY[name] = entry


@dataclass(frozen=True)
class Depends:
    """A model whose changes invalidate a cache; with ``fields`` only a change of one of them (or a deletion), and
    with ``only_if`` only for rows it accepts (asked only after such a change)."""

    model: type[models.Model]
    fields: tuple[str, ...] = ()
    only_if: Callable[[Any], bool] | None = None


_BEFORE = "_versioned_cache_before"  # (+ the cache and model) the watched fields as stored, read just before a save


class VersionedCache[T]:
    def __init__(
        self,
        name: str,
        load: Callable[[], T],
        *,
        depends_on: Iterable[type[models.Model] | Depends] = (),
        local_seconds: float = 1.0,
        shared_seconds: int = 300,
        share_value: bool = False,
    ) -> None:
        self.name = name
        self.load = load
        self.local_seconds = local_seconds
        self.shared_seconds = shared_seconds
        self.share_value = share_value
        self.key = f"versioned:{name}"
        self._local: tuple[float, str, T] | None = None  # (monotonic time of the last check, token, value)
        self._lock = threading.Lock()
        self._connected: list[tuple[Any, type[models.Model], str]] = []
        for dependency in depends_on:
            self._watch(dependency if isinstance(dependency, Depends) else Depends(dependency))
        _register(name, self)

    # --- reading ---------------------------------------------------------------------------------------------
    def get(self) -> T:
        now = time.monotonic()
        local = self._local
        if local is not None and now - local[0] < self.local_seconds:
            return local[2]
        token = self._token()
        if local is not None and local[1] == token:
            with self._lock:
                self._local = (now, token, local[2])
            return local[2]
        value = self._shared_value(token)
        with self._lock:
            self._local = (now, token, value)
        return value

    def version(self) -> str:
        """The token of the value ``get()`` returns now: it changes whenever the value may have (a page kept in
        memory, ``leuvenhelpt.pagecache``, varies on it)."""
        self.get()
        local = self._local
        return local[1] if local is not None else self._token()

    def _token(self) -> str:
        token = shared_cache.get(self.key)
        if token is None:
            token = uuid.uuid4().hex
            if not shared_cache.add(self.key, token, timeout=self.shared_seconds):
                token = shared_cache.get(self.key) or token
        return token

    def _shared_value(self, token: str) -> T:
        if not self.share_value:
            return self.load()
        value_key = f"{self.key}:{token}"
        found = shared_cache.get(value_key, _MISSING)
        if found is not _MISSING:
            return found
        value = self.load()
        shared_cache.set(value_key, value, timeout=self.shared_seconds)
        return value

    # --- invalidating ----------------------------------------------------------------------------------------
    def clear(self) -> None:
        """Reload on the next read, in this process and (through the shared token) in every other."""
        with self._lock:
            self._local = None
        shared_cache.delete(self.key)

    def invalidate(self) -> None:
        """``clear()`` now and again when the current transaction commits (a reader in between may have loaded
        the rows as they were before the commit)."""
        self.clear()
        transaction.on_commit(self.clear)

    def unregister(self) -> None:
        """Stop watching the models and leave the registry (for a cache made inside a test)."""
        for signal, sender, uid in self._connected:
            signal.disconnect(sender=sender, dispatch_uid=uid)
        REGISTRY.pop(self.name, None)

    def _watch(self, dependency: Depends) -> None:
        model, fields = dependency.model, dependency.fields
        uid = f"versioned-cache-{self.name}-{model._meta.label_lower}"
        if model._meta.auto_created:  # the table behind a many-to-many field
            self._connect(m2m_changed, self._m2m_changed, model, f"{uid}-m2m")
            return
        if fields:
            self._connect(pre_save, _remember(fields, uid), model, f"{uid}-pre")
        self._connect(post_save, _saved(self, fields, dependency.only_if, uid), model, f"{uid}-save")
        self._connect(post_delete, self._deleted, model, f"{uid}-delete")

    def _connect(self, signal, receiver, sender: type[models.Model], uid: str) -> None:
        signal.connect(receiver, sender=sender, dispatch_uid=uid, weak=False)
        self._connected.append((signal, sender, uid))

    def _deleted(self, sender, **kwargs) -> None:
        self.invalidate()

    def _m2m_changed(self, sender, action: str, **kwargs) -> None:
        if action.startswith("post_"):
            self.invalidate()


_MISSING = object()


def _remember(fields: tuple[str, ...], uid: str) -> Callable[..., None]:
    """Before a save of an existing row: read the watched fields as stored (one small query by primary key)."""

    def handler(sender, instance, raw=False, update_fields=None, **kwargs) -> None:
        if raw or instance._state.adding or instance.pk is None:
            return
        if update_fields is not None and not set(update_fields) & set(fields):
            return
        stored = sender._base_manager.filter(pk=instance.pk).values_list(*fields).first()
        instance.__dict__[f"{_BEFORE}:{uid}"] = stored

    return handler


def _saved(
    entry: VersionedCache[Any], fields: tuple[str, ...], only_if: Callable[[Any], bool] | None, uid: str
) -> Callable[..., None]:
    def handler(sender, instance, created=False, raw=False, update_fields=None, **kwargs) -> None:
        if not fields:
            if only_if is None or only_if(instance):
                entry.invalidate()
            return
        if created or raw:
            return  # a new row enters through a declared relation (a user gets a role), not by itself
        if update_fields is not None and not set(update_fields) & set(fields):
            return
        before = instance.__dict__.pop(f"{_BEFORE}:{uid}", None)
        after = tuple(getattr(instance, field) for field in fields)
        if before != after and (only_if is None or only_if(instance)):
            entry.invalidate()

    return handler


class ProcessCache[K, V]:
    """A bounded map kept in this process only (least recently used dropped first); thread-safe."""

    def __init__(self, name: str, *, max_entries: int = 16) -> None:
        self.name = name
        self.max_entries = max_entries
        self._items: OrderedDict[K, V] = OrderedDict()
        self._lock = threading.Lock()
        _register(name, self)

    def get(self, key: K) -> V | None:
        with self._lock:
            value = self._items.get(key)
            if value is not None:
                self._items.move_to_end(key)
            return value

    def set(self, key: K, value: V) -> None:
        with self._lock:
            self._items[key] = value
            self._items.move_to_end(key)
            while len(self._items) > self.max_entries:
                self._items.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._items.clear()
