"""Personal data in the outbox (see ``leuvenhelpt/register.py``).

A message is about a help seeker when it was enqueued with their person: erasing the person overwrites the
address and the text, and a message still waiting is then not sent (``recipient erased``). Messages without a
person (account mails, staff notices) are deleted with every finished message after ``OUTBOX_KEEP_DAYS``.
"""

from django.db.models import CharField, Value
from django.db.models.functions import Cast, Concat

from leuvenhelpt.register import Holding
from outbox.models import ERASED_PREFIX

HOLDINGS = [
    Holding(
        model="outbox.OutboxMessage",
        subject="person",
        path="person_id",
        personal=(
            "channel",
            "recipient",
            "subject",
            "body",
            "html",
            "language",
            "context",
            "status",
            "last_error",
            "created_at",
            "sent_at",
        ),
        # Unique per event and channel: each erased row gets its own recipient that no channel can deliver to.
        erase={
            "recipient": Concat(Value(ERASED_PREFIX), Cast("id", CharField())),
            "subject": "",
            "body": "",
            "html": "",
            "context": {},
            "last_error": "",
        },
        not_personal=("id", "event_key", "person_id", "template", "attempts", "next_attempt_at"),
    ),
]
