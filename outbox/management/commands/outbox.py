"""``manage.py outbox``: counts by status and channel; ``manage.py outbox retry``: the failed ones again;
``manage.py outbox requeue``: hand over what waits now (what the beat sweep does every minute)."""

from django.core.management.base import BaseCommand
from django.db.models import Count

from outbox.models import OutboxMessage
from outbox.services import messages_requeue, messages_retry_failed


class Command(BaseCommand):
    help = "Outbox: counts by status and channel; 'retry' re-queues the failed messages."

    def add_arguments(self, parser):
        parser.add_argument("action", nargs="?", choices=["status", "retry", "requeue"], default="status")

    def handle(self, *args, action: str, **options):
        if action == "retry":
            self.stdout.write(f"{messages_retry_failed()} failed message(s) queued again.")
            return
        if action == "requeue":
            self.stdout.write(f"{messages_requeue()} waiting message(s) handed over.")
            return
        rows = OutboxMessage.objects.values("channel", "status").annotate(n=Count("pk")).order_by("channel", "status")
        if not rows:
            self.stdout.write("The outbox is empty.")
            return
        self.stdout.write(f"{'channel':<8} {'status':<10} {'count':>7}")
        for row in rows:
            self.stdout.write(f"{row['channel']:<8} {row['status']:<10} {row['n']:>7}")
