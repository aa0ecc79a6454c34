"""The citizen guide at /assistent/: one question per page, answers kept in the visitor's browser only
(``assistant.guide.answers_cookie``).

Works without JavaScript; HTMX (hx-boost in the template) only swaps the main content.
"""

from functools import lru_cache
from urllib.parse import urlencode

from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import get_urlconf, reverse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts import ratelimits
from accounts.roles import Role
from assistant import services, tasks
from assistant.engine import AnswerError
from assistant.forms import AnswerForm, MailResultsForm
from assistant.guide import ANSWERS_COOKIE, PREVIEW_KEY, Guide, answers_cookie, forget_answers, keep_answers
from assistant.models import UsageCount
from assistant.selectors import catalogue_for, edition_ref, published_edition, published_version
from leuvenhelpt.pagecache import anonymous_reader, kept_page, public_page
from once.services import submission_claim, submission_done

Event = UsageCount.Event
# The question page is kept in memory only for its own query strings (a made-up one would fill the cache).
_KEPT_QUERIES = frozenset({"", "wijzig=1"})


def _edition(request):
    """The published edition, or the draft a catalogue editor is previewing."""
    preview_id = request.session.get(PREVIEW_KEY)
    if preview_id and request.user.is_authenticated and request.user.has_role(Role.CATALOGUE_EDITOR):
        ref = edition_ref(preview_id)
        if ref is not None:
            return ref, True
    ref = published_edition()
    if ref is None:
        raise Http404("no published catalogue")
    return ref, False


def _guide(request) -> tuple[Guide, bool]:
    ref, preview = _edition(request)
    return Guide.load(answers_cookie(request), ref, catalogue_for(ref)), preview


def _keep(request, response, guide: Guide):
    """``response``, taking the guide's answers (and what it counted) to the visitor's browser."""
    keep_answers(request, response, guide, url("start"))
    return response


@lru_cache(maxsize=1024)
def _url(urlconf, name: str, key: str | None = None) -> str:
    """The guide's addresses, worked out once per process (they are on every question page)."""
    return reverse(f"assistant:{name}", args=[key] if key else None)


def url(name: str, key: str | None = None) -> str:
    return _url(get_urlconf(), name, key)


def _next_url(guide: Guide) -> str:
    if guide.done:
        return url("results")
    return url("question", guide.evaluation.next_question)


def _continue_url(guide: Guide) -> str | None:
    """Where to go on answering, until the last question is answered."""
    return None if guide.done else _next_url(guide)


def _context(guide: Guide, preview: bool, **extra) -> dict:
    return {"guide": guide, "preview": preview, **extra}


@require_GET
@public_page(vary=published_version, personal_cookies=(ANSWERS_COOKIE,))
def start(request):
    guide, preview = _guide(request)
    first = guide.catalogue.evaluate({}).next_question
    response = render(
        request,
        "assistant/start.html",
        _context(guide, preview, first=first, resume_url=_next_url(guide) if guide.answers else None),
    )
    if guide.answers:
        add_never_cache_headers(response)  # it offers to go on with this visitor's answers
    return response


