"""The caller search on PostgreSQL: typo-tolerant (trigram), index-backed, and the parser of what was typed."""

from datetime import date

import pytest
from django.db import connection

from helpdesk.selectors import QueryTooShort, people_search, search_parse
from tests.factories import PersonFactory


def test_what_the_agent_typed_is_recognised():
    assert search_parse("lh-7k3q-92").kind == "reference"
    assert search_parse("An@Example.be").value == "an@example.be"
    assert search_parse("17/05/1948").value == date(1948, 5, 17)
    assert search_parse("+32 470 12 34 56").value == "0470123456"
    assert search_parse("0032 (0)470/12.34.56").kind == "phone"
    assert search_parse("Jan Peeters").kind == "name"
    with pytest.raises(QueryTooShort):
        search_parse(" J ")


@pytest.mark.django_db
def test_a_name_is_found_by_a_part_of_it_on_any_database():
    PersonFactory(full_name="Godelieve Vanderstraeten")
    assert [p.full_name for p in people_search("vanderstr")] == ["Godelieve Vanderstraeten"]


@pytest.mark.postgres
@pytest.mark.django_db
def test_a_misspelt_name_is_found_most_similar_first():
    PersonFactory(full_name="Jan Peeters")
    PersonFactory(full_name="Jan Janssens")
    PersonFactory(full_name="Marie Wouters")
    # Similar enough: the misspelt name; not similar enough: the same first name with another surname.
    assert [p.full_name for p in people_search("Jan Jansens")] == ["Jan Janssens"]
    assert [p.full_name for p in people_search("Mari Wouterss")] == ["Marie Wouters"]


@pytest.mark.postgres
@pytest.mark.django_db
def test_the_search_indexes_exist():
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname FROM pg_indexes WHERE tablename = 'requests_app_person'")
        names = {row[0] for row in cursor.fetchall()}
    assert {"person_name_trgm", "person_phone_digits", "person_email_upper", "person_date_of_birth"} <= names


@pytest.mark.postgres
@pytest.mark.django_db
def test_a_name_just_similar_enough_is_found_and_the_product_search_threshold_is_untouched():
    """Misspellings down to NAME_SIMILARITY (below pg_trgm's 0.6) are found; the connection keeps pg_trgm's
    default threshold, which the assistant's product search (``%>``) relies on."""
    from helpdesk.selectors import NAME_SIMILARITY

    with connection.cursor() as cursor:
        cursor.execute("SELECT word_similarity(%s, %s)", ["Fatma Benaly", "Fatima Benali"])
        similarity = cursor.fetchone()[0]
    PersonFactory(full_name="Fatima Benali")
    assert NAME_SIMILARITY <= similarity < 0.6
    assert [p.full_name for p in people_search("Fatma Benaly")] == ["Fatima Benali"]
    with connection.cursor() as cursor:
        cursor.execute("SHOW pg_trgm.word_similarity_threshold")
        assert float(cursor.fetchone()[0]) == 0.6
