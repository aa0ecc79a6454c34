import logging
import uuid

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib.sites.shortcuts import get_current_site
from django.urls import reverse
from django.utils import translation

from accounts import ratelimits
from accounts.roles import work_area
from accounts.security import client_ip, ip_prefix, login_fingerprint
from leuvenhelpt.languages import message_language
from outbox.models import Channel
from outbox.services import FORGET_WHEN_SENT, message_enqueue

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
    """Signing in switches the site to the user's preferred language; account mails go through the outbox."""

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        """Rendered as allauth does, then written to the outbox (delivered after the commit, retried when the
        relay is down). These mails carry sign-in codes and reset links: the outbox erases them once sent.

        Every one of them (confirmation, "an account already exists", password reset) is limited per address
        (``account_mail_address``): a form cannot be used to flood someone's mailbox. Over the limit the mail
        is dropped silently, so the page answers the same whether the address is known."""

        request = allauth_context.request
        if request is not None and not ratelimits.address_attempt(request, "account_mail_address", address=email):
            logger.warning("account mail dropped (limit per address) template=%s", template_prefix)
            return
        ctx = {"request": request, "email": email, "current_site": get_current_site(request), **context}
        # In the page's language while the city's policy offers it for messages, else Dutch.
        language = message_language(translation.get_language())
        with translation.override(language):
            message = self.render_mail(template_prefix, email, ctx)
        html = next(
            (content for content, mimetype in getattr(message, "alternatives", []) if mimetype == "text/html"), ""
        )
        text = message.body if message.content_subtype != "html" else ""
        message_enqueue(
            channel=Channel.EMAIL,
            event_key=f"{FORGET_WHEN_SENT}account:{template_prefix.rsplit('/', 1)[-1]}:{uuid.uuid4().hex}",
            recipient=email,
            subject=message.subject,
            body=text,
            html=html if html else (message.body if message.content_subtype == "html" else ""),
            language=language,
        )

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
