"""leuvenhelpt.generations: data kept in each process follows the database in every process within a second."""

import pytest
from django.core.cache import cache

from emergency.models import HelpLine
from emergency.selectors import ACTIVE_LINES, helplines
from leuvenhelpt import generations

pytestmark = pytest.mark.django_db
NAME = ACTIVE_LINES.name


@pytest.fixture(autouse=True)
def line():
    return HelpLine.objects.create(name="Zelfmoordlijn", number="1813", purpose="Praten over zelfmoord.")


def test_the_help_lines_are_read_once_while_no_line_changes(line, django_assert_num_queries):
    helplines()
    with django_assert_num_queries(0):
        for _ in range(5):
            helplines()
    line.number = "0800 11 111"
    line.save()
    with django_assert_num_queries(1):
        assert "0800 11 111" in [shown.number for shown in helplines()]


def test_a_change_made_by_another_process_is_seen_after_the_local_check_interval(monkeypatch):
    """Another process saving a line removes the shared token (``bump`` there); this process keeps its own token
    for at most ``LOCAL_SECONDS`` and then sees the new generation."""
    clock = [1000.0]
    monkeypatch.setattr(generations.time, "monotonic", lambda: clock[0])
    before = generations.current(NAME)
    cache.delete(generations.KEY_PREFIX + NAME)  # what the other process's save does to the shared token
    clock[0] += generations.LOCAL_SECONDS / 2
    assert generations.current(NAME) == before  # not asked again yet
    clock[0] += generations.LOCAL_SECONDS
    assert generations.current(NAME) != before
    assert generations.LOCAL_SECONDS < 1  # "within a second", with room for the request itself


def test_every_process_agrees_on_the_new_token():
    """The first process to ask after a change makes the token; the others read that same one."""
    generations.bump(NAME)
    first = generations.current(NAME)
    generations.clear()  # another process: nothing kept locally
    assert generations.current(NAME) == first


def test_deleting_a_line_starts_a_new_generation_too(line):
    before = generations.current(NAME)
    line.delete()
    assert generations.current(NAME) != before
