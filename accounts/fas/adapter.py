"""How a FAS sign-in becomes an account (``SOCIALACCOUNT_ADAPTER``).

- A known identity (its keyed hash) signs in to the account it is linked to.
- A signed-in user who chooses "link" gets the identity attached to their account.
- Otherwise an account whose address FAS says is verified is signed in and linked (allauth's e-mail
  authentication only ever uses verified addresses).
- Otherwise a citizen account is made (name and address from FAS; without an address, a form asks it).
"""

import logging

from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django.urls import reverse
from django.utils import translation

from accounts import services
from accounts.models import User
from accounts.roles import Role

logger = logging.getLogger("leuvenhelpt.auth")


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    def populate_user(self, request, sociallogin, data):
        user = super().populate_user(request, sociallogin, data)
        name = data.get("name") or " ".join(part for part in (data.get("first_name"), data.get("last_name")) if part)
        user.full_name = (name or "").strip()[:150]
        language = translation.get_language() or ""
        user.preferred_language = language if language in User.Language.values else User.Language.DUTCH
        return user

    def get_signup_form_initial_data(self, sociallogin) -> dict:
        """The form that asks for an address starts with the name FAS gave (``populate_user``)."""
        initial = super().get_signup_form_initial_data(sociallogin)
        initial["full_name"] = getattr(sociallogin.user, "full_name", "")
        return initial

    def save_user(self, request, sociallogin, form=None):
        user = super().save_user(request, sociallogin, form)
        services.user_set_roles(user=user, roles=[Role.CITIZEN])
        logger.info("account made through FAS user=%s", user.pk)
        return user

    def get_connect_redirect_url(self, request, socialaccount) -> str:
        return reverse("accounts:profile")  # allauth says "Het externe account is gekoppeld."

    def on_authentication_error(self, request, provider, error=None, exception=None, extra_context=None) -> None:
        # What went wrong, never with a token, code or claim in it.
        logger.warning("FAS sign-in refused error=%s reason=%s", error, type(exception).__name__ if exception else "-")
        super().on_authentication_error(request, provider, error, exception, extra_context)
