"""One-time form tokens hold a random token, a time and the path of a result (ids only): nobody's data."""

from leuvenhelpt.register import Holding

HOLDINGS = [
    Holding(model="once.Submission", subject=None, not_personal=("id", "token", "created_at", "result", "object_id")),
]
