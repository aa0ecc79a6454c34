"""/kcc/: the call centre's console. One screen per contact, keyboard-first, HTMX partial updates.

Every page works without JavaScript: a form posts, the service writes, the contact page comes back.
With HTMX the same page is rendered and only the section that changed is swapped in (``hx-select``).
Only kcc agents enter; a contact of another agent is a 404. Opening a person's card (on the contact
or on its own page) writes the access log; the search results list does not (see docs/kcc.md).
"""

from django.conf import settings
from django.contrib import messages
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.permissions import role_required
from accounts.roles import Role
from assistant.engine import AnswerError
from assistant.forms import MailResultsForm
from helpdesk import selectors, services
from helpdesk.forms import (
    AgentAnswerForm,
    CallbackForm,
    CloseForm,
    QuestionForm,
    ReferForm,
    RegisterForm,
    ScreeningForm,
    SearchForm,
    StartForm,
    StatusForm,
)
from helpdesk.models import ContactMoment, Route, StatusCheck
from helpdesk.reference_data import reference_data
from leuvenhelpt.languages import message_language
from once.services import submission_claim, submission_done
from people.errors import ActionRefused
from people.models import Person
from privacy.models import AccessLog
from privacy.services import access_record
from requests_app.models import Urgency
from requests_app.selectors import plain_timeline, urgent_waiting
from requests_app.status import plain_status

agent_required = role_required(Role.KCC_AGENT)
INVALID = 400


# -- the console's start page -------------------------------------------------------------------
@require_GET
@agent_required
def console(request):
    return _console(request, StartForm())


def _console(request, form, status=200):
    return render(
        request,
        "helpdesk/console.html",
        {
            "form": form,
            "open_contacts": selectors.open_contacts(request.user),
            "callbacks": selectors.callbacks_due(request.user),
            **dict(zip(("urgent", "urgent_count"), urgent_waiting(), strict=True)),
            "now": timezone.now(),
        },
        status=status,
    )


@require_POST
@agent_required
def contact_start(request):
    form = StartForm(request.POST)
    if not form.is_valid():
        return _console(request, form, status=INVALID)
    with transaction.atomic():
        earlier = submission_claim(request=request)
        if earlier is not None:  # a double click: the contact the first click started
            return redirect(earlier.result)
        contact = services.contact_start(agent=request.user, channel=form.cleaned_data["channel"])
        url = reverse("helpdesk:contact", kwargs={"pk": contact.pk})
        submission_done(request=request, result=url, object_id=contact.pk)
    return redirect(url)


# -- one screen per contact ---------------------------------------------------------------------
def _contact(request, pk: int) -> ContactMoment:
    contact = selectors.contact_of_agent(request.user, pk)
    if contact is None:
        raise Http404
    return contact


def _person(request, person_id: int) -> Person:
    person = selectors.person_for_agent(request.user, person_id)
    if person is None:
        raise Http404
    return person


def _record_card(request, person: Person) -> None:
    access_record(
        request=request,
        person_id=person.pk,
        categories=[AccessLog.Category.CONTACT, AccessLog.Category.REQUEST],
        purpose=AccessLog.Purpose.CONTACT_MOMENT,
    )


def _intake_context(contact: ContactMoment, form: AgentAnswerForm | None = None) -> dict:
    guide = services.intake_guide(contact)
    if guide is None:
        return {"intake": None}
    key = guide.evaluation.next_question
    question = guide.catalogue.question(key) if key else None
    if question is not None and form is None:
        form = AgentAnswerForm(question=question, prefix="intake")
    return {
        "intake": guide,
        "intake_question": question,
        "intake_form": form,
        "intake_answers": guide.answered_questions(),
        "intake_result": guide.results(),
    }


SECTIONS = ("caller", "questions", "intake", "screening", "referral", "close")


