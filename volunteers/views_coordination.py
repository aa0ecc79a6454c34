"""/vrijwilligers/coordinatie/: the coordinators' side — overview, one volunteer, matching a request, and
cancelling one of its matches."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts.permissions import role_required
from accounts.roles import Role
from people.errors import ActionRefused
from privacy.models import AccessLog
from privacy.selectors import volunteer_sharing_allowed
from privacy.services import access_record
from requests_app.models import HelpRequest
from requests_app.workflow import HELP_REQUEST
from volunteers import selectors, services
from volunteers.choices import AREA_NAMES, Area
from volunteers.forms import (
    CancelMatchForm,
    OverviewFilterForm,
    ProposeForm,
    ScreeningForm,
    TaskForm,
    add_service_errors,
)
from volunteers.models import Match, VolunteerProfile, VolunteerTask

coordinator_required = role_required(Role.COORDINATOR)
PAGE_SIZE = 50


@require_GET
@coordinator_required
def overview(request):
    """Who is available this week (a grid by day and part of the day), the load per volunteer, the radar."""
    form = OverviewFilterForm(request.GET or None)
    filters = form.filters()
    grid_filters = {k: v for k, v in filters.items() if k != "state"}
    paginator = Paginator(selectors.volunteer_list(**filters), PAGE_SIZE)
    page = paginator.get_page(request.GET.get("pagina"))
    query = request.GET.copy()
    query.pop("pagina", None)
    context = {
        "form": form,
        "grid": selectors.availability_grid(**grid_filters),
        "page": page,
        "radar": selectors.radar(),
        "query": query,
        "today": timezone.localdate(),
    }
    return render(request, "volunteers/coordination/overview.html", context)


def _volunteer_page(request, profile: VolunteerProfile, *, form=None, status: int = 200):
    # A volunteer's data read by staff is logged like a help seeker's: they see it under "who looked at my data".
    access_record(
        request=request,
        subject_user_ids=[profile.user_id],
        categories=[AccessLog.Category.CONTACT, AccessLog.Category.VOLUNTEER_PROFILE],
        purpose=AccessLog.Purpose.VOLUNTEER_COORDINATION,
    )
    context = {
        "profile": profile,
        "summary": profile.preference_labels(),
        **selectors.volunteer_file(profile),
        "screening_form": form or ScreeningForm(prefix="screening"),
        "error_form": form,
    }
    return render(request, "volunteers/coordination/volunteer.html", context, status=status)


def _profile(profile_id: int) -> VolunteerProfile:
    profile = selectors.profile_for_coordination(profile_id)
    if profile is None:
        raise Http404
    return profile


@require_GET
@coordinator_required
def volunteer_detail(request, profile_id: int):
    return _volunteer_page(request, _profile(profile_id))


@require_POST
@coordinator_required
def screening_start(request, profile_id: int):
    try:
        services.screening_start(profile=_profile(profile_id), actor=request.user)
    except ActionRefused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, _("The screening has started."))
    return redirect("volunteers:coordination_volunteer", profile_id=profile_id)


@require_POST
@coordinator_required
def screening_record(request, profile_id: int):
    profile = _profile(profile_id)
    form = ScreeningForm(request.POST, prefix="screening")
    if form.is_valid():
        try:
            services.screening_record(profile=profile, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        except ActionRefused as refusal:
            messages.error(request, str(refusal))
            return redirect("volunteers:coordination_volunteer", profile_id=profile_id)
        else:
            messages.success(request, _("The screening was recorded."))
            return redirect("volunteers:coordination_volunteer", profile_id=profile_id)
    messages.error(request, _("The screening was not recorded: correct the form below."))
    return _volunteer_page(request, _profile(profile_id), form=form, status=400)


@require_POST
@coordinator_required
def volunteer_stop(request, profile_id: int):
    try:
        services.volunteer_stop(profile=_profile(profile_id), actor=request.user)
    except ActionRefused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, _("The volunteer was stopped and their profile removed."))
    return redirect("volunteers:coordination_volunteer", profile_id=profile_id)


# -- matching a request --------------------------------------------------------------------------
def _request(reference: str) -> HelpRequest:
    help_request = selectors.request_for_matching(reference)
    if help_request is None:
        raise Http404
    return help_request


def _task_initial(help_request: HelpRequest, task: VolunteerTask | None) -> dict:
    if task is not None:
        initial = {
            name: getattr(task, name)
            for name in ("task_type", "area", "language", "on", "valid_from", "valid_until", "start", "end", "summary")
        }
        return initial | {
            "regular": "weekly" if task.regular else "once",
            "weekday": task.weekday if task.regular else "",
        }
    postcode = help_request.person.postcode
    return {
        "area": postcode if postcode in Area.values else Area.LEUVEN,
        "language": help_request.person.preferred_language,
        # What the help seeker already said, to shorten for the volunteer rather than retype.
        "summary": help_request.description[: TaskForm.base_fields["summary"].max_length],
    }


def _consent_needed(help_request: HelpRequest) -> bool:
    return not volunteer_sharing_allowed(person_id=help_request.person_id, help_request_id=help_request.pk)


def _matching_page(
    request, help_request: HelpRequest, *, task_form=None, cancel_form: CancelMatchForm | None = None, status: int = 200
):
    """``task_form`` or ``cancel_form`` (bound, with its errors) replaces the empty form of the same kind."""
    task = selectors.task_of_request(help_request)
    consent_needed = _consent_needed(help_request)
    candidates = []
    matching = HELP_REQUEST.allowed(help_request.state, "propose_volunteer")
    task_over = task is not None and task.is_over()
    if task is not None and matching and not task_over:
        candidates = [
            (candidate, selectors.why_facts(candidate, task), selectors.why_line(candidate, task))
            for candidate in selectors.rank_candidates(task=task)
        ]
        # The candidates' names, availability and load are shown: each of them sees it in their access log.
        access_record(
            request=request,
            subject_user_ids=[candidate.user_id for candidate, _facts, _line in candidates],
            categories=[AccessLog.Category.VOLUNTEER_PROFILE],
            purpose=AccessLog.Purpose.VOLUNTEER_PROPOSAL,
            reference=help_request.reference,
        )
    context = {
        "item": help_request,
        "task": task,
        "task_over": task_over,
        "task_form": task_form
        or TaskForm(prefix="task", initial=_task_initial(help_request, task), consent_needed=consent_needed),
        "consent_needed": consent_needed,
        "candidates": candidates,
        "total": candidates[0][0].total if candidates else 0,
        # Each match with the form to cancel it while it is open (the submitted one when it came back).
        "matches": [
            (match, _cancel_form_for(match, cancel_form) if match.is_open else None)
            for match in selectors.matches_for_request(help_request)
        ],
        "propose_form": ProposeForm(prefix="propose"),
        "matching": matching,
        "neighbourhood": AREA_NAMES.get(help_request.person.postcode, ""),
        "error_form": task_form or cancel_form,
    }
    return render(request, "volunteers/coordination/matching.html", context, status=status)


def _cancel_form_for(match: Match, submitted: CancelMatchForm | None) -> CancelMatchForm:
    if submitted is not None and submitted.match_id == match.pk:
        return submitted
    return CancelMatchForm(match_id=match.pk)


@require_GET
@coordinator_required
def matching(request, reference: str):
    """The task for the volunteer, the ranked candidates with why, and proposing one."""
    return _matching_page(request, _request(reference))


@require_POST
@coordinator_required
def task_save(request, reference: str):
    help_request = _request(reference)
    form = TaskForm(request.POST, prefix="task", consent_needed=_consent_needed(help_request))
    if form.is_valid():
        try:
            services.task_save(request=help_request, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        except ActionRefused as refusal:
            messages.error(request, str(refusal))
            return redirect("volunteers:matching", reference=reference)
        else:
            messages.success(request, _("The task was saved; the candidates are ranked for it."))
            return redirect("volunteers:matching", reference=reference)
    messages.error(request, _("The task was not saved: correct the form below."))
    return _matching_page(request, help_request, task_form=form, status=400)


@require_POST
@coordinator_required
def propose(request, reference: str):
    help_request = _request(reference)
    form = ProposeForm(request.POST, prefix="propose")
    if not form.is_valid():
        messages.error(request, _("Choose a volunteer from the list."))
        return redirect("volunteers:matching", reference=reference)
    volunteer = _profile(form.cleaned_data["volunteer"])
    task = selectors.task_of_request(help_request)
    why = selectors.candidate_why_line(task=task, volunteer=volunteer) if task is not None else ""
    try:
        services.match_propose(
            request=help_request,
            volunteer=volunteer,
            actor=request.user,
            then_ask_next=form.cleaned_data["then_ask_next"],
            why=why,
        )
    except ActionRefused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(
            request,
            _("Proposed to %(name)s; they have 48 hours to answer.") % {"name": volunteer.user.get_short_name()},
        )
    return redirect("volunteers:matching", reference=reference)


@require_POST
@coordinator_required
def match_cancel(request, reference: str, match_id: int):
    """Cancel a proposal or an accepted match of this request, with a reason (the volunteer is told)."""
    help_request = _request(reference)
    # Only a match of this request: another request's match id under this reference is a 404.
    match = selectors.match_of_request(help_request, match_id)
    if match is None:
        raise Http404
    form = CancelMatchForm(request.POST, match_id=match.pk)
    if form.is_valid():
        was_proposed = match.status == Match.Status.PROPOSED
        try:
            services.match_cancel(match=match, actor=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            add_service_errors(form, error)
        except ActionRefused as refusal:
            messages.error(request, str(refusal))
            return redirect("volunteers:matching", reference=reference)
        else:
            name = match.volunteer.user.get_short_name()
            if was_proposed:
                done = _(
                    "The proposal to %(name)s was withdrawn and they were told. The request is still looking for "
                    "a volunteer: propose someone else, or close it on the request page."
                )
            else:
                done = _(
                    "The match with %(name)s was cancelled and they were told. The support track stays open: "
                    "close it on the request page, or call the help seeker first."
                )
            messages.success(request, done % {"name": name})
            return redirect("volunteers:matching", reference=reference)
    messages.error(request, _("The match was not cancelled: correct the form below."))
    return _matching_page(request, help_request, cancel_form=form, status=400)
