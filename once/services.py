"""Idempotent form posts: every form that creates something carries a one-time token
(``{% once_token %}``, a hidden ``once`` field); the view claims it in the transaction that creates the thing.

    with transaction.atomic():
        earlier = once.services.submission_claim(request=request)
        if earlier is not None:
            return <the first post's result>            # a double click, a resent form: nothing new
        thing = thing_create(...)
        once.services.submission_done(request=request, result=url, object_id=thing.pk)

The token's row is inserted under a unique index: of many posts at once, one inserts it and the others wait
(PostgreSQL holds them on the index until the first commits), then find the row and show its result. When
the first post fails (its transaction rolls back) the row goes with it, and the next post of the token is a
first post again. A post without a token (an old page, a script) is handled as before.
"""

import uuid
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from once.models import Submission

FIELD = "once"
KEEP = timedelta(days=1)


def token_new() -> str:
    return str(uuid.uuid4())


def _token(request) -> uuid.UUID | None:
    try:
        return uuid.UUID(request.POST.get(FIELD, ""))
    except ValueError:
        return None


def submission_claim(*, request) -> Submission | None:
    """Claim this post's token inside the caller's transaction. None: a first post (go on and create);
    otherwise the earlier post's row (show its ``result``; create nothing)."""
    token = _token(request)
    if token is None:
        return None
    try:
        with transaction.atomic():
            Submission.objects.create(token=token)
    except IntegrityError:
        return Submission.objects.get(token=token)
    request._once_token = token
    return None


def submission_done(*, request, result: str, object_id: int | None = None) -> None:
    """Record where the first post led (in the same transaction as what it created)."""
    token = getattr(request, "_once_token", None)
    if token is not None:
        Submission.objects.filter(token=token).update(result=result, object_id=object_id)


def submissions_prune(*, now=None) -> int:
    """Tokens older than a day are forgotten (a form left open longer is a first post again)."""
    now = now or timezone.now()
    deleted, _ = Submission.objects.filter(created_at__lt=now - KEEP).delete()
    return deleted