def _page(
    request,
    contact: ContactMoment,
    *,
    bound: dict | None = None,
    status: int = 200,
    extra=None,
    sections: tuple[str, ...] = SECTIONS,
):
    """The contact screen; ``bound`` replaces one empty form by the submitted one (with its errors).

    An HTMX request gets only ``sections`` (the ones its action changed), so it reads and renders
    only what it shows; without HTMX the whole screen comes back."""
    bound = dict(bound or {})
    if not request.htmx:
        sections = SECTIONS
    context = {"contact": contact, "outcomes": ContactMoment.Outcome, "sections": sections}
    reference = reference_data()
    questions = selectors.contact_questions(contact) if {"questions", "referral"} & set(sections) else []
    if {"screening", "referral"} & set(sections):
        signals = reference.signals_of(selectors.ticked_signal_ids(contact))
        suggested = services.routes_suggested(signals)
        context.update(ticked={signal.pk for signal in signals}, suggested=suggested)
    if "caller" in sections:
        context.update(search_form=SearchForm(), register_form=RegisterForm(prefix="register"))
        if contact.person is not None:
            _record_card(request, contact.person)
            context["history"] = selectors.person_history(contact.person, limit=15)
    if "questions" in sections:
        context.update(question_form=QuestionForm(prefix="question", reference=reference), questions=questions)
    if "intake" in sections:
        email = contact.person.email if contact.person else ""
        mail_language = message_language(contact.person.preferred_language if contact.person else None)
        context.update(
            mail_form=MailResultsForm(prefix="mail", initial={"email": email}),
            mail_language=format_html(
                '<span lang="{}" dir="auto">{}</span>', mail_language, settings.LANGUAGE_NAMES[mail_language]
            ),
            **_intake_context(contact, bound.pop("intake_form", None)),
        )
    if "screening" in sections:
        context["domains"] = reference.domains
    if "referral" in sections and contact.is_open and contact.person_id and not contact.help_request_id:
        context["refer_form"] = ReferForm(
            prefix="refer", initial=selectors.referral_prefill(questions, signals, suggested), reference=reference
        )
    if "close" in sections:
        context["close_form"] = CloseForm(
            prefix="close", initial={"outcome": _suggested_outcome(contact)}, reference=reference
        )
    context.update(bound)
    context.update(extra or {})
    # The caller says it is a crisis (the urgency chosen, or the request made): the emergency numbers at the top.
    posted = bound.get("refer_form")
    context["urgent"] = (
        (posted is not None and posted.data.get("refer-urgency") == str(Urgency.CRISIS))
        or (contact.help_request_id is not None and contact.help_request.is_urgent)
        or bool((context.get("intake_result") or {}).get("crisis"))
    )
    context["crisis_value"] = int(Urgency.CRISIS)
    template = "helpdesk/contact.html" if sections == SECTIONS else "helpdesk/_sections.html"
    return render(request, template, context, status=status)


def _suggested_outcome(contact: ContactMoment) -> str:
    if contact.route_id is None:
        return ""
    if contact.route.kind == Route.Kind.LEUVEN_HELPT:
        return ContactMoment.Outcome.REFERRED_LEUVEN_HELPT
    return ContactMoment.Outcome.REFERRED_GBO_OCMW


def _back(contact: ContactMoment, section: str):
    return redirect(f"{reverse('helpdesk:contact', kwargs={'pk': contact.pk})}#{section}")


@require_GET
@agent_required
def contact(request, pk: int):
    return _page(request, _contact(request, pk))


@require_http_methods(["GET", "POST"])
@agent_required
def search(request):
    """The people found for what the agent typed (a partial for HTMX, else a page).

    What was typed (a name, a phone number, a date of birth) is sent in the body of a POST, never in the
    URL, so it lands in no access log or proxy log; a GET shows the empty search (and ignores a query
    string)."""
    data = request.POST if request.method == "POST" else None
    form = SearchForm(data)
    people, refused = [], ""
    contact = None
    contact_id = (data or request.GET).get("contact", "")
    if contact_id:
        contact = _contact(request, contact_id) if contact_id.isdigit() else None
        if contact is None:
            raise Http404
    if form.is_valid():
        try:
            people = selectors.people_search(form.cleaned_data["q"])
        except selectors.QueryTooShort:
            refused = _("Type at least three characters: a shorter search finds too many people.")
    template = "helpdesk/_search_results.html" if request.htmx else "helpdesk/search.html"
    return render(
        request,
        template,
        {"form": form, "people": people, "refused": refused, "contact": contact, "searched": form.is_bound},
    )


@require_POST
@agent_required
@transaction.atomic  # the caller, and the read of their card in the access log, in one commit
def caller_set(request, pk: int, person_id: int):
    contact = _contact(request, pk)
    person = _person(request, person_id)
    try:
        contact = services.contact_set_person(contact=contact, person=person)
    except ActionRefused as refusal:
        messages.error(request, str(refusal))
    if request.htmx:  # the caller's card, the questions (focus there next) and the referral form
        return _page(request, contact, sections=("questions", "caller", "referral"))
    return _back(contact, "questions")


