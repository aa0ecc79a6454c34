"""Erasures are journalled outside the database (ids only) and re-applied after a restore."""

from io import StringIO

import pytest
from django.core.management import call_command

from dataprotection.retention import person_anonymise
from people.models import Person
from privacy.erasure_journal import journal_person_ids
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def journal(settings, tmp_path):
    settings.ERASURE_JOURNAL = str(tmp_path / "erasures.txt")
    return tmp_path / "erasures.txt"


def test_an_erasure_is_journalled_with_the_id_only(journal, django_capture_on_commit_callbacks):
    person = PersonFactory(full_name="Mieke Peeters", email="mieke@example.test", phone="0470 12 34 56")
    with django_capture_on_commit_callbacks(execute=True):
        person_anonymise(person=person)
    text = journal.read_text()
    assert text.endswith(f"\tperson\t{person.pk}\n")
    assert "Mieke" not in text and "example.test" not in text and "0470" not in text
    assert journal_person_ids(journal) == [person.pk]


def test_an_erasure_rolled_back_is_not_journalled(journal, django_capture_on_commit_callbacks):
    from django.db import transaction

    person = PersonFactory()
    with django_capture_on_commit_callbacks(execute=True):
        try:
            with transaction.atomic():
                person_anonymise(person=person)
                raise RuntimeError("the DPO's decision failed")
        except RuntimeError:
            pass
    assert not journal.exists()


def test_after_a_restore_the_journalled_erasures_are_done_again_once(journal):
    """The restored database has the person back (the backup was older than the erasure)."""
    restored = PersonFactory(full_name="Mieke Peeters", email="mieke@example.test")
    already = PersonFactory()
    person_anonymise(person=already)
    journal.write_text(
        f"2026-12-01T10:00:00+00:00\tperson\t{restored.pk}\n2026-12-01T10:00:00+00:00\tperson\t{already.pk}\n"
    )
    out = StringIO()
    call_command("erasures_reapply", stdout=out)
    assert out.getvalue().strip() == f"2 erasure(s) in {journal}; 1 re-applied now."
    restored = Person.objects.get(pk=restored.pk)
    assert restored.anonymised_at is not None and "Mieke" not in restored.full_name and restored.email == ""
    out = StringIO()
    call_command("erasures_reapply", stdout=out)
    assert out.getvalue().strip().endswith("0 re-applied now.")


def test_a_missing_journal_is_nothing_to_do(journal):
    out = StringIO()
    call_command("erasures_reapply", stdout=out)
    assert out.getvalue().strip() == f"0 erasure(s) in {journal}; 0 re-applied now."
