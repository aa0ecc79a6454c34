"""``manage.py erasures_reapply``: after a restore, erase again everyone the erasure journal lists who is not
erased in the restored database (erasures done after the backup was taken). Safe to run twice."""

from pathlib import Path

from django.core.management.base import BaseCommand
from django.db import transaction

from dataprotection.retention import person_anonymise
from people.models import Person
from privacy.erasure_journal import journal_path, journal_person_ids


class Command(BaseCommand):
    help = "Re-apply the erasures of the erasure journal (ERASURE_JOURNAL) after a database restore."

    def add_arguments(self, parser):
        parser.add_argument("--journal", type=Path, help="the journal file (default: ERASURE_JOURNAL)")

    def handle(self, *args, journal: Path | None = None, **options):
        path = journal or journal_path()
        ids = journal_person_ids(path)
        erased = 0
        for person in Person.objects.filter(pk__in=ids, anonymised_at__isnull=True).iterator():
            with transaction.atomic():
                person_anonymise(person=person)
            erased += 1
        self.stdout.write(f"{len(ids)} erasure(s) in {path}; {erased} re-applied now.")
