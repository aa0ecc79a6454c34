"""Limits on what anyone can make the site do without an account: send mail, create work for the staff, try
links. Built on allauth's rate-limit machinery (the same counters, the same ``ACCOUNT_RATE_LIMITS`` setting,
kept in the default cache; while Redis is down they count in each process's memory — ``leuvenhelpt.cache``).

Each action has two limits: per client (``<action>``, counted per IP address, IPv6 per /64) and, when the
form names an e-mail address, per address (``<action>_address``, counted per address, stored hashed). A
refusal is the site's 429 page (``templates/429.html``): nothing is sent, nothing is saved.
"""

from django.shortcuts import render

from accounts.allauth_internals import allauth_ratelimit  # allauth's rate limiter (its internal API)

APP = "allauth.account"  # allauth reads the rates of this app from ACCOUNT_RATE_LIMITS


def attempt(request, action: str, *, address: str = "") -> bool:
    """Count one attempt of ``action`` by this client (and to ``address``); False when a limit is reached.

    (allauth's public ``consume`` leaves GET requests alone; the follow-up link is a GET, so the module
    behind it is called with ``limit_get``.)"""
    if not allauth_ratelimit.consume(request, app=APP, action=action, limit_get=True):
        return False
    address = address.strip().lower()
    return not address or bool(
        allauth_ratelimit.consume(request, app=APP, action=f"{action}_address", key=address, limit_get=True)
    )


def address_attempt(request, action: str, *, address: str) -> bool:
    """Count one mail of ``action`` to ``address`` (only the per-address limit); False when it is reached."""
    key = address.strip().lower()
    return bool(allauth_ratelimit.consume(request, app=APP, action=action, key=key, limit_get=True))


def too_many(request):
    return render(request, "429.html", status=429)
