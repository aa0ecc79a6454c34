"""The citizen's identity as FAS gives it, turned into something the site may keep.

The national register number (rijksregisternummer) is never stored: the link between a FAS sign-in and an
account is an HMAC-SHA256 of it under ``NRN_HASH_KEY`` (a key of its own, not ``SECRET_KEY``), so the
stored value cannot be turned back into the number, nor recomputed by anyone without the key.
"""

import hashlib
import hmac

from django.conf import settings

# Only these claims are kept with the link (SocialAccount.extra_data): no name, number, birth date or address.
KEPT_CLAIMS = ("email_verified", "acr")


def identity_hash(*, nrn: str = "", subject: str = "") -> str:
    """The keyed hash that links a FAS identity to an account: of the national register number (its digits
    only, so "85.07.30-033.28" and "85073003328" are one person) when FAS gave one, else of the subject."""
    digits = "".join(ch for ch in nrn if ch.isdigit())
    if digits:
        message = f"nrn:{digits}"
    elif subject:
        message = f"sub:{subject}"
    else:
        raise ValueError("FAS gave neither a national register number nor a subject")
    return hmac.new(settings.NRN_HASH_KEY.encode(), message.encode(), hashlib.sha256).hexdigest()


def kept_claims(claims: dict) -> dict:
    """What is stored with the link: whether the address was verified and the level of assurance."""
    return {name: claims[name] for name in KEPT_CLAIMS if name in claims}
