"""Text messages through a pluggable backend chosen by ``SMS_URL``.

- ``console://`` (development): the message is written to the log.
- ``locmem://`` (tests): kept in ``messaging.sms.outbox``, like Django's ``mail.outbox``.
- ``https://TOKEN@host/path`` (production): a JSON POST ``{"to": "+32470123456", "from": SENDER, "text": "…"}``
  with ``Authorization: Bearer TOKEN``, the shape most SMS gateways accept (e.g. a Belgian operator's
  business API). A 4xx answer is a permanent failure (the number is refused); anything else is retried.

Only a mobile number can get a text message: anything else is refused at once (``PermanentFailure``).
"""

from __future__ import annotations

import json
import logging
import urllib.error
import urllib.request
from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

from django.conf import settings

from accounts.contact_details import phone_e164, phone_is_mobile
from outbox.channels import PermanentFailure

logger = logging.getLogger("leuvenhelpt.sms")

# A text message stays within one SMS (160 GSM characters): the reference and a number to call, nothing more.
MAX_LENGTH = 160


@dataclass(frozen=True)
class Sms:
    to: str
    text: str


# The locmem backend's messages (tests read and clear it).
outbox: list[Sms] = []


def sms_send(*, to: str, text: str) -> None:
    """Send one text message to a mobile number through the configured backend."""
    if not phone_is_mobile(to):
        raise PermanentFailure("not a mobile number")
    if len(text) > MAX_LENGTH:
        raise PermanentFailure(f"text longer than {MAX_LENGTH} characters")
    number = phone_e164(to)
    url = settings.SMS_URL
    scheme = urlsplit(url).scheme
    if scheme == "console":
        logger.info("sms to %s: %s", number, text)
    elif scheme == "locmem":
        outbox.append(Sms(to=number, text=text))
    elif scheme in ("http", "https"):
        _post(url, number, text)
    else:  # pragma: no cover - refused when the settings load
        raise ValueError(f"unknown SMS_URL scheme {scheme!r}")


def _post(url: str, number: str, text: str) -> None:
    parts = urlsplit(url)
    token = parts.username or ""
    endpoint = urlunsplit((parts.scheme, parts.hostname + (f":{parts.port}" if parts.port else ""), parts.path, "", ""))
    payload = json.dumps({"to": number, "from": settings.SMS_SENDER, "text": text}).encode()
    request = urllib.request.Request(  # noqa: S310 - the scheme is http(s), checked above
        endpoint,
        data=payload,
        method="POST",
        headers={"Content-Type": "application/json", "Authorization": f"Bearer {token}"},
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310  # nosec B310 - http(s) only
            response.read()
    except urllib.error.HTTPError as error:
        if 400 <= error.code < 500 and error.code != 429:
            raise PermanentFailure(f"the SMS provider refused the message ({error.code})") from None
        raise


def deliver_sms(message) -> None:
    """The outbox's delivery function for the ``sms`` channel."""
    sms_send(to=message.recipient, text=message.body)
