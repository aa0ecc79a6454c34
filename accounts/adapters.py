from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.utils import translation


def remember_language(response, language: str):
    """Set the language cookie so the whole site follows the user's preference."""
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
    return response


class AccountAdapter(DefaultAccountAdapter):
    """Signing in switches the site to the user's preferred language."""

    def post_login(self, request, user, **kwargs):
        response = super().post_login(request, user, **kwargs)
        translation.activate(user.preferred_language)
        return remember_language(response, user.preferred_language)