@require_POST
@agent_required
def caller_register(request, pk: int):
    contact = _contact(request, pk)
    form = RegisterForm(request.POST, prefix="register")
    if not form.is_valid():
        return _page(request, contact, bound={"register_form": form}, status=INVALID)
    data = form.cleaned_data
    if not data["confirm"]:
        similar = selectors.similar_people(
            full_name=data["full_name"], phone=data["phone"], email=data["email"], date_of_birth=data["date_of_birth"]
        )
        if similar:
            form = RegisterForm(data={**request.POST.dict(), "register-confirm": "True"}, prefix="register")
            form.is_valid()
            return _page(request, contact, bound={"register_form": form, "similar": similar})
    try:
        services.contact_register_person(
            contact=contact,
            full_name=data["full_name"],
            phone=data["phone"],
            email=data["email"],
            date_of_birth=data["date_of_birth"],
            postcode=data["postcode"],
            street=data["street"],
            house_number=data["house_number"],
            box=data["box"],
            municipality=data["municipality"],
            language=data["language"] or "nl",
            notify_channel=data["notify_channel"],
        )
    except ActionRefused as refusal:
        messages.error(request, str(refusal))
    return _back(contact, "questions")


@require_POST
@agent_required
def question_add(request, pk: int):
    contact = _contact(request, pk)
    form = QuestionForm(request.POST, prefix="question")
    if not form.is_valid():
        return _page(request, contact, bound={"question_form": form}, status=INVALID, sections=("questions",))
    try:
        with transaction.atomic():
            if submission_claim(request=request) is None:  # else: posted twice, the question is there
                services.contact_add_question(
                    contact=contact, text=form.cleaned_data["text"], domain=form.cleaned_data["domain"]
                )
                submission_done(request=request, result=reverse("helpdesk:contact", kwargs={"pk": contact.pk}))
    except ActionRefused as refusal:
        messages.error(request, str(refusal))
    if request.htmx:
        return _page(request, contact, sections=("questions", "referral"))
    return _back(contact, "questions")


@require_POST
@agent_required
def intake_answer(request, pk: int):
    contact = _contact(request, pk)
    guide = services.intake_guide(contact)
    key = request.POST.get("key", "")
    try:
        question = guide.catalogue.question(key) if guide else None
    except KeyError:
        question = None
    if question is None:
        raise Http404("no such question")
    form = AgentAnswerForm(request.POST, question=question, prefix="intake")
    if not form.is_valid():
        return _page(request, contact, bound={"intake_form": form}, status=INVALID, sections=("intake",))
    try:
        services.contact_intake_answer(contact=contact, key=key, value=form.cleaned_data["answer"])
    except AnswerError:
        form.add_error("answer", _("This answer is not possible here. Please choose again."))
        return _page(request, contact, bound={"intake_form": form}, status=INVALID, sections=("intake",))
    except ActionRefused as refusal:
        messages.error(request, str(refusal))
    contact.refresh_from_db(fields=["intake"])
    if request.htmx:
        return _page(request, contact, sections=("intake",))
    return _back(contact, "intake")


@require_POST
@agent_required
def intake_restart(request, pk: int):
    contact = _contact(request, pk)
    try:
        services.contact_intake_restart(contact=contact)
    except ActionRefused as refusal:
        messages.error(request, str(refusal))
    return _back(contact, "intake")


@require_POST
@agent_required
def intake_mail(request, pk: int):
    """The assistant's result sent to the caller, in their language; the address is not stored."""
    contact = _contact(request, pk)
    form = MailResultsForm(request.POST, prefix="mail")
    guide = services.intake_guide(contact)
    if guide is None:
        raise Http404("no published catalogue")
    if not form.is_valid():
        return _page(request, contact, bound={"mail_form": form}, status=INVALID)
    services.contact_intake_mail(contact=contact, guide=guide, to=form.cleaned_data["email"])
    messages.success(request, _("The result was sent to %(email)s.") % {"email": form.cleaned_data["email"]})
    return _back(contact, "intake")


@require_POST
@agent_required
def screening(request, pk: int):
    contact = _contact(request, pk)
    form = ScreeningForm(request.POST)
    if not form.is_valid():
        return _page(request, contact, status=INVALID)
    try:
        services.contact_screening_set(contact=contact, signals=list(form.cleaned_data["signals"]))
    except ActionRefused as refusal:
        messages.error(request, str(refusal))
    if request.htmx:
        return _page(request, contact, sections=("screening", "referral"))
    return _back(contact, "screening")


