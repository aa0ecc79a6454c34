"""The caller search tolerates typos on every database: pg_trgm on PostgreSQL, rapidfuzz on SQLite (make run).

The selector tests run on whatever database the suite uses (PostgreSQL in CI; SQLite when DATABASE_URL points
to one); the scoring tests check the SQLite function itself with the demo's names."""

import pytest

from helpdesk import selectors
from helpdesk.selectors import FUZZY_NAME_SIMILARITY, name_similarity, people_search
from tests.factories import PersonFactory


def names(query):
    return [person.full_name for person in people_search(query)]


@pytest.mark.django_db
def test_a_misspelt_demo_name_is_found_and_an_other_name_is_not():
    PersonFactory(full_name="An Peeters")
    PersonFactory(full_name="Georgette Wouters")
    PersonFactory(full_name="Lies Wouters")
    PersonFactory(full_name="Pieter Maes")
    assert names("Peters") == ["An Peeters"]
    assert names("Georgete Wouters") == ["Georgette Wouters"]
    assert names("Jansens") == []


@pytest.mark.django_db
def test_the_most_similar_name_comes_first_and_a_part_of_a_name_is_found():
    PersonFactory(full_name="Jan Peeters")
    PersonFactory(full_name="Jan Janssens")
    PersonFactory(full_name="Godelieve Vanderstraeten")
    assert names("Jan Jansens") == ["Jan Janssens"]
    assert names("vanderstr") == ["Godelieve Vanderstraeten"]
    assert sorted(names("Jan")) == ["Jan Janssens", "Jan Peeters"]  # equally similar: in either order


@pytest.mark.django_db
def test_a_name_search_carries_the_open_requests_like_every_other_search():
    from tests.factories import make_request

    person = PersonFactory(full_name="Georgette Wouters", phone="016 44 55 66")
    request = make_request(person=person)
    by_name = people_search("Georgete Wouters")
    by_phone = people_search("016445566")
    assert [p.pk for p in by_name] == [p.pk for p in by_phone] == [person.pk]
    assert [r.reference for r in by_name[0].open_requests] == [request.reference]
    assert by_name[0].last_contacts == by_phone[0].last_contacts == []


@pytest.mark.parametrize(
    ("typed", "name"),
    [("Peters", "An Peeters"), ("Peteers", "An Peeters"), ("Georgete Wouters", "Georgette Wouters")],
)
def test_the_sqlite_score_finds_the_demo_names_with_a_typo(typed, name):
    assert name_similarity(typed, name) >= FUZZY_NAME_SIMILARITY


@pytest.mark.parametrize(
    ("typed", "name"),
    [("Georgete Wouters", "Lies Wouters"), ("Jan Jansens", "Jan Peeters"), ("Peters", "Pieter Maes")],
)
def test_the_sqlite_score_keeps_other_people_out(typed, name):
    assert name_similarity(typed, name) < FUZZY_NAME_SIMILARITY


def test_the_sqlite_score_compares_words_folded_and_ranks_the_closer_name_higher():
    assert name_similarity("helene dubois", "Hélène DUBOIS") == 1.0
    assert name_similarity("vanderstr", "Godelieve Vanderstraeten") == 1.0  # a part of a name, as pg_trgm
    assert name_similarity("Wouters", "Marie-Claire Wouters") == 1.0  # a hyphen separates words
    assert name_similarity("Jan Jansens", "Jan Janssens") > name_similarity("Jan Jansens", "Jan Jansen Maes")
    assert name_similarity("...", "An Peeters") == 0.0


@pytest.mark.django_db
def test_the_sqlite_candidates_start_with_a_typed_initial_and_are_capped(monkeypatch):
    for full_name in ["An Peeters", "Bart Vos", "Marie-Paule Smets", "Zoë Aerts"]:
        PersonFactory(full_name=full_name)
    assert sorted(name for _, name in selectors._fuzzy_candidates("Peters")) == ["An Peeters", "Marie-Paule Smets"]
    monkeypatch.setattr(selectors, "FUZZY_SCAN", 1)
    assert len(selectors._fuzzy_candidates("Peters")) == 1
