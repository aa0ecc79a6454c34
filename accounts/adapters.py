import logging

from allauth.account.adapter import DefaultAccountAdapter
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from accounts.roles import work_area
from accounts.security import client_ip, ip_prefix, login_fingerprint

logger = logging.getLogger("leuvenhelpt.auth")


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

    def get_login_redirect_url(self, request) -> str:
        """Staff land on their work area (the KCC console, the triage queue…), everyone else on /mijn/; a
        ``next`` address, when there is one, still wins (allauth reads it before asking here)."""
        return reverse(work_area(request.user))

    def _get_login_attempts_cache_key(self, request, **credentials) -> str:
        """Failed sign-ins are counted per (address, login) pair: five wrong passwords for one account
        from one address lock that pair for an hour (``ACCOUNT_RATE_LIMITS``), while the owner can still
        sign in from elsewhere. The address is read behind ``NUM_PROXIES`` proxies, so a made-up
        X-Forwarded-For header does not start a fresh count."""
        login = credentials.get("email", credentials.get("username", "")) or ""
        return f"{client_ip(request)}|{login.strip().lower()}"

    def pre_authenticate(self, request, **credentials) -> None:
        try:
            super().pre_authenticate(request, **credentials)
        except Exception:
            login = credentials.get("email", credentials.get("username", "")) or ""
            logger.warning(
                "login refused (locked out) login_hash=%s network=%s",
                login_fingerprint(login),
                ip_prefix(client_ip(request)),
            )
            raise


class MFAAdapter(DefaultMFAAdapter):
    """Staff cannot switch their second factor off: it is what lets them open staff pages."""

    def can_delete_authenticator(self, authenticator: Authenticator) -> bool:
        if authenticator.type == Authenticator.Type.TOTP and authenticator.user.is_staff_member:
            return False
        return super().can_delete_authenticator(authenticator)
