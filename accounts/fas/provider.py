"""allauth's OpenID Connect provider for the federal authentication service (FAS), configured by environment
variables (``leuvenhelpt/settings.py``: FAS_*). The account's uid is the keyed hash of the national register
number; the number itself is dropped from what allauth stores."""

from allauth.socialaccount.providers.oauth2.client import OAuth2Error
from allauth.socialaccount.providers.openid_connect.provider import OpenIDConnectProvider, _pick_data
from django.conf import settings

from accounts.fas.identity import identity_hash
from accounts.fas.views import FasAdapter, new_nonce


def _claims_without_number(data: dict) -> dict:
    claim = settings.FAS_NRN_CLAIM
    return {
        part: {k: v for k, v in value.items() if k != claim} if isinstance(value, dict) else value
        for part, value in data.items()
        if part != claim
    }


class FasProvider(OpenIDConnectProvider):
    id = "fas"
    oauth2_adapter_class = FasAdapter

    def redirect(self, request, process, next_url=None, data=None, **kwargs):
        kwargs["auth_params"] = {**(kwargs.get("auth_params") or self.get_auth_params()), "nonce": new_nonce(request)}
        return super().redirect(request, process, next_url, data, **kwargs)

    def get_default_scope(self):
        return ["openid", "profile", "egovnrn"]

    def extract_uid(self, data) -> str:
        claims = {**data.get("id_token", {}), **_pick_data(data)}
        number = claims.get(settings.FAS_NRN_CLAIM)
        if not number:
            raise OAuth2Error("the identity provider sent no national register number")
        return identity_hash(str(number))

    def extract_extra_data(self, data):
        return _claims_without_number(data)

    def extract_common_fields(self, data):
        return {**super().extract_common_fields(data), "username": None}


provider_classes = [FasProvider]
