"""/hulp/ (asking for help, and the private follow-up link) and /mijn/aanvragen/ (following one's requests).

Thin views: a form, a service, a page. Who may see a request is decided in ``permissions.py``
(through ``follow.py``); anybody else's request is a 404.
"""

from django.contrib import messages
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from accounts import ratelimits
from accounts.permissions import login_required
from accounts.roles import Role
from assistant.selectors import catalogue_for, published_edition
from assistant.templatetags.assistant_tags import text
from emergency.selectors import shown_state
from leuvenhelpt.pagecache import public_page
from once.services import submission_claim, submission_done
from people import services as people_services
from people.errors import ActionRefused
from people.models import Channel
from people.selectors import person_to_link
from requests_app import services
from requests_app.follow import follow_token, follow_up_enqueue, request_from_token
from requests_app.forms_public import AskForHelpForm, FollowUpAnswerForm, ReachabilityForm, WithdrawForm
from requests_app.help_topics import needs_for_product
from requests_app.models import FollowUpQuestion, Urgency
from requests_app.notifications import FOLLOW_UP_SALT
from requests_app.promise import promise_context
from requests_app.selectors import (
    follow_up_question,
    followed_request,
    followed_requests,
    plain_timeline,
    request_with_person,
)
from requests_app.status import plain_status
from requests_app.workflow import WAITING

DONE_KEY = "help_request_done"


def _mode(user) -> str:
    if not user.is_authenticated:
        return "anonymous"
    return "on_behalf" if user.has_role(Role.INTERMEDIARY) else "account"


def _product(key: str) -> tuple[str, str]:
    """(key, name) of a product of the published catalogue; ("", "") when there is no such product."""
    ref = published_edition() if key else None
    if ref is None:
        return "", ""
    try:
        product = catalogue_for(ref).product(key)
    except KeyError:
        return "", ""
    return key, text(product.name)


def _language(request) -> str:
    """The language the visitor chose (also where the city's policy keeps the help pages Dutch): what the city
    sends them later follows it (``message_language`` falls back to Dutch where messages do not have it)."""
    return getattr(request, "language_chosen", None) or translation.get_language() or "nl"


def _ask_page_state(request) -> tuple:
    """The empty form's page shows the help lines and which of them are open now."""
    return shown_state()


@never_cache
@require_http_methods(["GET", "POST"])
@public_page(vary=_ask_page_state)
def ask(request):
    mode = _mode(request.user)
    data = request.POST if request.method == "POST" else None
    product_key, product_name = _product((data or request.GET).get("product", "").strip())
    account = request.user if mode == "account" else None
    form = AskForHelpForm(
        data,
        mode=mode,
        initial={"product": product_key, "needs": needs_for_product(product_key)},
        account_phone=_account_phone(account),
        account_email=account.email if account else "",
    )
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            # The form's one-time token: a double click or a resent form shows the first result (and does
            # not count against the limits); posts of one token at once wait here for the first.
            earlier = submission_claim(request=request)
            if earlier is not None:
                help_request_id = earlier.object_id
            elif not ratelimits.attempt(request, "help_request", address=form.cleaned_data.get("email", "")):
                transaction.set_rollback(True)
                return ratelimits.too_many(request)
            else:
                help_request_id = _submit(request, form.cleaned_data, mode, product_key)
        request.session[DONE_KEY] = help_request_id
        return redirect("help:done")
    # Someone who says it is a crisis sees the emergency numbers above everything (also when the form has errors).
    urgent = (data or request.GET).get("urgency") == str(Urgency.CRISIS) or "dringend" in request.GET
    return render(
        request,
        "requests_app/public/ask.html",
        {
            "form": form,
            "mode": mode,
            "product_name": product_name,
            "urgent": urgent,
        },
        status=400 if form.errors else 200,
    )


def _account_phone(user) -> str:
    if user is None:
        return ""
    person = getattr(user, "person", None)
    return (person.phone if person else "") or user.phone


