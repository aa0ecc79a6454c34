"""The reference verifier of Leuven Helpt's webhooks, for a partner's system (copy it, or read it as the spec).

    verifier = Verifier(secret)
    verifier.check(body, headers)   # raises Refused, or returns the event (a dict)

It checks, in this order: the signature (HMAC-SHA256 of ``<timestamp>.<body>`` under the endpoint's secret,
compared in constant time), the timestamp (at most ``tolerance`` seconds old or ahead: a captured request
cannot be sent again later), and the event id (each id once within the window: a captured request cannot be
sent again soon either). A retry of a delivery that failed has a new timestamp and signature but the same event
id: acknowledge it (2xx) the first time you process an id. Standard library only.
"""

import hashlib
import hmac
import json
import time
from collections import OrderedDict


class Refused(Exception):
    """The request is not a valid, fresh delivery from Leuven Helpt (answer it with 4xx; do not process it)."""


class Verifier:
    def __init__(self, secret: str, *, tolerance: int = 300):
        self.secret = secret.encode()
        self.tolerance = tolerance
        self._seen: OrderedDict[str, float] = OrderedDict()

    def check(self, body: bytes, headers, *, now: float | None = None) -> dict:
        now = time.time() if now is None else now
        headers = {name.lower(): value for name, value in headers.items()}  # header names are case-insensitive
        timestamp = headers.get("x-leuvenhelpt-timestamp", "")
        signature = headers.get("x-leuvenhelpt-signature", "")
        if not timestamp.isdigit() or not signature.startswith("v1="):
            raise Refused("missing or malformed signature headers")
        expected = hmac.new(self.secret, timestamp.encode() + b"." + body, hashlib.sha256).hexdigest()
        if not hmac.compare_digest(expected, signature[3:]):
            raise Refused("wrong signature")
        if abs(now - int(timestamp)) > self.tolerance:
            raise Refused("timestamp outside the window: a replay, or a clock far off")
        event = json.loads(body)
        for seen_id, at in list(self._seen.items()):  # forget what is older than the window
            if now - at <= self.tolerance:
                break
            del self._seen[seen_id]
        if event.get("id") in self._seen:
            raise Refused("this event id was already received: a replay")
        if event.get("id") != headers.get("x-leuvenhelpt-delivery"):
            raise Refused("the delivery header does not match the body")
        self._seen[event["id"]] = now
        return event
