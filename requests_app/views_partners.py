"""/partners/: caseworkers answer the referrals to their own organisation.

The list is filtered by membership (``referrals_for_caseworker``); a referral page and its actions
also require the object permission granted when the referral was made (``can_handle_referral``).
Anything else is a 404, so a caseworker does not learn that another partner's referral exists.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from accounts.permissions import role_required
from accounts.roles import Role
from people.errors import ActionRefused
from privacy.models import AccessLog
from privacy.services import access_record
from requests_app import services
from requests_app.forms_staff import AcceptForm, DeclineForm, EndForm, FirstMeetingForm, ProgressForm
from requests_app.models import Referral
from requests_app.selectors import (
    QUEUE_PAGE_SIZE,
    NoLongerShared,
    partner_queue,
    partner_referral,
    progress_notes,
)

caseworker_required = role_required(Role.CASEWORKER)


def _no_longer_shared(request, referral: Referral):
    """Says why a referral of their own organisation cannot be opened, and shows nothing of the help seeker."""
    return render(request, "requests_app/partners/not_shared.html", {"referral": referral}, status=403)


@require_GET
@caseworker_required
def referral_list(request):
    paginator = Paginator(partner_queue(request.user), QUEUE_PAGE_SIZE)
    page = paginator.get_page(request.GET.get("pagina"))
    return render(request, "requests_app/partners/list.html", {"page": page})


def _add_service_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


def _detail(request, referral: Referral, *, status: int = 200, **bound):
    help_request = referral.request
    access_record(
        request=request,
        person_id=help_request.person_id,
        categories=[AccessLog.Category.CONTACT, AccessLog.Category.REQUEST],
        purpose=AccessLog.Purpose.REFERRAL,
        reference=help_request.reference,
        organization=referral.organization.name,
    )
    track = getattr(help_request, "support_track", None)
    # Only the support track this partner started; never what another partner does.
    track = track if track is not None and track.referral_id == referral.pk else None
    forms = {
        "accept_form": AcceptForm(prefix="accept", user=request.user, referral=referral),
        "decline_form": DeclineForm(prefix="decline"),
        "meeting_form": FirstMeetingForm(prefix="meeting"),
        "progress_form": ProgressForm(prefix="progress"),
        "end_form": EndForm(prefix="end", organization=referral.organization),
    } | bound
    earlier = help_request.follows_up
    context = {
        "referral": referral,
        "item": help_request,
        "person": help_request.person,
        "needs": list(help_request.needs.all()),
        "track": track,
        # The progress notes of this track (internal; this organisation and the coordinators read them).
        "progress": progress_notes(help_request) if track else [],
        # Referred on from an earlier request: its support travels with it, so nobody asks the story again.
        "earlier": earlier,
        "earlier_track": getattr(earlier, "support_track", None) if earlier else None,
        "error_form": next(iter(bound.values())) if bound else None,
        **forms,
    }
    return render(request, "requests_app/partners/referral.html", context, status=status)


@require_GET
@caseworker_required
def referral_detail(request, referral_id: int):
    try:
        referral = partner_referral(request.user, referral_id)
    except NoLongerShared as gone:
        return _no_longer_shared(request, gone.referral)
    return _detail(request, referral)


@require_POST
@caseworker_required
def referral_accept(request, referral_id: int):
    try:
        referral = partner_referral(request.user, referral_id)
    except NoLongerShared as gone:
        return _no_longer_shared(request, gone.referral)
    form = AcceptForm(request.POST, prefix="accept", user=request.user, referral=referral)
    if not form.is_valid():
        messages.error(request, _("The referral was not accepted: correct the form below."))
        return _detail(request, referral, accept_form=form, status=400)
    try:
        services.referral_accept(
            referral=referral,
            actor=request.user,
            contact_person=form.cleaned_data["contact_person"],
            started_on=form.cleaned_data["started_on"],
        )
    except ActionRefused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, _("You accepted the referral: the support track has started."))
    return redirect("partners:referral", referral_id=referral.pk)


@require_POST
@caseworker_required
def referral_decline(request, referral_id: int):
    try:
        referral = partner_referral(request.user, referral_id)
    except NoLongerShared as gone:
        return _no_longer_shared(request, gone.referral)
    form = DeclineForm(request.POST, prefix="decline")
    if not form.is_valid():
        messages.error(request, _("The referral was not declined: correct the form below."))
        return _detail(request, referral, decline_form=form, status=400)
    try:
        services.referral_decline(
            referral=referral, actor=request.user, reason=form.cleaned_data["reason"], note=form.cleaned_data["note"]
        )
    except ActionRefused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, _("You declined the referral. Leuven Helpt's coordinators look for other help."))
    return redirect("partners:referral", referral_id=referral.pk)


def _track_action(form_class, key: str, prefix: str, do, success):
    """A POST on this partner's support track: the form, then the service; errors keep what was typed."""

    @require_POST
    @caseworker_required
    def view(request, referral_id: int):
        try:
            referral = partner_referral(request.user, referral_id)
        except NoLongerShared as gone:
            return _no_longer_shared(request, gone.referral)
        track = getattr(referral, "support_track", None)
        if track is None:
            raise Http404
        kwargs = {"organization": referral.organization} if form_class is EndForm else {}
        form = form_class(request.POST, prefix=prefix, **kwargs)
        if form.is_valid():
            try:
                do(track=track, actor=request.user, **form.cleaned_data)
            except ValidationError as error:
                _add_service_errors(form, error)
            except ActionRefused as refusal:
                form.add_error(None, str(refusal))
            else:
                messages.success(request, str(success))
                return redirect("partners:referral", referral_id=referral.pk)
        messages.error(request, _("That did not work: correct the form below."))
        return _detail(request, referral, status=400, **{key: form})

    view.__name__ = do.__name__
    return view


def _end(*, track, actor, outcome_kind, note, ended_on, referred_to, consent_channel):
    return services.support_end(
        track=track,
        actor=actor,
        outcome_kind=outcome_kind,
        note=note,
        ended_on=ended_on,
        referred_to=referred_to,
        consent_channel=consent_channel,
    )


track_first_meeting = _track_action(
    FirstMeetingForm,
    "meeting_form",
    "meeting",
    services.support_first_meeting,
    gettext_lazy("The first meeting is recorded: the support is under way."),
)
track_progress = _track_action(
    ProgressForm, "progress_form", "progress", services.support_progress_note, gettext_lazy("Your note was saved.")
)
track_end = _track_action(
    EndForm,
    "end_form",
    "end",
    _end,
    gettext_lazy("The support has ended. Leuven Helpt will ask the help seeker how it went."),
)
