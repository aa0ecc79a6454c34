"""Sign-in with itsme or the eID through the federal authentication service (FAS), by OpenID Connect.

allauth's OpenID Connect provider, made strict (``provider.py``, ``views.py``): PKCE, a nonce checked against
the ID token, the ID token's signature checked always, the userinfo's subject checked against the ID token's.
The national register number is turned into a keyed hash at once (``identity.py``) and never stored.
Configured by ``FAS_CLIENT_ID``, ``FAS_CLIENT_SECRET`` and ``FAS_SERVER_URL`` only (``docs/security.md``).
"""
