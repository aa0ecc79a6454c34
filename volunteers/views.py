"""/vrijwilligers/: becoming a volunteer and the volunteer's own pages (profile, availability, matches).

A volunteer opens only their own matches (the query filters on them: anybody else's is a 404). Before
accepting they see the help seeker's first name, neighbourhood, the task and its time window; after
accepting also the address and phone number, while the match is active and 14 days after it ends
(each time written to the access log). Staff notes and the request's own text never reach them.
"""

from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.permissions import login_required, role_required
from accounts.roles import Role
from people.errors import ActionRefused
from privacy.models import AccessLog
from privacy.selectors import volunteer_sharing_allowed
from privacy.services import access_record
from volunteers import selectors, services
from volunteers.choices import AREA_NAMES
from volunteers.forms import (
    CompleteForm,
    DeclineForm,
    HandBackForm,
    PauseForm,
    ProfileForm,
    SessionForm,
    SignUpForm,
    SlotFormSet,
    StopForm,
    add_service_errors,
)
from volunteers.models import Match
from volunteers.workflow import MATCH, ONBOARDING

volunteer_required = role_required(Role.VOLUNTEER)


def _profile_or_signup(view):
    """The signed-in volunteer's profile as ``profile``; without one, the sign-up page."""

    def wrapped(request, *args, **kwargs):
        profile = selectors.profile_of(request.user)
        if profile is None or not ONBOARDING.allowed(profile.state, "update"):
            return redirect("volunteers:signup")
        return view(request, profile, *args, **kwargs)

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped


@require_GET
def landing(request):
    """What volunteering with Leuven Helpt is, the volunteer-law information, and the way in."""
    profile = selectors.profile_of(request.user) if request.user.is_authenticated else None
    return render(request, "volunteers/landing.html", {"profile": profile})


@require_http_methods(["GET", "POST"])
@login_required
def signup(request):
    existing = selectors.profile_of(request.user)
    if existing is not None and ONBOARDING.allowed(existing.state, "update"):
        return redirect("volunteers:mine")
    if existing is not None:
        messages.info(request, _("You stopped as a volunteer. Call Leuven Helpt to start again."))
        return redirect("volunteers:landing")
    form = SignUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.volunteer_apply(user=request.user, **data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("Thank you! A coordinator will contact you for a conversation and the screening.")
            )
            return redirect("volunteers:availability")
    return render(request, "volunteers/signup.html", {"form": form}, status=400 if form.errors else 200)


def _summary(profile) -> dict:
    return profile.preference_labels()


@require_GET
@volunteer_required
def mine(request):
    """My profile, availability, matches (open, active, history) and hours."""
    profile = selectors.profile_of(request.user)
    if profile is None or not ONBOARDING.allowed(profile.state, "update"):
        return render(request, "volunteers/mine_none.html", {"profile": profile})
    matches = list(selectors.matches_of(profile))
    history = [m for m in matches if not m.is_open]
    hours = sum((m.hours or Decimal(0) for m in history if m.is_completed), Decimal(0))
    context = {
        "profile": profile,
        "summary": _summary(profile),
        "slots": list(profile.slots.all()),
        "proposed": [m for m in matches if MATCH.allowed(m.status, "accept")],
        "active": [m for m in matches if MATCH.allowed(m.status, "complete")],
        "history": history,
        "hours": hours,
        "area_names": AREA_NAMES,
    }
    return render(request, "volunteers/mine.html", context)


@require_http_methods(["GET", "POST"])
@volunteer_required
@_profile_or_signup
def profile_edit(request, profile):
    form = ProfileForm(request.POST or None, initial=ProfileForm.initial_for(profile))
    if request.method == "POST" and form.is_valid():
        try:
            services.volunteer_update(profile=profile, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        except ActionRefused as refusal:
            messages.error(request, str(refusal))
        else:
            messages.success(request, _("Your preferences were saved."))
            return redirect("volunteers:mine")
    return render(request, "volunteers/profile_form.html", {"form": form}, status=400 if form.errors else 200)


def _slot_rows(formset) -> list:
    return [
        (form.cleaned_data["weekday"], form.cleaned_data["start"], form.cleaned_data["end"])
        for form in formset
        if form.cleaned_data and form.cleaned_data.get("weekday") is not None
    ]


@require_http_methods(["GET", "POST"])
@volunteer_required
@_profile_or_signup
def availability(request, profile):
    """My weekly availability: one row per slot (empty rows are ignored)."""
    initial = [{"weekday": s.weekday, "start": s.start, "end": s.end} for s in profile.slots.all()]
    if request.method == "POST":
        formset = SlotFormSet(request.POST, prefix="slot")
        if formset.is_valid():
            try:
                services.availability_set(profile=profile, slots=_slot_rows(formset))
            except ValidationError as error:
                formset._non_form_errors = formset.error_class(error.messages)
            else:
                messages.success(request, _("Your availability was saved."))
                return redirect("volunteers:mine")
    else:
        formset = SlotFormSet(prefix="slot", initial=initial + [{}] * 3)
    # Three empty rows to add slots (kept when the form comes back with errors).
    status = 400 if request.method == "POST" else 200
    return render(request, "volunteers/availability.html", {"formset": formset}, status=status)


@require_http_methods(["GET", "POST"])
@volunteer_required
@_profile_or_signup
def pause(request, profile):
    form = PauseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.volunteer_pause(profile=profile, until=form.cleaned_data["until"], actor=request.user)
        except ValidationError as error:
            add_service_errors(form, error)
        except ActionRefused as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(request, _("You are paused: you get no new proposals until then."))
            return redirect("volunteers:mine")
    return render(
        request, "volunteers/pause.html", {"form": form, "profile": profile}, status=400 if form.errors else 200
    )


@require_POST
@volunteer_required
@_profile_or_signup
def resume(request, profile):
    try:
        services.volunteer_resume(profile=profile, actor=request.user)
    except ActionRefused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, _("Welcome back: you can receive proposals again."))
    return redirect("volunteers:mine")


