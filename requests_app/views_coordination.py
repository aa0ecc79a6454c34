"""/coordinatie/: the coordinators' triage queue, a request's page and the actions on it.

Every action is a POST with a form; a service does the write. When the request's state does not
allow the action, the service raises ``ActionRefused``: its message is shown and nothing changes.
An invalid form shows the request page again with the errors and what was typed.
"""

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.permissions import role_required
from accounts.roles import Role
from messaging.letters import letters_pdf as render_letters
from messaging.selectors import letters_waiting
from messaging.services import letters_mark_posted
from once.services import submission_claim, submission_done
from outbox.selectors import failed_messages, message_to_retry
from outbox.services import message_retry
from people import services as people_services
from people.errors import ActionRefused
from people.models import LikelyDuplicate
from privacy.models import AccessLog
from privacy.selectors import erasure_pending
from privacy.services import access_record
from requests_app import services
from requests_app.forms_public import AskForHelpForm, ReachabilityForm
from requests_app.forms_staff import (
    AttentionForm,
    CloseForm,
    CloseWithoutSupportForm,
    ContactForm,
    MergeForm,
    NoteForm,
    QueueFilterForm,
    ReferForm,
    RouteForm,
)
from requests_app.models import HelpRequest
from requests_app.selectors import (
    QUEUE_PAGE_SIZE,
    attention_queue,
    referral_of_request,
    request_file,
    request_for_coordination,
    request_for_coordinator,
    triage_queue,
    unanswered_follow_ups,
    urgent_waiting,
    waits_too_long,
)
from requests_app.workflow import HANDLED, HELP_REQUEST

coordinator_required = role_required(Role.COORDINATOR)


@require_GET
@coordinator_required
def queue(request):
    form = QueueFilterForm(request.GET or None)
    paginator = Paginator(triage_queue(**form.queue_filters()), QUEUE_PAGE_SIZE)
    page = paginator.get_page(request.GET.get("pagina"))
    today, now = timezone.localdate(), timezone.now()
    for row in page:
        row.overdue = waits_too_long(row, today, now=now)
    query = request.GET.copy()
    query.pop("pagina", None)
    urgent, urgent_count = urgent_waiting()
    return render(
        request,
        "requests_app/coordination/queue.html",
        {
            "form": form,
            "page": page,
            "filtered": any(request.GET.get(name) for name in form.fields if name != "order"),
            "query": query,
            "urgent": urgent,
            "urgent_count": urgent_count,
            "now": now,
            # Back before a coordinator: the help seeker said "no" or "partly"; and questions left unanswered.
            "attention": list(attention_queue()[:QUEUE_PAGE_SIZE]),
            "unanswered": list(unanswered_follow_ups()[:10]),
        },
    )


def _load(reference: str) -> HelpRequest:
    help_request = request_for_coordination(reference).first()
    if help_request is None:
        raise Http404
    return help_request


def _detail(request, help_request: HelpRequest, *, bound: dict | None = None, status: int = 200):
    """The request page; ``bound`` replaces one empty action form by the submitted one (with its errors)."""
    forms = {
        "note_form": NoteForm(prefix="note"),
        "contact_form": ContactForm(prefix="contact"),
        "route_form": RouteForm(prefix="route"),
        "refer_form": ReferForm(prefix="refer", request=help_request),
        "close_without_support_form": CloseWithoutSupportForm(prefix="cws"),
        "close_form": CloseForm(prefix="close"),
        "reach_form": ReachabilityForm(
            prefix="reach",
            initial={
                "notify_channel": help_request.person.notify_channel,
                "phone": help_request.person.phone,
                "language": help_request.person.preferred_language,
                **{name: getattr(help_request.person, name) for name in AskForHelpForm.ADDRESS_FIELDS},
            },
        ),
        "attention_form": AttentionForm(prefix="attention"),
    } | (bound or {})
    access_record(
        request=request,
        person_id=help_request.person_id,
        categories=[AccessLog.Category.CONTACT, AccessLog.Category.REQUEST, AccessLog.Category.NOTES],
        purpose=AccessLog.Purpose.TRIAGE,
        reference=help_request.reference,
    )
    state = help_request.state
    context = {
        "item": help_request,
        # needs, timeline, referrals, the volunteers asked (who, and how it went) and the consents in force
        **request_file(help_request),
        "overdue": waits_too_long(help_request),
        # The person asked to be erased: the DPO can decide only once their requests are closed or withdrawn.
        "erasure": erasure_pending(person_id=help_request.person_id) if help_request.is_open else None,
        # The action flags come from the workflow table (take_up, refer, close, propose_volunteer, …).
        "can": HELP_REQUEST.actions(state)
        | {
            "assign_me": help_request.is_open and help_request.assigned_to_id != request.user.pk,
            "follow_on": state in HANDLED and not help_request.is_anonymised,
        },
        "follow_ups": list(help_request.follow_up_questions.all()),
        "follow_ons": list(help_request.follow_ons.all()),
        "error_form": next(iter(bound.values())) if bound else None,
        **forms,
    }
    return render(request, "requests_app/coordination/request.html", context, status=status)


