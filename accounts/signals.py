"""Sign-in events: every success and failure is logged (user id, or a keyed hash of the typed login; never a
password, an e-mail address or a name), each signed-in session gets its ``UserSession`` row, and disabling an
account ends its sessions."""

import logging
import time

from allauth.mfa.models import Authenticator
from allauth.mfa.signals import authentication_failed as mfa_authentication_failed
from allauth.mfa.signals import authenticator_added
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import post_save
from django.dispatch import receiver

from accounts import services
from accounts.allauth_internals import record_second_factor
from accounts.models import User, UserSession
from accounts.security import client_ip, ip_prefix, login_fingerprint

logger = logging.getLogger("leuvenhelpt.auth")

# Keys this app keeps in the Django session (see accounts.middleware.SessionSecurityMiddleware).
SESSION_STARTED = "lh_started_at"
SESSION_SEEN = "lh_seen_at"
SESSION_ROW = "lh_session_key"


def session_begin(request, user) -> None:
    """Start the timeouts and record the session so the user can see and end it."""
    now = time.time()
    request.session[SESSION_STARTED] = now
    request.session[SESSION_SEEN] = now
    if request.session.session_key is None:
        request.session.save()
    services.user_session_start(
        user=user,
        session_key=request.session.session_key,
        user_agent=request.headers.get("user-agent", ""),
        ip_prefix=ip_prefix(client_ip(request)),
    )
    request.session[SESSION_ROW] = request.session.session_key


@receiver(user_logged_in, dispatch_uid="accounts_logged_in")
def on_logged_in(sender, request, user, **kwargs) -> None:
    if request is None:
        return
    session_begin(request, user)
    logger.info("login succeeded user=%s network=%s", user.pk, ip_prefix(client_ip(request)))


@receiver(user_login_failed, dispatch_uid="accounts_login_failed")
def on_login_failed(sender, credentials, request=None, **kwargs) -> None:
    login = credentials.get("email") or credentials.get("username") or ""
    network = ip_prefix(client_ip(request)) if request is not None else ""
    logger.warning("login failed login_hash=%s network=%s", login_fingerprint(login), network)


@receiver(user_logged_out, dispatch_uid="accounts_logged_out")
def on_logged_out(sender, request, user, **kwargs) -> None:
    if request is None or getattr(request, "session", None) is None:
        return
    key = request.session.get(SESSION_ROW) or request.session.session_key
    if key:
        UserSession.objects.filter(session_key=key).delete()
    if user is not None:
        logger.info("logout user=%s", user.pk)


@receiver(post_save, sender=User, dispatch_uid="accounts_user_disabled")
def on_user_saved(sender, instance: User, created: bool, **kwargs) -> None:
    """A disabled account (admin, service or shell) is signed out everywhere at once."""
    if not created and not instance.is_active:
        ended = services.user_sessions_end(user=instance)
        if ended:
            logger.info("account disabled user=%s sessions_ended=%s", instance.pk, ended)


@receiver(authenticator_added, dispatch_uid="accounts_authenticator_added")
def on_authenticator_added(sender, request, user, authenticator: Authenticator, **kwargs) -> None:
    """Setting up TOTP means entering a valid code: that proves the second factor for this session too."""
    logger.info("second factor added user=%s type=%s", user.pk, authenticator.type)
    if request is not None and authenticator.type != Authenticator.Type.RECOVERY_CODES:
        record_second_factor(request, user, authenticator_type=authenticator.type, authenticator_id=authenticator.pk)


@receiver(mfa_authentication_failed, dispatch_uid="accounts_mfa_failed")
def on_mfa_failed(sender, request, user, **kwargs) -> None:
    logger.warning("second factor failed user=%s", user.pk)
