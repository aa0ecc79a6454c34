"""Sign-in through the federal authentication service (FAS: itsme, the eID) with allauth's OpenID Connect
provider, made stricter: a nonce in every authorisation request, checked in the ID token; the ID token's
signature is always checked against the provider's keys (allauth skips it when the token came straight from the
token endpoint, which the OIDC spec allows, but a city service holding debts and health data checks anyway)."""

import secrets

from allauth.socialaccount.models import SocialApp
from allauth.socialaccount.providers.oauth2.client import OAuth2Error
from allauth.socialaccount.providers.oauth2.views import OAuth2CallbackView, OAuth2LoginView
from allauth.socialaccount.providers.openid_connect.views import OpenIDConnectOAuth2Adapter
from django.http import Http404

from accounts.allauth_internals import login_not_required, verify_id_token

NONCE_SESSION_KEY = "fas_oidc_nonce"


def new_nonce(request) -> str:
    nonce = secrets.token_urlsafe(24)
    request.session[NONCE_SESSION_KEY] = nonce
    return nonce


class FasAdapter(OpenIDConnectOAuth2Adapter):
    def _decode_id_token(self, app, id_token: str) -> dict:
        claims = verify_id_token(
            id_token=id_token,
            keys_url=self.openid_config["jwks_uri"],
            issuer=self.openid_config["issuer"],
            audience=app.client_id,
        )
        expected = self.request.session.pop(NONCE_SESSION_KEY, None)
        if not expected or not secrets.compare_digest(str(claims.get("nonce", "")), expected):
            raise OAuth2Error("the ID token's nonce does not match this sign-in")
        return claims

    def get_callback_url(self, request, app):
        from allauth.utils import build_absolute_uri
        from django.urls import reverse

        return build_absolute_uri(request, reverse("fas_callback", kwargs={"provider_id": self.provider_id}))

    def complete_login(self, request, app, token, **kwargs):
        if not kwargs["response"].get("id_token"):
            raise OAuth2Error("no ID token")
        return super().complete_login(request, app, token, **kwargs)


@login_not_required
def login(request, provider_id):
    try:
        return OAuth2LoginView.adapter_view(FasAdapter(request, provider_id))(request)
    except SocialApp.DoesNotExist:
        raise Http404 from None


@login_not_required
def callback(request, provider_id):
    try:
        return OAuth2CallbackView.adapter_view(FasAdapter(request, provider_id))(request)
    except SocialApp.DoesNotExist:
        raise Http404 from None
