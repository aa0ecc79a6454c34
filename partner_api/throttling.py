"""A rate limit per API client (all its tokens together), and per address for the calls without a token.

DRF's throttle rather than ``accounts.ratelimits``: that one counts per IP address and answers with the
site's HTML 429 page; the API counts per client and answers in its JSON error format with ``Retry-After``."""

from rest_framework.throttling import AnonRateThrottle, SimpleRateThrottle

from partner_api.models import ApiToken


class ClientRateThrottle(SimpleRateThrottle):
    scope = "api_client"

    def get_cache_key(self, request, view):
        token = request.auth
        if not isinstance(token, ApiToken):
            return None  # no token: AnonymousRateThrottle counts it
        return self.cache_format % {"scope": self.scope, "ident": token.client_id}


class AnonymousRateThrottle(AnonRateThrottle):
    scope = "api_anonymous"

    def get_cache_key(self, request, view):
        if isinstance(request.auth, ApiToken):
            return None
        return super().get_cache_key(request, view)