@require_POST
@agent_required
def refer(request, pk: int):
    contact = _contact(request, pk)
    form = ReferForm(request.POST, prefix="refer")
    if not form.is_valid():
        return _page(request, contact, bound={"refer_form": form}, status=INVALID)
    data = form.cleaned_data
    try:
        help_request = services.contact_refer(
            contact=contact,
            agent=request.user,
            route=data["route"],
            description=data["description"],
            needs=data["needs"],
            urgency=data["urgency"],
            contact_way=data["contact_way"],
            contact_time=data["contact_time"],
            share_with=list(data["share_with"]),
        )
    except ActionRefused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(
            request,
            _("Help request %(reference)s was made. Read the reference code out to the caller.")
            % {"reference": help_request.reference},
        )
    return _back(contact, "referral")


@require_POST
@agent_required
def close(request, pk: int):
    contact = _contact(request, pk)
    form = CloseForm(request.POST, prefix="close")
    if not form.is_valid():
        return _page(request, contact, bound={"close_form": form}, status=INVALID)
    data = form.cleaned_data
    try:
        contact = services.contact_close(
            contact=contact,
            outcome=data["outcome"],
            summary=data["summary"],
            transfer_to=data["transfer_to"],
            transfer_succeeded=data["transfer_succeeded"],
            callback_organization=data["callback_organization"],
            callback_assignee=data["callback_assignee"] or request.user,
            callback_due_at=data["callback_due_at"],
            callback_note=data["callback_note"],
        )
    except ActionRefused as refusal:
        messages.error(request, str(refusal))
        return _back(contact, "close")
    messages.success(request, _("The contact was closed: %(outcome)s.") % {"outcome": contact.get_outcome_display()})
    return redirect("helpdesk:console")


# -- a person's card and history ----------------------------------------------------------------
@require_GET
@agent_required
def person(request, person_id: int):
    found = _person(request, person_id)
    _record_card(request, found)
    return render(
        request,
        "helpdesk/person.html",
        {
            "person": found,
            "history": selectors.person_history(found),
            "open_contacts": selectors.open_contacts(request.user),
        },
    )


# -- callbacks ----------------------------------------------------------------------------------
@require_http_methods(["GET", "POST"])
@agent_required
def callback(request, pk: int):
    """One callback of the agent or their team: who to call, why, and what came of it."""
    item = selectors.callback_of_agent(request.user, pk)
    if item is None:
        raise Http404("no such callback")
    person = item.contact.person
    form = CallbackForm(request.POST or None, prefix="callback")
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                item = services.callback_attempt(
                    callback=item,
                    agent=request.user,
                    reached=data["outcome"] == CallbackForm.REACHED,
                    retry_at=data["retry_at"] if data["outcome"] == CallbackForm.RETRY else None,
                    note=data["note"],
                )
            except ActionRefused as refusal:
                form.add_error(None, str(refusal))
            else:
                if item.done_at is None:
                    text = _("Not reached. The callback is back in the queue for %(due)s.") % {
                        "due": formats.date_format(timezone.localtime(item.due_at), "j F, H:i")
                    }
                else:
                    text = _("The callback is done: %(result)s.") % {"result": item.get_result_display()}
                messages.success(request, text)
                return redirect("helpdesk:console")
        status = INVALID
    if person is not None:
        _record_card(request, person)
        selectors.attach_summary([person])
    return render(
        request,
        "helpdesk/callback.html",
        {"callback": item, "person": person, "questions": list(item.contact.questions.all()), "form": form},
        status=status,
    )


# -- status on the phone ------------------------------------------------------------------------
@require_http_methods(["GET", "POST"])
@agent_required
def status(request):
    form = StatusForm(request.POST or None)
    context = {"form": form}
    code = 200
    if request.method == "POST":
        if not form.is_valid():
            code = INVALID
        else:
            data = form.cleaned_data
            result, help_request = services.status_check(
                agent=request.user,
                reference=data["reference"],
                date_of_birth=data["date_of_birth"],
                postcode=data["postcode"],
                phone=data["phone"],
            )
            context["result"] = result
            if result == StatusCheck.Result.PASSED:
                access_record(
                    request=request,
                    person_id=help_request.person_id,
                    categories=[AccessLog.Category.REQUEST],
                    purpose=AccessLog.Purpose.STATUS_LOOKUP,
                    reference=help_request.reference,
                )
                context.update(item=help_request, plain=plain_status(help_request), events=plain_timeline(help_request))
            else:
                code = 429 if result == StatusCheck.Result.LOCKED else 200
    return render(request, "helpdesk/status.html", context, status=code)
