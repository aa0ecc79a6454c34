"""``Authorization: Bearer lh_…``: the API client's token; the request then acts as the client's system account."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication, get_authorization_header

from partner_api.services import api_token_check

REFUSALS = {
    "invalid": _("The API token is not valid."),
    "expired": _("The API token has expired. Ask Leuven Helpt for a new one."),
    "revoked": _("The API token was revoked. Ask Leuven Helpt for a new one."),
}


class TokenRefused(exceptions.AuthenticationFailed):
    def __init__(self, reason: str):
        super().__init__(REFUSALS[reason], code=f"token_{reason}")


class BearerTokenAuthentication(BaseAuthentication):
    keyword = b"bearer"

    def authenticate(self, request):
        header = get_authorization_header(request).split()
        if not header:
            return None
        if header[0].lower() != self.keyword or len(header) != 2:
            raise TokenRefused("invalid")
        try:
            raw = header[1].decode("ascii")
        except UnicodeDecodeError:
            raise TokenRefused("invalid") from None
        token, reason = api_token_check(raw)
        if token is None:
            raise TokenRefused(reason)
        request.api_token = token
        return token.client.account, token

    def authenticate_header(self, request) -> str:
        # With this header DRF answers 401 (not 403) to a call without a valid token.
        return 'Bearer realm="leuvenhelpt-api"'


class BearerTokenScheme(OpenApiAuthenticationExtension):
    """How drf-spectacular describes the token in the OpenAPI document."""

    target_class = "partner_api.authentication.BearerTokenAuthentication"
    name = "bearer"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "An API token of your organisation: `Authorization: Bearer lh_…` (see docs/api.md).",
        }
