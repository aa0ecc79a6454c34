"""The national register number (rijksregisternummer) as Leuven Helpt keeps it: never in clear, only a keyed
hash (HMAC-SHA256 under ``FAS_IDENTITY_KEY``), enough to recognise the same person at the next sign-in."""

import hashlib
import hmac

from django.conf import settings


def identity_hash(national_number: str) -> str:
    digits = "".join(ch for ch in national_number if ch.isdigit())
    if len(digits) != 11:
        raise ValueError("a national register number has 11 digits")
    key = settings.FAS_IDENTITY_KEY.encode()
    return "nrn-hmac-sha256:" + hmac.new(key, digits.encode(), hashlib.sha256).hexdigest()