@require_GET
@coordinator_required
def request_detail(request, reference: str):
    return _detail(request, _load(reference))


def _action(form_class: type | None, key: str, prefix: str) -> Callable:
    """A POST-only coordinator action: validate ``form_class`` (if any), run the view's service call."""

    def decorator(do: Callable) -> Callable:
        @require_POST
        @coordinator_required
        def view(request, reference: str, **kwargs):
            help_request = request_for_coordinator(request.user, reference)
            if help_request is None:
                raise Http404
            form = None
            if form_class is not None:
                extra = {"request": _load(reference)} if form_class is ReferForm else {}
                form = form_class(request.POST, prefix=prefix, **extra)
                if not form.is_valid():
                    messages.error(request, _("The action was not carried out: correct the form below."))
                    return _detail(request, _load(reference), bound={key: form}, status=400)
            try:
                with transaction.atomic():
                    # A form with a one-time token (the note) posted twice: the first post's result.
                    if submission_claim(request=request) is not None:
                        return redirect("coordination:request", reference=reference)
                    message = do(request, help_request, form.cleaned_data if form else {}, **kwargs)
                    submission_done(request=request, result=reverse("coordination:request", args=[reference]))
            except ActionRefused as refusal:
                messages.error(request, str(refusal))
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                messages.success(request, message)
            return redirect("coordination:request", reference=reference)

        view.__name__ = do.__name__
        return view

    return decorator


@_action(None, "", "")
def take_up(request, help_request, data):
    services.request_take_up(request=help_request, actor=request.user)
    return _("You took up the request; it is assigned to you.")


@_action(ReachabilityForm, "reach_form", "reach")
def reachability(request, help_request, data):
    """The help seeker told us (by phone, at the counter) how they want to hear from us, or a new address."""
    people_services.person_update_reachability(
        person=help_request.person,
        notify_channel=data["notify_channel"],
        phone=data["phone"],
        language=data["language"] or None,
        **{name: data[name] for name in AskForHelpForm.ADDRESS_FIELDS},
    )
    return _("Saved: the help seeker hears about the request this way now.")


@_action(None, "", "")
def assign_me(request, help_request, data):
    services.request_assign(request=help_request, coordinator=request.user, actor=request.user)
    return _("The request is assigned to you.")


@_action(NoteForm, "note_form", "note")
def add_note(request, help_request, data):
    services.request_note(request=help_request, actor=request.user, note=data["note"])
    return _("The internal note was added.")


@_action(ContactForm, "contact_form", "contact")
def record_contact(request, help_request, data):
    services.request_record_contact(request=help_request, actor=request.user, note=data["note"])
    return _("The contact with the help seeker was recorded.")


@_action(RouteForm, "route_form", "route")
def route_to_volunteers(request, help_request, data):
    services.request_route_to_volunteers(request=help_request, actor=request.user, note=data["note"])
    return _("The request was sent to volunteer matching.")


@_action(ReferForm, "refer_form", "refer")
def refer(request, help_request, data):
    organizations = list(data["organizations"])
    services.request_refer(
        request=help_request,
        organizations=organizations,
        actor=request.user,
        note=data["note"],
        consent_channel=data["consent_channel"],
    )
    return _("The request was referred to: %(names)s.") % {"names": ", ".join(o.name for o in organizations)}


@_action(None, "", "")
def withdraw_referral(request, help_request, data, referral_id: int):
    referral = referral_of_request(help_request, referral_id)
    if referral is None:
        raise Http404("no such referral")
    services.referral_withdraw(referral=referral, actor=request.user)
    return _("The referral to %(name)s was withdrawn.") % {"name": referral.organization.name}


@_action(CloseWithoutSupportForm, "close_without_support_form", "cws")
def close_without_support(request, help_request, data):
    services.request_close_without_support(request=help_request, actor=request.user, reason=data["reason"])
    return _("The request was closed without support.")


@_action(CloseForm, "close_form", "close")
def close(request, help_request, data):
    services.request_close(
        request=help_request, actor=request.user, outcome=data["outcome"], outcome_kind=data["outcome_kind"]
    )
    return _("The support track was closed.")


@_action(AttentionForm, "attention_form", "attention")
def attention_clear(request, help_request, data):
    services.request_attention_clear(request=help_request, actor=request.user, note=data["note"])
    return _("Noted: the request no longer needs your attention.")


