"""The print queue holds no text of its own: the letter is the outbox message (erased with the person)."""

from leuvenhelpt.register import Holding

HOLDINGS = [
    Holding(
        model="messaging.PrintedLetter",
        subject="person",
        path="message__person_id",
        personal=("queued_at", "posted_at"),
        not_personal=("id", "message", "posted_by"),
    ),
]
