"""/partners/: caseworkers answer the referrals to their own organisation.

The list is filtered by membership (``referrals_for_caseworker``); a referral page and its actions
also require the object permission granted when the referral was made (``can_handle_referral``).
Anything else is a 404, so a caseworker does not learn that another partner's referral exists.
"""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts.permissions import role_required
from accounts.roles import Role
from privacy.models import AccessLog
from privacy.services import access_record
from requests_app import services
from requests_app.forms_staff import AcceptForm, DeclineForm
from requests_app.models import Referral
from requests_app.permissions import can_handle_referral, referrals_for_caseworker
from requests_app.queues import QUEUE_PAGE_SIZE, partner_queue, referral_for_partner
from requests_app.services import ActionRefused

caseworker_required = role_required(Role.CASEWORKER)


class NoLongerShared(Exception):
    """The referral is to the caseworker's organisation, but the request is no longer shared with it."""

    def __init__(self, referral: Referral):
        self.referral = referral


def _load(user, referral_id: int) -> Referral:
    """The referral when the caseworker may open it; ``NoLongerShared`` when it was to their organisation but
    the help seeker's consent no longer allows it (its object permission went); 404 for anything else."""
    referral = referral_for_partner(referral_id).first()
    if referral is None or not referrals_for_caseworker(user).filter(pk=referral.pk).exists():
        raise Http404
    if not can_handle_referral(user, referral):
        raise NoLongerShared(referral)
    return referral


def _no_longer_shared(request, referral: Referral):
    """Says why a referral of their own organisation cannot be opened, and shows nothing of the help seeker."""
    return render(request, "requests_app/partners/not_shared.html", {"referral": referral}, status=403)


@require_GET
@caseworker_required
def referral_list(request):
    paginator = Paginator(partner_queue(request.user), QUEUE_PAGE_SIZE)
    page = paginator.get_page(request.GET.get("pagina"))
    return render(request, "requests_app/partners/list.html", {"page": page})


def _detail(request, referral: Referral, *, accept_form=None, decline_form=None, status: int = 200):
    help_request = referral.request
    access_record(
        request=request,
        person_id=help_request.person_id,
        categories=[AccessLog.Category.CONTACT, AccessLog.Category.REQUEST],
        purpose=AccessLog.Purpose.REFERRAL,
        reference=help_request.reference,
        organisation=referral.organization.name,
    )
    track = getattr(help_request, "support_track", None)
    context = {
        "referral": referral,
        "item": help_request,
        "person": help_request.person,
        "needs": list(help_request.needs.all()),
        # Only the support track this partner started; never what another partner does.
        "track": track if track is not None and track.referral_id == referral.pk else None,
        "accept_form": accept_form or AcceptForm(prefix="accept", user=request.user),
        "decline_form": decline_form or DeclineForm(prefix="decline"),
        "error_form": accept_form or decline_form,
    }
    return render(request, "requests_app/partners/referral.html", context, status=status)


@require_GET
@caseworker_required
def referral_detail(request, referral_id: int):
    try:
        referral = _load(request.user, referral_id)
    except NoLongerShared as gone:
        return _no_longer_shared(request, gone.referral)
    return _detail(request, referral)


@require_POST
@caseworker_required
def referral_accept(request, referral_id: int):
    try:
        referral = _load(request.user, referral_id)
    except NoLongerShared as gone:
        return _no_longer_shared(request, gone.referral)
    form = AcceptForm(request.POST, prefix="accept", user=request.user)
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
        referral = _load(request.user, referral_id)
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