def _submit(request, data: dict, mode: str, product_key: str) -> int:
    """Store the request; returns its id."""
    user = request.user if request.user.is_authenticated else None
    address = {name: data.get(name, "") for name in AskForHelpForm.ADDRESS_FIELDS}
    with transaction.atomic():
        if mode == "account":
            person = people_services.person_for_user(user=user, language=_language(request))
            people_services.person_update_reachability(
                person=person, notify_channel=data["notify_channel"], phone=_account_phone(user), **address
            )
        else:
            # One person, one record: someone already known by the same phone or e-mail and name is linked.
            person = person_to_link(
                full_name=data["full_name"], phone=data["phone"], email=data["email"]
            ) or people_services.person_create(
                full_name=data["full_name"],
                phone=data["phone"],
                email=data["email"],
                language=_language(request),
                notify_channel=data["notify_channel"],
                **address,
            )
        help_request = services.request_submit(
            person=person,
            channel=Channel.ASSISTANT if product_key else Channel.WEB,
            needs=data["needs"],
            description=data["description"],
            urgency=data["urgency"],
            contact_way=data["contact_way"],
            contact_time=data["contact_time"],
            product_key=product_key,
            submitted_by=user,
            on_behalf_consent=data.get("on_behalf_consent", "") if mode == "on_behalf" else "",
        )
        if mode == "anonymous":
            follow_up_enqueue(help_request=help_request)
        submission_done(request=request, result=reverse("help:done"), object_id=help_request.pk)
    return help_request.pk


@never_cache
@require_GET
def done(request):
    """The confirmation after asking: the reference, and (without an account) the private follow-up link."""
    pk = request.session.get(DONE_KEY)
    help_request = None
    if pk is not None:
        help_request = request_with_person(pk)
    if help_request is None:
        return redirect("help:ask")
    mode = _mode(request.user)
    follow_url = None
    if mode == "anonymous":
        follow_url = request.build_absolute_uri(reverse("help:follow", args=[follow_token(help_request)]))
    return render(
        request,
        "requests_app/public/done.html",
        {"help_request": help_request, "mode": mode, "follow_url": follow_url, **promise_context(help_request)},
    )


def _detail_context(help_request, **extra) -> dict:
    return {
        "help_request": help_request,
        "status": plain_status(help_request),
        "events": plain_timeline(help_request, help_request.public_events),
        "waiting": help_request.state in WAITING,
        **promise_context(help_request),
        **extra,
    }


@never_cache
@require_GET
def follow(request, token: str):
    """The private follow-up page of someone without an account; a bad or expired link leaks nothing."""
    help_request = request_from_token(token)
    if help_request is None:
        # Trying made-up links is limited per client (a valid link is a signed token: guessing is futile).
        if not ratelimits.attempt(request, "follow_link_failed"):
            return ratelimits.too_many(request)
        return render(request, "requests_app/public/follow_invalid.html", status=404)
    return render(request, "requests_app/public/detail.html", _detail_context(help_request, by_link=True))


def _question_from_token(token: str) -> FollowUpQuestion | None:
    from django.core import signing

    try:
        pk = signing.loads(token, salt=FOLLOW_UP_SALT, max_age=60 * 60 * 24 * 120)
    except signing.BadSignature:
        return None
    if not isinstance(pk, int):
        return None
    return follow_up_question(pk)