@_action(None, "", "")
def follow_on(request, help_request, data):
    new = services.request_follow_on(request=help_request, actor=request.user)
    return _("A new request %(reference)s continues this one; it is in triage and assigned to you.") % {
        "reference": new.reference
    }


# -- messages that could not be delivered -------------------------------------------------------


@require_GET
@coordinator_required
def undelivered(request):
    """ "Berichten die niet konden worden bezorgd": what the outbox gave up on after every attempt."""
    paginator = Paginator(failed_messages(), QUEUE_PAGE_SIZE)
    page = paginator.get_page(request.GET.get("pagina"))
    return render(request, "requests_app/coordination/undelivered.html", {"page": page, "query": {}})


@require_POST
@coordinator_required
def undelivered_retry(request, pk: int):
    message = message_to_retry(pk)
    if message is None:
        raise Http404
    if message_retry(message=message):
        messages.success(request, _("The message is being sent again."))
    else:
        messages.info(request, _("This message is no longer waiting for a new attempt."))
    return redirect("coordination:undelivered")


# -- the print queue (letters to people without e-mail) -------------------------------------------
@require_GET
@coordinator_required
def letters(request):
    """The letters ready to print: download them as one PDF, print, post, and mark them posted."""
    waiting = list(letters_waiting())
    return render(request, "requests_app/coordination/letters.html", {"letters": waiting})


@require_GET
@coordinator_required
def letters_pdf(request):
    """The waiting letters as one PDF (or only those asked for with ``?brief=<id>``), one page each."""
    chosen = [int(value) for value in request.GET.getlist("brief") if value.isdigit()]
    waiting = list(letters_waiting(chosen))
    if not waiting:
        raise Http404("no letters waiting")
    for letter in waiting:
        if letter.message.person_id:
            access_record(
                request=request,
                person_id=letter.message.person_id,
                categories=[AccessLog.Category.CONTACT],
                purpose=AccessLog.Purpose.TRIAGE,
                reference=letter.message.context.get("reference", ""),
            )
    response = HttpResponse(render_letters(letter.message for letter in waiting), content_type="application/pdf")
    day = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="leuvenhelpt-brieven-{day}.pdf"'
    return response


@require_POST
@coordinator_required
def letters_posted(request):
    ids = [int(value) for value in request.POST.getlist("brief") if value.isdigit()]
    if not ids:
        messages.error(request, _("Tick the letters you posted."))
        return redirect("coordination:letters")
    count = letters_mark_posted(letter_ids=ids, actor=request.user)
    messages.success(request, _("%(count)s letter(s) marked as posted.") % {"count": count})
    return redirect("coordination:letters")


# -- one person, one record ---------------------------------------------------------------------------------
merge_allowed = role_required(Role.COORDINATOR, Role.KCC_AGENT)


LIKELY_SHOWN = 50


@require_http_methods(["GET", "POST"])
@merge_allowed
def person_merge(request):
    """Merge two records of one person: first a preview of what moves, then the merge (POST with ``confirm``).
    Both people's cards are read (access log); a refusal says why, and nothing changes."""
    form = MergeForm(request.POST or request.GET or None)
    # The pairs the data migration listed, by record number only (opening one reads the cards, access-logged).
    pending = LikelyDuplicate.objects.order_by("first_id", "second_id")
    context = {"form": form, "likely": list(pending[:LIKELY_SHOWN]), "likely_total": pending.count()}
    status = 200
    if form.is_bound and form.is_valid():
        keep, merge = form.cleaned_data["keep_person"], form.cleaned_data["merge_person"]
        for person in (keep, merge):
            access_record(
                request=request,
                person_id=person.pk,
                categories=[AccessLog.Category.CONTACT],
                purpose=AccessLog.Purpose.MERGE,
            )
        problem = services.person_merge_problem(keep=keep, merge=merge)
        if request.method == "POST" and request.POST.get("confirm") and not problem:
            services.person_merge(keep=keep, merge=merge, actor=request.user)
            messages.success(
                request, _("The records were merged: everything is now with record %(number)s.") % {"number": keep.pk}
            )
            return redirect(reverse("coordination:person_merge"))
        context |= {
            "keep": keep,
            "merge": merge,
            "moves": services.person_merge_preview(keep=keep, merge=merge),
            "problem": problem,
            "requests": {
                person.pk: list(person.requests.order_by("-created_at").values_list("reference", "state")[:10])
                for person in (keep, merge)
            },
        }
        status = 400 if problem else 200
    elif form.is_bound:
        status = 400
    return render(request, "requests_app/coordination/person_merge.html", context, status=status)
