"""Session security, in the order they run (see ``MIDDLEWARE`` in the settings):

- ``SessionSecurityMiddleware``: idle timeout per role (15 minutes for citizens, intermediaries and volunteers,
  60 for staff) and an absolute limit of 12 hours, then signs the user out; keeps the user's ``UserSession`` row
  (last seen, current session key) up to date.
- ``MFARequiredMiddleware``: a staff member (``accounts.roles.STAFF_ROLES``) opens no page before their session
  has passed a second factor: without an authenticator they are sent to set up TOTP, with one to enter a code.
- ``NoStoreMiddleware``: pages for a signed-in user, or shown from a session that holds data, are never stored
  by a browser or proxy (``Cache-Control: no-store``).
"""

import time
from urllib.parse import urlencode

from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django_htmx.http import HttpResponseClientRedirect

from accounts import services
from accounts.models import UserSession
from accounts.security import client_ip, ip_prefix, session_used_mfa
from accounts.signals import SESSION_ROW, SESSION_SEEN, SESSION_STARTED, session_begin


class SessionSecurityMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            refused = self._check(request)
            if refused is not None:
                return refused
        response = self.get_response(request)
        self._follow_key(request)
        return response

    def _check(self, request):
        session = request.session
        user = request.user
        now = time.time()
        started, seen = session.get(SESSION_STARTED), session.get(SESSION_SEEN)
        if not isinstance(started, int | float) or not isinstance(seen, int | float):
            session_begin(request, user)  # a session from before these limits: they start now
            return None
        idle = settings.SESSION_IDLE_TIMEOUT_STAFF if user.is_staff_member else settings.SESSION_IDLE_TIMEOUT
        if now - started > settings.SESSION_ABSOLUTE_TIMEOUT or now - seen > idle:
            return self._expire(request)
        if now - seen >= settings.SESSION_ACTIVITY_RESOLUTION:
            session[SESSION_SEEN] = now
            touched = UserSession.objects.filter(session_key=session.session_key).update(last_seen_at=timezone.now())
            if not touched:
                services.user_session_start(
                    user=user,
                    session_key=session.session_key,
                    user_agent=request.headers.get("user-agent", ""),
                    ip_prefix=ip_prefix(client_ip(request)),
                )
                session[SESSION_ROW] = session.session_key
        return None

    def _expire(self, request):
        path = request.get_full_path()
        logout(request)
        messages.info(request, _("You were signed out because your session expired. Please sign in again."))
        if getattr(request, "htmx", False):
            return HttpResponseClientRedirect(f"{reverse(settings.LOGIN_URL)}?{urlencode({'next': path})}")
        return redirect_to_login(path)

    @staticmethod
    def _follow_key(request) -> None:
        """Django gives a session a new key when the password changes: the row follows it."""
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return
        session = request.session
        recorded, current = session.get(SESSION_ROW), session.session_key
        if recorded and current and recorded != current:
            UserSession.objects.filter(session_key=recorded).update(session_key=current)
            session[SESSION_ROW] = current


# Pages a staff member without a second factor may still open: signing in and out, setting up and
# entering the second factor (activating TOTP asks for the password again first), the language switch.
MFA_EXEMPT_URL_NAMES = frozenset(
    {
        "account_login",
        "account_logout",
        "account_reauthenticate",
        "account_inactive",
        "mfa_activate_totp",
        "mfa_authenticate",
        "mfa_reauthenticate",
        "switch_language",
        "healthz",
    }
)


class MFARequiredMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = request.user
        if not user.is_authenticated or request.resolver_match.view_name in MFA_EXEMPT_URL_NAMES:
            return None
        if not user.is_staff_member or session_used_mfa(request):
            return None
        if is_mfa_enabled(user):
            target = "mfa_reauthenticate"
            message = _("Your role needs a second factor: enter the code from your authenticator app.")
        else:
            target = "mfa_activate_totp"
            message = _(
                "Your role needs two-factor authentication. Set it up now with an authenticator app "
                "on your phone; it takes a minute."
            )
        url = f"{reverse(target)}?{urlencode({'next': request.get_full_path()})}"
        if getattr(request, "htmx", False):
            return HttpResponseClientRedirect(url)
        if request.method == "GET":
            messages.warning(request, message)
        return redirect(url)


class NoStoreMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        session = getattr(request, "session", None)
        signed_in = user is not None and user.is_authenticated
        holds_data = session is not None and session.accessed and not session.is_empty()
        if (signed_in or holds_data) and "no-store" not in response.get("Cache-Control", ""):
            add_never_cache_headers(response)  # unless the view's never_cache did so already
        return response
