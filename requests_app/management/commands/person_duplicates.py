"""List people who are probably registered twice, for the coordinators to review (it merges nothing).

    python manage.py person_duplicates [--limit 200]

Each line: how they match (the same phone, e-mail, or name and date of birth), the value, and the record
numbers to enter on /coordinatie/personen/samenvoegen/.
"""

from django.core.management.base import BaseCommand

from people.selectors import likely_duplicates


class Command(BaseCommand):
    help = "List likely duplicate people (same phone, e-mail, or name and date of birth). Merges nothing."

    def add_arguments(self, parser):
        parser.add_argument("--limit", type=int, default=200, help="at most this many groups per kind of match")

    def handle(self, *args, limit: int, **options):
        groups = likely_duplicates(limit=limit)
        for how, value, ids in groups:
            self.stdout.write(f"{how}\t{value}\t{', '.join(str(pk) for pk in ids)}")
        self.stdout.write(f"{len(groups)} groups of likely duplicates (nothing was merged)")
