"""/mijn/gegevens/: the citizen's own data — who looked at it, their consents, the download, erasure.

Every read is about the signed-in user's own person only (``Person.user``): never about someone they asked
help for, nor about someone who asked help for them. Anybody else's consent is a 404.
"""

import json
from datetime import timedelta

from django.conf import settings
from django.contrib import messages
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.permissions import login_required
from dataprotection.forms import ErasureRequestForm, ReferralConsentForm
from once.services import submission_claim, submission_done
from people.models import Channel
from people.selectors import person_ids_with_merged
from privacy.export import personal_data_export
from privacy.models import Consent
from privacy.selectors import access_log_of, consents_of, erasure_requests_of, own_consent, own_people
from privacy.services import ConsentRefused, ErasureRefused, consent_give, consent_withdraw, erasure_file

SHOWN_MONTHS = 24


def _one_per_look(rows) -> list[dict]:
    """One line per time someone opened the data: the log has a row per category of data (contact, request…), which
    the person read as the same access listed twice. Rows of one page view (its request id) become one line."""
    looks: dict[tuple, dict] = {}
    for row in rows:
        key = (row.request_id or f"row-{row.pk}", row.actor_id, row.person_id, row.purpose)
        look = looks.get(key)
        if look is None:
            looks[key] = {"entry": row, "categories": [row.get_category_display()]}
        elif row.get_category_display() not in look["categories"]:
            look["categories"].append(row.get_category_display())
    return list(looks.values())


@never_cache
@require_GET
@login_required
def my_access_log(request):
    """/mijn/gegevens/: who looked at my data, when and why — only about the signed-in person themself."""
    since = timezone.now() - timedelta(days=SHOWN_MONTHS * 31)
    # Records merged into theirs keep their access-log rows under the old number (the log is append-only).
    person_ids = person_ids_with_merged([p.pk for p in own_people(request.user)])
    entries = _one_per_look(access_log_of(request.user, person_ids, since=since))
    return render(
        request,
        "privacy/my_access_log.html",
        {
            "entries": entries,
            "months": SHOWN_MONTHS,
            "erasures": erasure_requests_of(request.user),
            "dpo_email": settings.PRIVACY_DPO_EMAIL,
        },
    )


# -- consents ------------------------------------------------------------------------------------


def _consents_page(request, *, form=None, status: int = 200):
    people = own_people(request.user)
    person_ids = [p.pk for p in people]
    return render(
        request,
        "privacy/consents.html",
        {
            "consents": consents_of(person_ids),
            "form": form or ReferralConsentForm(person_ids=person_ids, prefix="give"),
            "has_person": bool(people),
        },
        status=status,
    )


@never_cache
@require_GET
@login_required
def consents(request):
    return _consents_page(request)


@require_POST
@login_required
def consent_give_online(request):
    """The help seeker agrees online to share their question with the organisations they tick."""
    people = own_people(request.user)
    if not people:
        messages.error(request, _("You have not asked us a question yet, so there is nothing to share."))
        return redirect("privacy:consents")
    form = ReferralConsentForm(request.POST, person_ids=[p.pk for p in people], prefix="give")
    if not form.is_valid():
        messages.error(request, _("Your consent was not recorded: correct the form below."))
        return _consents_page(request, form=form, status=400)
    help_request = form.help_request
    person = next(p for p in people if help_request is None or p.pk == help_request.person_id)
    try:
        with transaction.atomic():
            if submission_claim(request=request) is not None:  # sent twice: recorded once
                return redirect("privacy:consents")
            consent_give(
                person=person,
                purpose=Consent.Purpose.REFERRAL,
                channel=Channel.WEB,
                recipients=form.cleaned_data["organizations"],
                help_request=help_request,
            )
            submission_done(request=request, result=reverse("privacy:consents"))
    except ConsentRefused as refusal:
        messages.error(request, str(refusal))
        return _consents_page(request, form=form, status=400)
    messages.success(
        request,
        _("Thank you. We may now share your question with: %(names)s.")
        % {"names": ", ".join(o.name for o in form.cleaned_data["organizations"])},
    )
    return redirect("privacy:consents")


@never_cache
@require_http_methods(["GET", "POST"])
@login_required
def consent_withdraw_online(request, consent_id: int):
    """Withdraw one of my own consents: a confirmation first (a GET page, so a reload shows it again instead of a
    405), then it stops at once."""
    consent = own_consent(request.user, consent_id)
    if consent is None:
        raise Http404("no such consent")
    if request.method == "GET" and not consent.in_force:
        return redirect("privacy:consents")
    if request.method == "GET" or request.POST.get("confirmed") != "1":
        return render(request, "privacy/consent_withdraw_confirm.html", {"consent": consent})
    try:
        consent_withdraw(consent=consent, actor=request.user)
    except ConsentRefused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, _("Your consent was withdrawn. It no longer applies from now on."))
    return redirect("privacy:consents")


# -- my data ----------------------------------------------------------------------------------------


@never_cache
@require_GET
@login_required
def export_json(request):
    """Everything we hold about me, as a JSON download."""
    data = personal_data_export(user=request.user)
    response = HttpResponse(
        json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = 'attachment; filename="leuvenhelpt-mijn-gegevens.json"'
    return response


@never_cache
@require_GET
@login_required
def export_page(request):
    """The same, as a page to read or print."""
    return render(request, "privacy/my_data.html", {"export": personal_data_export(user=request.user, display=True)})


# -- erasure ----------------------------------------------------------------------------------------


@never_cache
@require_http_methods(["GET", "POST"])
@login_required
def erasure_request(request):
    """Ask the data protection officer to erase my data."""
    people = own_people(request.user)
    form = ErasureRequestForm(request.POST or None)
    if request.method == "POST":
        if not people:
            messages.error(request, _("We hold no data about you besides your account."))
            return redirect("privacy:my_access_log")
        if form.is_valid():
            try:
                erasure_file(person=people[0], filed_by=request.user, message=form.cleaned_data["message"])
            except ErasureRefused as refusal:
                messages.error(request, str(refusal))
            else:
                messages.success(
                    request,
                    _("Your request was sent to the data protection officer. You see the decision on this page."),
                )
            return redirect("privacy:my_access_log")
    return render(
        request,
        "privacy/erasure_request.html",
        {"form": form, "has_person": bool(people)},
        status=400 if form.errors else 200,
    )
