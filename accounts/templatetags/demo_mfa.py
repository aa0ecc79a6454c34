"""The current demo code on the second-factor page, only in development (DEBUG) and only for the seeded
demo accounts (@leuvenhelpt.test with the documented demo key), so `make run` can be tried without a phone."""

from allauth.mfa.adapter import get_adapter
from allauth.mfa.models import Authenticator
from django import template
from django.conf import settings
from django.utils.html import format_html
from django.utils.translation import gettext as _

from accounts.demo import DEMO_EMAIL_DOMAIN, DEMO_TOTP_SECRET, demo_totp_code

register = template.Library()


def _demo_user(request):
    stage = getattr(request, "_login_stage", None)  # signing in: the user is not signed in yet
    user = stage.login.user if stage is not None else request.user
    if user is None or not user.is_authenticated or not user.email.endswith(DEMO_EMAIL_DOMAIN):
        return None
    totp = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
    if totp is None or get_adapter().decrypt(totp.data["secret"]) != DEMO_TOTP_SECRET:
        return None
    return user


@register.simple_tag(takes_context=True)
def demo_totp_hint(context) -> str:
    request = context.get("request")
    if not settings.DEBUG or request is None or _demo_user(request) is None:
        return ""
    return format_html(
        '<p class="alert alert-info demo-totp-hint">{} <strong>{}</strong></p>',
        _("Demo account in development mode: the code is"),
        demo_totp_code(),
    )
