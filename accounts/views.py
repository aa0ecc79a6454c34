from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from accounts import selectors, services
from accounts.adapters import remember_language
from accounts.forms import ProfileForm
from accounts.permissions import login_required
from accounts.useragent import describe_device


@login_required
@require_http_methods(["GET", "POST"])
def profile(request):
    """/mijn/: the signed-in user's own profile, roles and organisations."""
    user = request.user
    if request.method == "POST":
        form = ProfileForm(request.POST)
        if form.is_valid():
            services.user_update_profile(user=user, **form.cleaned_data)
            translation.activate(user.preferred_language)
            messages.success(request, _("Your details have been saved."))
            return remember_language(redirect("accounts:profile"), user.preferred_language)
    else:
        form = ProfileForm(
            initial={"full_name": user.full_name, "phone": user.phone, "preferred_language": user.preferred_language}
        )
    return render(
        request,
        "accounts/profile.html",
        {
            "form": form,
            "memberships": selectors.memberships_of(user=user),
            "roles": selectors.roles_of(user=user),
            "fas_enabled": settings.FAS_ENABLED,
            "fas_linked": settings.FAS_ENABLED and selectors.fas_linked(user=user),
        },
    )


@login_required
@require_http_methods(["GET"])
def sessions(request):
    """/mijn/sessies/: where the user is signed in, with a button to end each other session or all of them."""
    current = request.session.session_key
    rows = [
        {"session": session, "device": describe_device(session.user_agent), "current": session.session_key == current}
        for session in selectors.sessions_of(user=request.user)
    ]
    return render(request, "accounts/sessions.html", {"rows": rows, "others": sum(not row["current"] for row in rows)})


@require_POST
@login_required
def session_end(request, session_id: int):
    """End one session of the user's own (not the one in use: that is what signing out is for)."""
    if selectors.sessions_of(user=request.user).filter(pk=session_id, session_key=request.session.session_key).exists():
        messages.error(request, _("This is the session you are using now. To end it, sign out."))
    elif services.user_session_end(user=request.user, session_id=session_id):
        messages.success(request, _("The session has been ended. That device is signed out."))
    else:
        messages.info(request, _("That session had already ended."))
    return redirect("accounts:sessions")


@require_POST
@login_required
def sessions_end_others(request):
    """End every session of the user but the one they are using."""
    ended = services.user_sessions_end(user=request.user, keep_session_key=request.session.session_key)
    if ended:
        messages.success(
            request,
            ngettext("%(count)d other session has been ended.", "%(count)d other sessions have been ended.", ended)
            % {"count": ended},
        )
    else:
        messages.info(request, _("You were not signed in anywhere else."))
    return redirect("accounts:sessions")
