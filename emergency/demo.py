"""seed_demo: the help lines, when they are not there (a test database flushed after its migrations)."""

from emergency.defaults import LINES
from emergency.models import HelpLine


def seed(*, stdout) -> None:
    created = 0
    for line in LINES:
        created += HelpLine.objects.get_or_create(name=line["name"], defaults=line)[1]
    stdout.write(f"Help lines: {HelpLine.objects.filter(active=True).count()} shown ({created} added now).")
