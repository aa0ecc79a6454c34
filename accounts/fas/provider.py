"""The FAS provider: allauth's OpenID Connect provider with a nonce, PKCE, fixed scopes and parameters, and
a keyed hash of the national register number as the account's identifier."""

import secrets

from allauth.socialaccount.providers.openid_connect.provider import (
    OpenIDConnectProvider,
    OpenIDConnectProviderAccount,
)
from django.conf import settings
from django.urls import reverse
from django.utils.http import urlencode

from accounts.fas.identity import identity_hash, kept_claims
from accounts.fas.views import FASOAuth2Adapter


class FASAccount(OpenIDConnectProviderAccount):
    def to_str(self) -> str:
        return "itsme / eID"


class FASProvider(OpenIDConnectProvider):
    id = "fas"
    name = "itsme / eID"
    account_class = FASAccount
    oauth2_adapter_class = FASOAuth2Adapter
    pkce_enabled_default = True
    supports_token_authentication = False  # only the browser flow; no ID tokens handed in by apps

    def get_login_url(self, request, **kwargs) -> str:
        url = reverse("fas_login")
        return f"{url}?{urlencode(kwargs)}" if kwargs else url

    def get_callback_url(self) -> str:
        return reverse("fas_callback")

    def get_oauth2_adapter(self, request):
        return FASOAuth2Adapter(request)

    def get_default_scope(self) -> list[str]:
        return list(settings.FAS_SCOPE)

    def get_redirect_from_request_kwargs(self, request) -> dict:
        """Only ``process`` and ``next`` come from the request: no scope or authorisation parameter that a
        crafted form could add."""
        kwargs = super().get_redirect_from_request_kwargs(request)
        kwargs["scope"] = self.get_scope()
        kwargs["auth_params"] = self.get_auth_params()
        return kwargs

    def redirect(self, request, process, next_url=None, data=None, **kwargs):
        """A fresh nonce for every sign-in: sent to FAS and kept in this browser's state, which is single-use;
        the ID token must carry it back (``FASOAuth2Adapter._decode_id_token``)."""
        nonce = secrets.token_urlsafe(32)
        auth_params = kwargs.pop("auth_params", None)
        if auth_params is None:
            auth_params = self.get_auth_params()
        auth_params = {**auth_params, "nonce": nonce}
        if settings.FAS_ACR_VALUES:
            auth_params["acr_values"] = " ".join(settings.FAS_ACR_VALUES)
        return super().redirect(request, process, next_url, data, auth_params=auth_params, nonce=nonce, **kwargs)

    @staticmethod
    def _claims(data: dict) -> dict:
        """The ID token's claims, completed by the userinfo (both checked: same subject)."""
        return {**(data.get("id_token") or {}), **(data.get("userinfo") or {})}

    def extract_uid(self, data) -> str:
        claims = self._claims(data)
        return identity_hash(nrn=str(claims.get(settings.FAS_NRN_CLAIM) or ""), subject=str(claims.get("sub") or ""))

    def extract_extra_data(self, data) -> dict:
        return kept_claims(self._claims(data))


provider_classes = [FASProvider]