@require_http_methods(["GET", "POST"])
@volunteer_required
@_profile_or_signup
def stop(request, profile):
    """Stop volunteering and have the profile removed (after a confirmation)."""
    form = StopForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.volunteer_stop(profile=profile, actor=request.user)
        except ActionRefused as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(request, _("You stopped as a volunteer and your profile was removed. Thank you!"))
            return redirect("home")
    return render(request, "volunteers/stop.html", {"form": form}, status=400 if form.errors else 200)


def _match_or_404(request, match_id: int) -> Match:
    match = selectors.match_of_volunteer(request.user, match_id)
    if match is None:
        raise Http404
    return match


def _match_page(request, match: Match, *, bound: dict | None = None, status: int = 200):
    # The address and phone only while the match allows it and the help seeker's consent is in force.
    details = match.shows_contact_details() and volunteer_sharing_allowed(
        person_id=match.request.person_id, help_request_id=match.request_id
    )
    if details:
        access_record(
            request=request,
            person_id=match.request.person_id,
            categories=[AccessLog.Category.CONTACT],
            purpose=AccessLog.Purpose.VOLUNTEER_TASK,
            reference=match.request.reference,
        )
    person = match.request.person
    task = getattr(match.request, "volunteer_task", None)
    forms = {
        "decline_form": DeclineForm(prefix="decline"),
        "complete_form": CompleteForm(prefix="complete"),
        "session_form": SessionForm(prefix="session"),
        "hand_back_form": HandBackForm(prefix="handback"),
    } | (bound or {})
    context = {
        "match": match,
        "sessions": list(match.sessions.all()),
        "task": task,
        "first_name": person.full_name.split(" ")[0],
        "neighbourhood": AREA_NAMES.get(task.area if task else person.postcode, ""),
        "details": details,
        "phone": person.phone if details else "",
        "address": person.address if details else "",
        "error_form": next(iter(bound.values())) if bound else None,
        **forms,
    }
    return render(request, "volunteers/match.html", context, status=status)


@require_GET
@volunteer_required
def match_detail(request, match_id: int):
    return _match_page(request, _match_or_404(request, match_id))


@require_POST
@volunteer_required
def match_accept(request, match_id: int):
    match = _match_or_404(request, match_id)
    try:
        services.match_accept(match=match, actor=request.user)
    except ActionRefused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, _("Thank you! You accepted; the contact details are below."))
    return redirect("volunteers:match", match_id=match.pk)


def _form_action(form_class, key: str, prefix: str, do, success: str, *, back_to_match: bool = False):
    @require_POST
    @volunteer_required
    def view(request, match_id: int):
        match = _match_or_404(request, match_id)
        form = form_class(request.POST, prefix=prefix)
        if form.is_valid():
            try:
                do(match=match, actor=request.user, **form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            except ActionRefused as refusal:
                messages.error(request, str(refusal))
                return redirect("volunteers:match", match_id=match.pk)
            else:
                messages.success(request, str(success))
                if back_to_match:
                    return redirect("volunteers:match", match_id=match.pk)
                return redirect("volunteers:mine")
        messages.error(request, _("That did not work: correct the form below."))
        return _match_page(request, _match_or_404(request, match_id), bound={key: form}, status=400)

    view.__name__ = do.__name__
    return view


match_decline = _form_action(
    DeclineForm,
    "decline_form",
    "decline",
    services.match_decline,
    gettext_lazy("You declined. Thank you for letting us know."),
)
match_session = _form_action(
    SessionForm,
    "session_form",
    "session",
    services.match_session_record,
    gettext_lazy("Your session was recorded. The support continues."),
    back_to_match=True,
)
match_complete = _form_action(
    CompleteForm,
    "complete_form",
    "complete",
    services.match_complete,
    gettext_lazy("The support has ended. Thank you for your help!"),
)
match_hand_back = _form_action(
    HandBackForm, "hand_back_form", "handback", services.match_cancel, gettext_lazy("You handed the match back.")
)
