"""The one helper for caches that many pages read (leuvenhelpt/versioned_cache.py): a process copy checked
against a version token in the shared cache, invalidated by the models each cache declares."""

import pytest
from django.core.cache import cache

from accounts.models import Organization, User
from leuvenhelpt import versioned_cache
from leuvenhelpt.versioned_cache import REGISTRY, Depends, ProcessCache, VersionedCache
from tests.factories import OrganizationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def counted():
    """A cache of the organisations' names that counts its loads; removed from the registry afterwards."""
    loads = []

    def load():
        loads.append(1)
        return sorted(Organization.objects.values_list("name", flat=True))

    entry = VersionedCache(
        "test-organisations",
        load,
        depends_on=[Organization, User.groups.through, Depends(User, fields=("full_name",))],
        share_value=True,
    )
    yield entry, loads
    entry.unregister()


def test_a_value_is_loaded_once_and_kept_in_the_process(counted):
    entry, loads = counted
    assert entry.get() is entry.get()
    assert len(loads) == 1


def test_saving_a_declared_model_reloads_it(counted):
    entry, loads = counted
    entry.get()
    OrganizationFactory(name="Team Schuldbemiddeling")
    assert "Team Schuldbemiddeling" in entry.get()
    assert len(loads) == 2


def test_a_cold_process_takes_the_shared_value_without_loading(counted):
    entry, loads = counted
    entry.get()
    entry._local = None  # another process, same shared cache
    entry.get()
    assert len(loads) == 1


def test_another_process_sees_the_change_through_the_token(counted, monkeypatch):
    entry, loads = counted
    clock = [100.0]
    monkeypatch.setattr(versioned_cache.time, "monotonic", lambda: clock[0])
    entry.get()
    cache.delete(entry.key)  # another process saved an organisation
    clock[0] += 0.5
    entry.get()
    assert len(loads) == 1  # within local_seconds: this process's copy
    clock[0] += 1
    entry.get()
    assert len(loads) == 2


def test_only_a_change_of_a_declared_field_invalidates(counted):
    entry, loads = counted
    user = User.objects.create_user(email="a@voorbeeld.be", password="x" * 12, full_name="An")
    entry.get()
    user.phone = "0470 12 34 56"
    user.save()
    user.save(update_fields=["last_login"])
    user.full_name = "An"  # the same name again
    user.save()
    entry.get()
    assert len(loads) == 1
    user.full_name = "An Peeters"
    user.save()
    entry.get()
    assert len(loads) == 2


def test_a_declared_many_to_many_change_invalidates(counted):
    from django.contrib.auth.models import Group

    entry, loads = counted
    user = User.objects.create_user(email="b@voorbeeld.be", password="x" * 12, full_name="Bo")
    entry.get()
    user.groups.add(Group.objects.get_or_create(name="kcc_agent")[0])
    entry.get()
    assert len(loads) == 2


def test_clear_all_forgets_every_registered_cache(counted):
    entry, loads = counted
    entry.get()
    versioned_cache.clear_all()
    assert cache.get(entry.key) is None
    entry.get()
    assert len(loads) == 2
    assert {"assistant-published-edition", "assistant-compiled-catalogues", "helpdesk-reference-data"} <= set(REGISTRY)


def test_two_caches_cannot_share_a_name(counted):
    with pytest.raises(ValueError, match="already registered"):
        VersionedCache("test-organisations", list)


def test_the_process_level_is_bounded():
    entry = ProcessCache("test-bounded", max_entries=2)
    try:
        entry.set("a", 1)
        entry.set("b", 2)
        assert entry.get("a") == 1  # "a" is now the most recently used
        entry.set("c", 3)
        assert entry.get("b") is None and entry.get("a") == 1 and entry.get("c") == 3
        versioned_cache.clear_all()
        assert entry.get("a") is None
    finally:
        del REGISTRY["test-bounded"]
