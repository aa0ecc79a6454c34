"""The two FAS pages: ``/accounts/fas/login/`` (a POST sends the browser to FAS) and the callback FAS sends it
back to. allauth's OpenID Connect views, with the strict adapter below."""

from allauth.socialaccount.models import SocialApp
from allauth.socialaccount.providers.oauth2.client import OAuth2Error
from allauth.socialaccount.providers.oauth2.views import OAuth2LoginView
from allauth.socialaccount.providers.openid_connect.views import OpenIDConnectOAuth2Adapter
from allauth.utils import build_absolute_uri
from django.conf import settings
from django.http import Http404
from django.urls import reverse
from django.utils.crypto import constant_time_compare

from accounts.allauth_internals import StateKeepingCallbackView, verify_id_token

PROVIDER_ID = "fas"


class FASOAuth2Adapter(OpenIDConnectOAuth2Adapter):
    """allauth's OpenID Connect adapter, stricter: the ID token's signature is checked even when it came
    straight from the token endpoint, its nonce must be the one this browser's state holds, and the userinfo
    must be about the same subject; with ``FAS_ACR_VALUES`` the level of assurance must be one of those."""

    state: dict | None = None  # set by StateKeepingCallbackView before the code is exchanged

    def __init__(self, request) -> None:
        super().__init__(request, PROVIDER_ID)

    def get_callback_url(self, request, app) -> str:
        return build_absolute_uri(request, reverse("fas_callback"), self.redirect_uri_protocol)

    def _decode_id_token(self, app, id_token: str) -> dict:
        claims = verify_id_token(
            id_token,
            keys_url=self.openid_config["jwks_uri"],
            issuer=self.openid_config["issuer"],
            audience=app.client_id,
        )
        expected = (self.state or {}).get("nonce")
        if not expected or not constant_time_compare(str(claims.get("nonce", "")), expected):
            raise OAuth2Error("The ID token's nonce is not the one sent")
        if settings.FAS_ACR_VALUES and claims.get("acr") not in settings.FAS_ACR_VALUES:
            raise OAuth2Error("The level of assurance is not one accepted (FAS_ACR_VALUES)")
        return claims

    def complete_login(self, request, app, token, **kwargs):
        id_token = kwargs["response"].get("id_token")
        if not id_token:
            raise OAuth2Error("No ID token")
        data = {"id_token": self._decode_id_token(app, id_token)}
        if app.settings.get("fetch_userinfo", True):
            userinfo = self._fetch_user_info(token.token)
            if str(userinfo.get("sub")) != str(data["id_token"].get("sub")):
                raise OAuth2Error("The userinfo is about another subject than the ID token")
            data["userinfo"] = userinfo
        return self.get_provider().sociallogin_from_response(request, data)


def _configured() -> None:
    if not settings.FAS_ENABLED:
        raise Http404


def login(request):
    _configured()
    try:
        return OAuth2LoginView.adapter_view(FASOAuth2Adapter(request))(request)
    except SocialApp.DoesNotExist:
        raise Http404 from None


def callback(request):
    _configured()
    try:
        return StateKeepingCallbackView.adapter_view(FASOAuth2Adapter(request))(request)
    except SocialApp.DoesNotExist:
        raise Http404 from None