@never_cache
@require_http_methods(["GET", "POST"])
def question(request, key: str):
    guide, preview = _guide(request)
    try:
        current = guide.catalogue.question(key)
    except KeyError:
        raise Http404("no such question") from None
    changing = request.GET.get("wijzig") == "1" or request.POST.get("wijzig") == "1"

    if not guide.may_answer(key):
        # Not the question asked now (a tampered form, an old tab, a skipped question): keep every answer.
        if request.method == "POST":
            messages.warning(request, _("That question is not asked at this point. Please answer the question below."))
        return HttpResponseRedirect(_next_url(guide))

    counted = False  # the first time this walk shows a question: remembered in the guide
    if request.method == "POST":
        form = AnswerForm(request.POST, question=current)
        if form.is_valid():
            try:
                guide.answer(key, form.cleaned_data["answer"])
            except AnswerError:
                form.add_error("answer", _("This answer is not possible here. Please choose again."))
            else:
                services.question_answered_count(guide=guide, preview=preview, key=key)
                # After changing an answer from "Uw antwoorden", go back there unless a new question came up.
                if changing and guide.done:
                    return _keep(request, redirect("assistant:summary"), guide)
                return _keep(request, HttpResponseRedirect(_next_url(guide)), guide)
    else:
        initial = {}
        if key in guide.answers:
            value = guide.answers[key]
            if current.type == "boolean":
                value = "ja" if value else "nee"
            initial["answer"] = value
        form = None
        # The first question of a walk; later ones are counted when the answer before them is given.
        counted = services.session_started_count(guide=guide, preview=preview, key=key)

    _answered, total = guide.progress
    number = guide.number(key)
    previous = guide.previous(key)

    def page():
        shown = form if form is not None else AnswerForm(initial=initial, question=current)
        return render(
            request,
            "assistant/question.html",
            _context(
                guide,
                preview,
                question=current,
                form=shown,
                options=shown.options(),
                number=number,
                total=max(total, number),
                back_url=url("question", previous) if previous else url("start"),
                action_url=url("question", key),
                results_url=url("results"),
                summary_url=url("summary"),
                changing=changing,
            ),
        )

    if not preview and request.META.get("QUERY_STRING", "") in _KEPT_QUERIES and anonymous_reader(request):
        # Everything the page shows besides the layout and the visitor's CSRF token: kept per process
        # (docs/performance.md), so a question asked again is not rendered again.
        edition = (guide.ref.id, *guide.ref.version)
        shown = (changing, edition, number, total, previous, initial, bool(guide.answers))
        response = kept_page(request, f"{request.path}|{shown!r}", page)
    else:
        response = page()
    return _keep(request, response, guide) if counted else response


@never_cache
@require_GET
def summary(request):
    guide, preview = _guide(request)
    return render(
        request,
        "assistant/summary.html",
        _context(guide, preview, answers=guide.answered_questions(), continue_url=_continue_url(guide)),
    )


@never_cache
@require_GET
def results(request):
    guide, preview = _guide(request)
    result = guide.results()
    response = _results_page(request, guide, preview, result, MailResultsForm())
    if services.results_shown_count(guide=guide, preview=preview, result=result):
        _keep(request, response, guide)  # counted once per walk, never for an editor's preview
    return response


def _results_page(request, guide: Guide, preview: bool, result: dict, mail_form: MailResultsForm, status: int = 200):
    """The results, with the form to have them mailed (bound and with its errors after a refused submit)."""
    return render(
        request,
        "assistant/results.html",
        _context(guide, preview, result=result, mail_form=mail_form, continue_url=_continue_url(guide)),
        status=status,
    )


@require_POST
def mail_results(request):
    guide, preview = _guide(request)
    form = MailResultsForm(request.POST)
    result = guide.results()
    if not form.is_valid():
        return _results_page(request, guide, preview, result, form, status=400)
    subject, body, language = services.results_mail(guide)
    with transaction.atomic():
        if submission_claim(request=request) is not None:  # sent twice: one mail
            return redirect("assistant:results")
        if not ratelimits.attempt(request, "results_mail", address=form.cleaned_data["email"]):
            transaction.set_rollback(True)
            return ratelimits.too_many(request)
        tasks.results_mail_enqueue(to=form.cleaned_data["email"], subject=subject, body=body, language=language)
        submission_done(request=request, result=reverse("assistant:results"))
    services.guide_usage_count(guide=guide, preview=preview, event=Event.RESULTS_MAILED)
    messages.success(request, _("We have sent the result to %(email)s.") % {"email": form.cleaned_data["email"]})
    return redirect("assistant:results")


@require_POST
def restart(request):
    response = redirect("assistant:start")
    forget_answers(response, url("start"))
    return response


@require_GET
def ask_help(request, key: str):
    """ "Vraag hulp aan Leuven Helpt" for a product: counted, then the help form with the product filled in."""
    guide, preview = _guide(request)
    try:
        product = guide.catalogue.product(key)
    except KeyError:
        raise Http404("no such product") from None
    if product.effective_help_route == "none":
        raise Http404("no help route")
    services.guide_usage_count(guide=guide, preview=preview, event=Event.HELP_CLICKED, keys=[key])
    return redirect(f"{reverse('help:ask')}?{urlencode({'product': key})}")
