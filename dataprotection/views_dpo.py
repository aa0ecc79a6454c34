"""/privacy/: the data protection officer's area — erasure requests and their decisions, the retention periods.

The DPO sees a person's data only to decide on a request about it; opening one writes the access log
(purpose: inquiry). Every decision is the erasure request's own record (who, when, what, why).
"""

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.permissions import role_required
from accounts.roles import Role
from dataprotection.forms import ErasureDecisionForm, ErasureOnBehalfForm
from dataprotection.services import erasure_decide
from privacy.models import AccessLog, ErasureRequest
from privacy.selectors import erasure_for_dpo, erasure_requests_for_dpo
from privacy.services import ErasureRefused, access_record, erasure_file
from requests_app.workflow import OPEN

dpo_required = role_required(Role.DPO)
PAGE_SIZE = 25


@never_cache
@require_GET
@dpo_required
def index(request):
    """Erasure requests, the waiting ones first; no personal data in the list beyond the status."""
    page = Paginator(erasure_requests_for_dpo(), PAGE_SIZE).get_page(request.GET.get("pagina"))
    return render(request, "privacy/dpo/index.html", {"page": page, "retention": settings.PRIVACY_RETENTION_DAYS})


@never_cache
@require_http_methods(["GET", "POST"])
@dpo_required
def erasure_new(request):
    """File an erasure request for someone who asked by phone, letter or at the counter."""
    form = ErasureOnBehalfForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        person = form.cleaned_data["reference"].person
        try:
            erasure = erasure_file(person=person, filed_by=request.user, message=form.cleaned_data["message"])
        except ErasureRefused as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(request, _("The erasure request was filed. Decide on it below."))
            return redirect("dpo:erasure", erasure_id=erasure.pk)
    return render(request, "privacy/dpo/erasure_new.html", {"form": form}, status=400 if form.errors else 200)


def _load(erasure_id: int) -> ErasureRequest:
    erasure = erasure_for_dpo(erasure_id)
    if erasure is None:
        raise Http404
    return erasure


def _detail(request, erasure: ErasureRequest, *, form=None, status: int = 200):
    person = erasure.person
    access_record(
        request=request,
        person_id=person.pk,
        categories=[AccessLog.Category.CONTACT, AccessLog.Category.REQUEST],
        purpose=AccessLog.Purpose.INQUIRY,
    )
    requests = list(
        person.requests.select_related("assigned_to")
        .order_by("-created_at")
        .only("reference", "state", "created_at", "closed_at", "assigned_to__full_name", "assigned_to__email")
    )
    return render(
        request,
        "privacy/dpo/erasure.html",
        {
            "erasure": erasure,
            "person": person,
            "requests": requests,
            "open_requests": [r for r in requests if r.state in OPEN],
            "form": form or ErasureDecisionForm(),
            "error_form": form,
        },
        status=status,
    )


@never_cache
@require_GET
@dpo_required
def erasure_detail(request, erasure_id: int):
    return _detail(request, _load(erasure_id))


@require_POST
@dpo_required
def erasure_decide_view(request, erasure_id: int):
    erasure = _load(erasure_id)
    form = ErasureDecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Nothing was decided: correct the form below."))
        return _detail(request, erasure, form=form, status=400)
    try:
        erasure_decide(
            erasure=erasure,
            actor=request.user,
            decision=form.cleaned_data["decision"],
            reason=form.cleaned_data["reason"],
        )
    except ErasureRefused as refusal:
        messages.error(request, str(refusal))
        return _detail(request, erasure, form=form, status=400)
    messages.success(request, _("The decision was recorded."))
    return redirect("dpo:erasure", erasure_id=erasure.pk)
