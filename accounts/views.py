from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts import selectors, services
from accounts.adapters import remember_language
from accounts.forms import ProfileForm
from accounts.permissions import login_required


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
        {"form": form, "memberships": selectors.memberships_of(user=user), "roles": selectors.roles_of(user=user)},
    )
