"""Small helpers for sign-in security: the client's address behind the proxy, how much of it we keep,
and whether a session was opened with a second factor. No writes here (those are in ``services``)."""

import hashlib
import hmac
import ipaddress

from django.conf import settings
from django.http import HttpRequest

from accounts.allauth_internals import authentication_records


def client_ip(request: HttpRequest) -> str:
    """The visitor's address: the one the closest trusted proxy saw (``NUM_PROXIES`` hops from the right
    of X-Forwarded-For), else the socket's. Addresses a visitor writes into the header themselves sit to
    the left of what our proxies add, so they are never used."""
    proxies = settings.ALLAUTH_TRUSTED_PROXY_COUNT
    forwarded = request.headers.get("x-forwarded-for", "")
    candidate = request.META.get("REMOTE_ADDR", "")
    if proxies and forwarded:
        hops = [hop.strip() for hop in forwarded.split(",")]
        if len(hops) >= proxies:
            candidate = hops[-proxies]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return ""


def ip_prefix(address: str) -> str:
    """The network, not the address: IPv4 keeps its first three parts (/24), IPv6 its first 48 bits."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return ""
    prefix = 24 if ip.version == 4 else 48
    return str(ipaddress.ip_network(f"{ip}/{prefix}", strict=False))


def login_fingerprint(login: str) -> str:
    """A keyed hash of what someone typed as login, for the log: repeated attempts on one account can be
    followed without the e-mail address appearing in the log."""
    normalised = (login or "").strip().lower().encode()
    return hmac.new(settings.SECRET_KEY.encode(), normalised, hashlib.sha256).hexdigest()[:16]


def session_used_mfa(request: HttpRequest) -> bool:
    """Whether this session's user proved a second factor (at sign-in, or later on the second-factor page)."""
    records = authentication_records(request)
    return any(record.get("method") == "mfa" for record in records)