@never_cache
@require_http_methods(["GET", "POST"])
def follow_up_answer(request, token: str):
    """ "Did you get the help you needed?" from the signed link in the mail; no sign-in. The link opens
    this page with the clicked answer chosen; sending it is one more click (so a mail scanner that opens
    links does not answer for the help seeker). Used twice, after erasure or after the consent to be
    contacted was withdrawn: a page that says so, and nothing changes."""
    question = _question_from_token(token)
    if question is None:
        return render(request, "requests_app/public/follow_invalid.html", status=404)
    if refusal := services.follow_up_refusal(question):
        return render(request, "requests_app/public/follow_up_closed.html", {"message": refusal}, status=410)
    if request.method == "POST":
        form = FollowUpAnswerForm(request.POST)
        if form.is_valid():
            try:
                services.follow_up_answer(question=question, **form.cleaned_data)
            except ActionRefused as refusal:
                return render(
                    request, "requests_app/public/follow_up_closed.html", {"message": str(refusal)}, status=410
                )
            return render(
                request,
                "requests_app/public/follow_up_thanks.html",
                {"answer": form.cleaned_data["answer"], "reference": question.request.reference},
            )
        status = 400
    else:
        clicked = request.GET.get("antwoord", "")
        clicked = clicked if clicked in FollowUpQuestion.Answer.values else ""
        form = FollowUpAnswerForm(initial={"answer": clicked} if clicked else None)
        status = 200
    context = {"form": form, "question": question, "reference": question.request.reference}
    return render(request, "requests_app/public/follow_up_answer.html", context, status=status)


# -- /mijn/aanvragen/ ----------------------------------------------------------------------
@never_cache
@require_GET
@login_required
def mine_list(request):
    help_requests = [(item, plain_status(item)) for item in followed_requests(request.user)]
    return render(request, "requests_app/public/mine_list.html", {"help_requests": help_requests})


def _followed_or_404(request, reference: str):
    help_request = followed_request(request.user, reference)
    if help_request is None:
        raise Http404("no such request")
    return help_request


@never_cache
@require_GET
@login_required
def mine_detail(request, reference: str):
    return render(request, "requests_app/public/detail.html", _detail_context(_followed_or_404(request, reference)))


@never_cache
@require_http_methods(["GET", "POST"])
@login_required
def mine_withdraw(request, reference: str):
    """Withdraw a request still waiting: first a confirmation page (with an optional reason), then the service.

    The confirmation is a GET page (the "Withdraw" link of the request page), so reloading it or coming back to
    it shows it again instead of a 405; a POST without ``confirmed`` shows it too."""
    help_request = _followed_or_404(request, reference)
    if request.method == "GET" and help_request.state not in WAITING:
        return redirect("mine:detail", reference=reference)
    form = WithdrawForm(request.POST if request.method == "POST" else None)
    if request.method == "GET" or request.POST.get("confirmed") != "1" or not form.is_valid():
        context = {"help_request": help_request, "form": form}
        return render(request, "requests_app/public/withdraw_confirm.html", context, status=400 if form.errors else 200)
    try:
        services.request_withdraw(request=help_request, actor=request.user, reason=form.cleaned_data["reason"])
    except ActionRefused:
        now = _followed_or_404(request, reference)
        messages.error(
            request,
            _("Your question can no longer be withdrawn. Its status is now: %(status)s. Nothing was changed.")
            % {"status": plain_status(now)},
        )
    else:
        messages.success(request, _("Your question was withdrawn."))
    return redirect("mine:detail", reference=reference)


@never_cache
@require_http_methods(["GET", "POST"])
@login_required
def mine_reachability(request):
    """How the signed-in help seeker hears about their requests (e-mail, SMS, letter, not) and their address."""
    person = people_services.person_for_user(user=request.user, language=_language(request))
    initial = {
        "notify_channel": person.notify_channel,
        "phone": person.phone,
        "language": person.preferred_language,
        **{name: getattr(person, name) for name in AskForHelpForm.ADDRESS_FIELDS},
    }
    form = ReachabilityForm(request.POST or None, initial=initial, email=person.email or request.user.email)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            people_services.person_update_reachability(
                person=person,
                notify_channel=data["notify_channel"],
                phone=data["phone"],
                language=data["language"] or None,
                **{name: data[name] for name in AskForHelpForm.ADDRESS_FIELDS},
            )
        except ActionRefused as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(request, _("Saved: this is how we keep you informed."))
            return redirect("mine:reachability")
    return render(request, "requests_app/public/reachability.html", {"form": form}, status=400 if form.errors else 200)
