"""The catalogue editors' area: /assistent/redactie/.

Only catalogue editors. Editions (published, drafts, archived) with their change log;
import and export; a draft's questions, products and cases with their rules in
readable form; editing (drafts only), with each rule checked by the engine while the
editor types; a preview as a citizen; the difference with the published edition;
publishing (refused while a case fails); and the anonymous usage statistics.
Views stay thin: the logic lives in ``assistant/editor.py``, writes in ``assistant/services.py``.
"""

import gettext as gettext_module
import re
from datetime import timedelta

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.contact_details import interface_language
from accounts.permissions import role_required
from accounts.roles import Role
from assistant import editor, problems, rule_builder, selectors_editor, services, translations
from assistant.engine import CatalogueError, dump_catalogue_text, load_catalogue_text
from assistant.forms_editor import AnalyticsForm, CaseForm, ImportForm, ProductForm, QuestionForm, rule_check_url
from assistant.guide import PREVIEW_KEY
from assistant.models import Edition, EditionChange
from assistant.selectors import catalogue_of
from assistant.themes import theme_name
from leuvenhelpt import languages
from leuvenhelpt.csv_export import csv_response

editor_only = role_required(Role.CATALOGUE_EDITOR)
GET_AND_POST = require_http_methods(["GET", "POST"])
EXPORT_FORMATS = {"yaml": ("application/yaml", "yaml"), "json": ("application/json", "json")}
RECENT_CHANGES = 25
HISTORY_LENGTH = 50
ITEM_URLS = {
    "questions": ("editor_question_add", "editor_question_edit"),
    "products": ("editor_product_add", "editor_product_edit"),
    "cases": ("editor_case_add", "editor_case_edit"),
}


def _edition(edition_id: int) -> Edition:
    edition = selectors_editor.edition_for_editor(edition_id)
    if edition is None:
        raise Http404("no such edition")
    return edition


def _plain_edition(edition_id: int) -> Edition:
    edition = selectors_editor.edition_plain(edition_id)
    if edition is None:
        raise Http404("no such edition")
    return edition


def _published(*, document: bool = True) -> Edition | None:
    return selectors_editor.published_edition_row(document=document)


def _edition_url(edition: Edition, anchor: str = "") -> str:
    url = reverse("assistant:editor_edition", args=[edition.pk])
    return f"{url}#{anchor}" if anchor else url


# ---------------------------------------------------------------------------
# Editions


@editor_only
@require_GET
def overview(request):
    editions = selectors_editor.editions_with_last_change()
    actions = dict(EditionChange.Action.choices)
    for item in editions:
        item.last_action_display = actions.get(item.last_action, item.last_action or "")
    changes = selectors_editor.recent_changes(RECENT_CHANGES)
    return render(
        request,
        "assistant/editor/overview.html",
        {
            "published": next((item for item in editions if item.state == Edition.State.PUBLISHED), None),
            "drafts": [item for item in editions if item.state == Edition.State.DRAFT],
            "archived": [item for item in editions if item.state == Edition.State.ARCHIVED],
            "changes": changes,
        },
    )


@editor_only
@GET_AND_POST
def import_file(request):
    posted = request.method == "POST"
    form = ImportForm(request.POST if posted else None, request.FILES if posted else None)
    found: list[problems.EditorProblem] = []
    if request.method == "POST" and form.is_valid():
        document = None
        try:
            document = load_catalogue_text(form.cleaned_data["file"])
            edition = services.edition_import(document=document, actor=request.user)
        except CatalogueError as error:
            found = problems.explain_all(error.problems, document, interface_language())
        else:
            messages.success(
                request,
                _("The catalogue was imported as draft %(label)s. Check it before publishing.")
                % {"label": edition.label},
            )
            return redirect(_edition_url(edition))
    return render(request, "assistant/editor/import.html", {"form": form, "problems": found})


@editor_only
@require_GET
def edition_detail(request, edition_id: int):
    edition = _edition(edition_id)
    catalogue = catalogue_of(edition)
    language = interface_language()
    results = catalogue.run_cases()
    changes = edition.changes.select_related("actor").defer("before", "after")[:HISTORY_LENGTH]
    named = {"document": edition.document, "edition_id": edition.pk}
    groups = [(theme, theme_name(theme), rows) for theme, rows in editor.product_groups(catalogue, language, **named)]
    return render(
        request,
        "assistant/editor/edition.html",
        {
            "edition": edition,
            "catalogue": catalogue,
            "questions": editor.question_rows(catalogue, language, **named),
            "product_groups": groups,
            "case_results": results,
            "case_rows": [(result, editor.case_lines(result, edition.document, language)) for result in results],
            "failing": [result for result in results if not result.passed],
            "general_warnings": editor.general_warnings(catalogue, language),
            "unchecked": editor.unchecked_products(catalogue, language, timezone.localdate()),
            "changes": changes,
            "published": None if edition.state == Edition.State.PUBLISHED else _published(document=False),
            "history_length": HISTORY_LENGTH,
        },
    )


@editor_only
@require_GET
def export(request, edition_id: int, fmt: str):
    if fmt not in EXPORT_FORMATS:
        raise Http404("unknown export format")
    edition = _plain_edition(edition_id)
    content_type, extension = EXPORT_FORMATS[fmt]
    response = HttpResponse(
        dump_catalogue_text(edition.document, fmt=fmt), content_type=f"{content_type}; charset=utf-8"
    )
    filename = f"leuvenhelpt-catalogus-{slugify(edition.label) or edition.pk}.{extension}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_POST  # GET answers 405 to everyone, before the role check
@editor_only
def draft_new(request, edition_id: int):
    """A draft copy of this (published or archived) edition; optionally straight on to editing one item."""
    edition = _plain_edition(edition_id)
    draft = services.edition_draft_from(edition=edition, actor=request.user)
    messages.success(request, _("Draft %(label)s was made. Your changes go into this draft.") % {"label": draft.label})
    then_kind, then_key = request.POST.get("then_kind", ""), request.POST.get("then_key", "")
    if then_kind in ITEM_URLS:
        add_name, edit_name = ITEM_URLS[then_kind]
        if not then_key:
            return redirect(f"assistant:{add_name}", edition_id=draft.pk)
        found = (
            then_key.isdigit() and 0 < int(then_key) <= len(draft.document.get("cases") or [])
            if then_kind == "cases"
            else editor.item_index(draft.document, then_kind, then_key) is not None
        )
        if found:
            kwargs = {"number": int(then_key)} if then_kind == "cases" else {"key": then_key}
            return redirect(f"assistant:{edit_name}", edition_id=draft.pk, **kwargs)
    return redirect(_edition_url(draft))


@editor_only
@GET_AND_POST
def publish(request, edition_id: int):
    edition = _edition(edition_id)
    if not edition.is_draft:
        messages.error(request, _("Only a draft can be published."))
        return redirect(_edition_url(edition))
    catalogue = catalogue_of(edition)
    refused: list = []
    if request.method == "POST":
        try:
            services.edition_publish(edition=edition, actor=request.user, catalogue=catalogue)
        except services.PublishRefused as error:
            refused = error.failures
        except services.ApprovalNeeded:
            messages.error(
                request, _("A second editor must approve this draft as it is now before it can be published.")
            )
            return redirect("assistant:editor_approve", edition_id=edition.pk)
        except services.EditionLocked:
            messages.error(request, _("This edition was published or archived in the meantime."))
            return redirect(_edition_url(edition))
        else:
            messages.success(
                request,
                _("Edition %(label)s is published. Citizens now see it; the previous edition was archived.")
                % {"label": edition.label},
            )
            return redirect(_edition_url(edition))
    failing = refused or [result for result in catalogue.run_cases() if not result.passed]
    published = _published()
    diff = None
    if published is not None:
        diff = editor.diff_editions(
            published.document, edition.document, language=interface_language(), draft_catalogue=catalogue
        )
    return render(
        request,
        "assistant/editor/publish.html",
        {
            "edition": edition,
            "failing": [
                (result, editor.case_lines(result, edition.document, interface_language())) for result in failing
            ],
            "refused": bool(refused),
            "published": published,
            "diff": diff,
            "case_count": len(catalogue.cases),
            "needs_approval": services.four_eyes_required() and not edition.is_approved,
            "warnings": problems.explain_all(
                catalogue.warnings, edition.document, interface_language(), edition_id=edition.pk
            ),
        },
        status=409 if refused else 200,
    )


@editor_only
@GET_AND_POST
def approve(request, edition_id: int):
    """Four-eyes review: the difference with the published edition and the changed case outcomes, then approve."""
    edition = _edition(edition_id)
    if not edition.is_draft:
        messages.error(request, _("Only a draft can be approved."))
        return redirect(_edition_url(edition))
    catalogue = catalogue_of(edition)
    failing = [result for result in catalogue.run_cases() if not result.passed]
    authors = services.edition_authors(edition)
    refused = ""
    if request.method == "POST":
        if str(edition.revision) != request.POST.get("revision", ""):
            refused = _("The draft changed while you were reading it. Read the changes again, then approve.")
        elif failing:
            refused = _("An example case fails. Correct it before approving.")
        else:
            try:
                services.edition_approve(edition=edition, actor=request.user)
            except services.ApprovalRefused as error:
                refused = (
                    _("You worked on this draft, so another editor must approve it.")
                    if error.reason == "author"
                    else _("This draft is already approved.")
                )
            except services.EditionLocked:
                messages.error(request, _("This edition was published or archived in the meantime."))
                return redirect(_edition_url(edition))
            else:
                messages.success(
                    request, _("You approved %(label)s. It can now be published.") % {"label": edition.label}
                )
                return redirect("assistant:editor_publish", edition_id=edition.pk)
    published = _published()
    diff = None
    if published is not None:
        diff = editor.diff_editions(
            published.document, edition.document, language=interface_language(), draft_catalogue=catalogue
        )
    edition.refresh_from_db()
    names = selectors_editor.author_names(authors)
    is_author = request.user.pk in authors
    return render(
        request,
        "assistant/editor/approve.html",
        {
            "edition": edition,
            "published": published,
            "diff": diff,
            "failing": failing,
            "authors": names,
            "is_author": is_author,
            "can_approve": not is_author and not edition.is_approved and not failing,
            "refused": refused,
        },
        status=409 if refused else 200,
    )


@editor_only
@GET_AND_POST
def archive(request, edition_id: int):
    edition = _edition(edition_id)
    if not edition.is_draft:
        messages.error(
            request, _("Only a draft can be archived here; the published edition is archived by publishing another.")
        )
        return redirect(_edition_url(edition))
    if request.method == "POST":
        services.edition_archive(edition=edition, actor=request.user)
        messages.success(request, _("Draft %(label)s is archived.") % {"label": edition.label})
        return redirect("assistant:editor_overview")
    return render(request, "assistant/editor/archive.html", {"edition": edition})


@editor_only
@require_GET
def diff(request, edition_id: int):
    edition = _edition(edition_id)
    published = _published()
    result = None
    if published is not None and published.pk != edition.pk:
        result = editor.diff_editions(published.document, edition.document, language=interface_language())
    return render(request, "assistant/editor/diff.html", {"edition": edition, "published": published, "diff": result})


# ---------------------------------------------------------------------------
# Preview as a citizen (the citizen guide reads the session key; see assistant/views.py)


@require_POST  # GET answers 405 to everyone, before the role check
@editor_only
def preview(request, edition_id: int):
    edition = _plain_edition(edition_id)
    request.session[PREVIEW_KEY] = edition.pk
    return redirect("assistant:start")


@require_POST  # GET answers 405 to everyone, before the role check
@editor_only
def preview_stop(request):
    edition_id = request.session.pop(PREVIEW_KEY, None)
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=request.is_secure()):
        return redirect(target)
    if edition_id and selectors_editor.edition_exists(edition_id):
        return redirect("assistant:editor_edition", edition_id=edition_id)
    return redirect("assistant:editor_overview")


# ---------------------------------------------------------------------------
# Editing questions, products and cases (drafts only)

# Questions and products are found by their key: what one of them is called, and the field with its label.
KEYED = {"questions": ("question", "text"), "products": ("product", "name")}


def _locked(request, edition: Edition, kind: str, then_key: str = ""):
    """A published or archived edition is not changed: offer a draft made from it instead."""
    return render(
        request,
        "assistant/editor/locked.html",
        {"edition": edition, "then_kind": kind, "then_key": then_key},
        status=409 if request.method == "POST" else 200,
    )


def _draft_or_locked(request, edition_id: int, kind: str, then_key: str) -> tuple[Edition, HttpResponse | None]:
    """The edition to change, and the page to answer instead when it is not a draft (None when it is)."""
    edition = _edition(edition_id)
    return edition, None if edition.is_draft else _locked(request, edition, kind, then_key)


def _keyed_item(edition: Edition, kind: str, key: str | None) -> tuple[int | None, dict | None]:
    """The position and the question or product with this key, (None, None) without a key; 404 when it is missing."""
    if not key:
        return None, None
    position = editor.item_index(edition.document, kind, key)
    if position is None:
        raise Http404(f"no such {KEYED[kind][0]}")
    return position, edition.document[kind][position]


def _posted(request):
    return request.POST if request.method == "POST" else None


def _save(request, form, edition: Edition, kind: str, key: str | None) -> bool:
    """Save a posted, valid form's item through the service; the engine's problems go next to the fields."""
    if request.method != "POST" or not form.is_valid():
        return False
    item = form.item()
    try:
        services.edition_item_save(edition=edition, kind=kind, key=key, item=item, actor=request.user)
    except CatalogueError as error:
        changed, position = editor.document_with_item(edition.document, kind, key, item)
        by_field, other = editor.problems_by_field(error.problems, kind, position, form.fields)
        form.add_problems(
            {
                name: [str(p) for p in problems.explain_all(found, changed, interface_language())]
                for name, found in by_field.items()
            },
            [str(p) for p in problems.explain_all(other, changed, interface_language(), edition_id=edition.pk)],
        )
        return False
    except services.EditionLocked:
        form.add_error(
            None, _("This edition was published or archived in the meantime; make a new draft to change it.")
        )
        return False
    except KeyError:
        form.add_error(None, _("This item was removed from the draft in the meantime."))
        return False
    return True


def _keyed_saved(request, form, edition: Edition, kind: str, message: str):
    """After saving a question or product: say so, and go back to it on the edition's page."""
    new_key = form.cleaned_data["key"]
    messages.success(request, message % {"key": new_key})
    return redirect(_edition_url(edition, f"{KEYED[kind][0]}-{new_key}"))


def _form_page(request, template: str, form, **context):
    context.update(form=form, is_new=context["existing"] is None, original_key=context.pop("key") or "")
    return render(request, template, context)


def _rule_check(form, edition: Edition, kind: str, key: str | None) -> editor.RuleCheck:
    """The engine's reading of the form's rule field; on a refused submit its problems also go next to the field."""
    name = form.rule_field
    check = editor.check_item_rule(edition.document, kind, key, form[name].value() or "", interface_language())
    if form.is_bound and form.errors and name not in form.errors:
        for problem in check.problems:
            form.add_error(name, str(problem))
    return check


def _initial_from(data, form_class) -> dict:
    """Form values as posted, to show them again without checking them (after a rule builder action)."""
    from django import forms as django_forms

    initial = {}
    for name, form_field in form_class.base_fields.items():
        if isinstance(form_field, django_forms.MultipleChoiceField):
            initial[name] = data.getlist(name)
        elif name in data:
            initial[name] = data.get(name)
    return initial


def _keyed_edit(request, edition: Edition, kind: str, key: str | None, existing: dict | None, form_class, **context):
    """The question or product form with its rule as blocks (or as JSON when the blocks cannot show it).

    A post with ``rb-action`` changes the blocks (add, remove, update, switch to JSON and back)
    and shows the form again as typed; any other post saves. In blocks mode the rule saved is
    the one the blocks write, after each condition and group is checked where it is.
    """
    language = interface_language()
    rule_field = form_class.rule_field
    catalogue = catalogue_of(edition)
    questions = rule_builder.question_choices(catalogue, language, before=key if kind == "questions" else None)
    posted = request.method == "POST"
    action = request.POST.get("rb-action", "") if posted else ""
    # A post without the builder (a script, or a form from before it) carries the rule as JSON.
    mode = request.POST.get("rb-mode", "json") if posted else "blocks"
    mode = mode if mode in ("blocks", "json") else "blocks"
    data = request.POST.copy() if posted else None
    tree: rule_builder.Group | None = None
    explanation = ""
    focus = None
    cannot_show = _(
        "This rule has a form that the blocks cannot show, so it is shown as JSON. "
        "You can still change it here; the sentence below says what it means."
    )
    if not posted:
        tree = rule_builder.from_rule((existing or {}).get(rule_field), questions)
        if tree is None:
            mode, explanation = "json", cannot_show
    elif mode == "blocks":
        tree = rule_builder.from_post(request.POST, questions)
    elif action.startswith("blocks"):
        try:
            tree = rule_builder.from_rule(editor.rule_from_text(request.POST.get(rule_field, "")), questions)
        except editor.RuleSyntaxError:
            tree = None
        if tree is None:
            explanation = cannot_show
        else:
            mode, focus = "blocks", "r"
    if action and mode == "blocks" and tree is not None and not action.startswith("blocks"):
        if action.startswith("json"):
            try:
                data[rule_field] = editor.rule_to_text(rule_builder.to_rule(tree, questions))
            except (ValueError, KeyError):
                data[rule_field] = ""
            mode, tree = "json", None
        elif action.startswith("refresh:"):
            focus = action.partition(":")[2]
        else:
            focus = rule_builder.apply_action(tree, action)

    blocks_ok = True
    if action:
        form = form_class(
            initial=_initial_from(data, form_class), check_url=rule_check_url(edition.pk), existing=existing
        )
    else:
        rule_text = None
        if posted and mode == "blocks" and tree is not None:
            blocks_ok = rule_builder.check(tree, questions, required=kind == "products")
            if blocks_ok:
                rule_text = editor.rule_to_text(rule_builder.to_rule(tree, questions))
            data[rule_field] = rule_text if blocks_ok else "true"
        initial = None
        if existing:
            initial = editor.question_initial(existing) if kind == "questions" else editor.product_initial(existing)
        elif kind == "products":
            initial = {"help_route": "none"}
        form = form_class(data, initial=initial, check_url=rule_check_url(edition.pk), existing=existing)
        if not blocks_ok:
            form.is_valid()
            form.add_error(rule_field, _("The rule still has problems: see the conditions marked below."))
        elif _save(request, form, edition, kind, key):
            message = _("Question %(key)s is saved.") if kind == "questions" else _("Product %(key)s is saved.")
            return _keyed_saved(request, form, edition, kind, message)

    builder = {"mode": mode, "explanation": explanation, "url": request.path, "field": form[rule_field]}
    if mode == "blocks" and tree is not None:
        try:
            current = rule_builder.to_rule(tree, questions)
        except (ValueError, KeyError):
            current = None
        json_text = editor.rule_to_text(current)
        check = (
            editor.check_item_rule(edition.document, kind, key, json_text, language) if current is not None else None
        )
        if check is not None and check.problems and not action:
            tree.errors.extend(problem.text for problem in check.problems)
        if check is not None and check.ok:
            rule_builder.mark_never_true(tree, catalogue)
        builder.update(
            rows=rule_builder.rows(tree, questions),
            readable=check.readable if check is not None else None,
            json_text=json_text or "—",
            focus=focus,
            questions=list(questions.values()),
            modes=[(value, str(label)) for value, label in rule_builder.MODE_LABELS.items()],
            root_legend=_("This product applies when") if kind == "products" else _("Only ask this question when"),
            help=_(
                "Build the rule from conditions: pick a question, a comparison and an answer. "
                "Put conditions in a group to combine them differently."
            )
            if kind == "products"
            else _("Leave this empty to always ask the question. Only questions asked before this one can be used."),
        )
    else:
        builder["check"] = _rule_check(form, edition, kind, key)
    if kind == "products":
        context["who_gets"] = _who_gets(edition, key, builder, form, tree, questions)
    else:
        context["question_usage"] = _question_usage(edition, key, builder, form, tree, questions, catalogue)
    context.update(edition=edition, existing=existing, key=key, builder=builder, rule_field=rule_field)
    template = "assistant/editor/question_form.html" if kind == "questions" else "assistant/editor/product_form.html"
    return _form_page(request, template, form, **context)


def _who_gets(edition: Edition, key: str | None, builder: dict, form, tree, questions):
    """ "Who gets this?" for the rule as it stands on the page (None while the rule is incomplete or invalid)."""
    try:
        if builder["mode"] == "blocks":
            rule = rule_builder.to_rule(tree, questions)
        else:
            rule = editor.rule_from_text(form[form.rule_field].value() or "")
    except (ValueError, KeyError):
        return None
    if rule is None:
        return None
    draft, product_key = editor.catalogue_with_rule(edition.document, "products", key, rule)
    if draft is None or product_key is None:
        return None
    published_edition = _published()
    published = catalogue_of(published_edition) if published_edition is not None else None
    sets, sessions, sampled = editor.recent_answer_sets(today=timezone.localdate())
    return editor.who_gets(
        draft=draft,
        published=published,
        product_key=product_key,
        answer_sets=sets,
        sessions=sessions,
        sampled=sampled,
    )


def _question_usage(edition: Edition, key: str | None, builder: dict, form, tree, questions, saved):
    """ "Wie krijgt dit?" for a question: what depends on it, the answers of the last 90 days, and what changes
    with its rule as it stands on the page (counted under the saved rule while that rule cannot be read)."""
    draft = None
    try:
        if builder["mode"] == "blocks":
            rule = rule_builder.to_rule(tree, questions) if tree is not None else None
        else:
            rule = editor.rule_from_text(form[form.rule_field].value() or "")
    except (ValueError, KeyError):
        pass
    else:
        draft, _key = editor.catalogue_with_rule(edition.document, "questions", key, rule)
    published_edition = _published()
    published = catalogue_of(published_edition) if published_edition is not None else None
    sets, sessions, sampled = editor.recent_answer_sets(today=timezone.localdate())
    return editor.question_usage(
        draft=draft,
        saved=saved,
        published=published,
        question_key=key,
        answer_sets=sets,
        sessions=sessions,
        language=interface_language(),
        sampled=sampled,
    )


@editor_only
@GET_AND_POST
def question_edit(request, edition_id: int, key: str | None = None):
    edition, locked = _draft_or_locked(request, edition_id, "questions", key or "")
    if locked:
        return locked
    position, existing = _keyed_item(edition, "questions", key)
    number = position + 1 if position is not None else len(edition.document["questions"]) + 1
    return _keyed_edit(request, edition, "questions", key, existing, QuestionForm, number=number)


@editor_only
@GET_AND_POST
def product_edit(request, edition_id: int, key: str | None = None):
    edition, locked = _draft_or_locked(request, edition_id, "products", key or "")
    if locked:
        return locked
    _position, existing = _keyed_item(edition, "products", key)
    return _keyed_edit(request, edition, "products", key, existing, ProductForm, themes=ProductForm.themes())


@editor_only
@GET_AND_POST
def case_edit(request, edition_id: int, number: int | None = None):
    edition, locked = _draft_or_locked(request, edition_id, "cases", str(number or ""))
    if locked:
        return locked
    cases = edition.document.get("cases") or []
    if number is not None and not 0 < number <= len(cases):
        raise Http404("no such case")
    existing = cases[number - 1] if number else None
    key = existing["name"] if existing else None
    form = CaseForm(
        _posted(request),
        initial=editor.case_initial(existing) if existing else None,
        existing=existing,
    )
    if _save(request, form, edition, "cases", key):
        messages.success(request, _("Case “%(name)s” is saved.") % {"name": form.cleaned_data["name"]})
        return redirect(_edition_url(edition, "cases"))
    result = catalogue_of(edition).run_cases()[number - 1] if number else None
    return _form_page(
        request,
        "assistant/editor/case_form.html",
        form,
        edition=edition,
        existing=existing,
        key=key,
        number=number or len(cases) + 1,
        result=result,
        result_lines=editor.case_lines(result, edition.document, interface_language()) if result else [],
    )


def _remove(request, edition: Edition, kind: str, key: str, label: str, back: str):
    found: list[problems.EditorProblem] = []
    if request.method == "POST":
        try:
            services.edition_item_remove(edition=edition, kind=kind, key=key, actor=request.user)
        except CatalogueError as error:
            # The problems are about the draft without the item: name things as they stand there.
            without = editor.document_without_item(edition.document, kind, key)
            found = problems.explain_all(error.problems, without, interface_language(), edition_id=edition.pk)
        except services.EditionLocked:
            return _locked(request, edition, kind, key)
        except KeyError as error:
            raise Http404("already removed") from error
        else:
            messages.success(request, _("“%(label)s” was removed from the draft.") % {"label": label})
            return redirect(_edition_url(edition, kind))
    return render(
        request,
        "assistant/editor/remove.html",
        {"edition": edition, "kind": kind, "key": key, "label": label, "problems": found, "back": back},
    )


def _keyed_remove(request, edition_id: int, kind: str, key: str):
    """Remove a question or product, named by its label in the editor's language (else its first one)."""
    edition, locked = _draft_or_locked(request, edition_id, kind, key)
    if locked:
        return locked
    _position, item = _keyed_item(edition, kind, key)
    one, label_field = KEYED[kind]
    label = item[label_field].get(interface_language()) or next(iter(item[label_field].values()))
    return _remove(request, edition, kind, key, label, _edition_url(edition, f"{one}-{key}"))


@editor_only
@GET_AND_POST
def question_remove(request, edition_id: int, key: str):
    return _keyed_remove(request, edition_id, "questions", key)


@editor_only
@GET_AND_POST
def product_remove(request, edition_id: int, key: str):
    return _keyed_remove(request, edition_id, "products", key)


@editor_only
@GET_AND_POST
def case_remove(request, edition_id: int, number: int):
    edition, locked = _draft_or_locked(request, edition_id, "cases", str(number))
    if locked:
        return locked
    cases = edition.document.get("cases") or []
    if not 0 < number <= len(cases):
        raise Http404("no such case")
    name = cases[number - 1]["name"]
    return _remove(request, edition, "cases", name, name, _edition_url(edition, "cases"))


@require_POST  # GET answers 405 to everyone, before the role check
@editor_only
def rule_check(request, edition_id: int):
    """HTMX: the rule being typed, read back in words, or the engine's problems with it."""
    edition = _plain_edition(edition_id)
    if "applies_if" in request.POST:
        kind, text = "products", request.POST["applies_if"]
    elif "ask_if" in request.POST:
        kind, text = "questions", request.POST["ask_if"]
    else:
        return HttpResponse(status=400)
    key = request.POST.get("original_key") or None
    check = editor.check_item_rule(edition.document, kind, key, text, interface_language())
    return render(request, "assistant/editor/_rule_check.html", {"rule_check": check})


# ---------------------------------------------------------------------------
# Statistics


def _report(request):
    """The statistics form (edition and period) and the report it asks for (None without any edition)."""
    editions = selectors_editor.editions_for_report()
    default = next(
        (item for item in editions if item.state == Edition.State.PUBLISHED), editions[0] if editions else None
    )
    data = request.GET.copy()
    if default is not None and not data.get("editie"):
        data["editie"] = str(default.pk)
    form = AnalyticsForm(data, editions=editions)
    if default is None:
        return form, None
    chosen, start, end = default.pk, None, None
    if form.is_valid():
        chosen, start, end = form.cleaned_data["editie"], form.cleaned_data["van"], form.cleaned_data["tot"]
    edition = _plain_edition(chosen)
    report = editor.usage_report(
        edition=edition, catalogue=catalogue_of(edition), start=start, end=end, language=interface_language()
    )
    return form, report


@editor_only
@require_GET
def analytics(request):
    form, report = _report(request)
    today = timezone.localdate()
    return render(
        request,
        "assistant/editor/analytics.html",
        {
            "form": form,
            "report": report,
            "csv_query": request.GET.urlencode(),
            "last_30_days": {"van": (today - timedelta(days=29)).isoformat(), "tot": today.isoformat()},
        },
    )


@editor_only
@require_GET
def analytics_csv(request):
    form, report = _report(request)
    if report is None:
        raise Http404("no edition")
    period = "-".join(part.isoformat() for part in (report.start, report.end) if part)
    filename = f"assistent-statistieken-{slugify(report.edition.label)}{'-' + period if period else ''}.csv"
    return csv_response(report.csv_rows(), filename=filename)


# --- Translations -----------------------------------------------------------------------------------------------
TRANSLATION_KINDS = {"vragen": "questions", "producten": "products"}


@editor_only
@require_GET
def translations_overview(request, edition_id: int):
    """Every question and product with the number of its texts that lack a language or are machine-made."""
    edition = _edition(edition_id)
    rows = translations.coverage(edition.document)
    return render(
        request,
        "assistant/editor/translations.html",
        {
            "edition": edition,
            "rows": rows,
            "columns": _columns(translations.languages()),
            "interface": interface_review_status(),
        },
    )


@editor_only
@GET_AND_POST
def translations_edit(request, edition_id: int, kind: str, key: str):
    """A question's or product's texts in all offered languages side by side, with their review status."""
    if kind not in TRANSLATION_KINDS:
        raise Http404("no such kind")
    document_kind = TRANSLATION_KINDS[kind]
    edition = _edition(edition_id)
    _position, item = _keyed_item(edition, document_kind, key)
    assert item is not None  # noqa: S101 - a key is given, _keyed_item raised 404 otherwise
    codes = translations.languages()
    rows = translations.text_rows(document_kind, item, edition.document.get("unchecked") or {})
    if request.method == "POST":
        if not edition.is_draft:
            return _locked(request, edition, document_kind, key)
        values = {row.path: {code: request.POST.get(f"{row.path}:{code}", "") for code in codes} for row in rows}
        machine = {code: {row.path for row in rows if request.POST.get(f"{row.path}:{code}:machine")} for code in codes}
        try:
            services.edition_translations_save(
                edition=edition, kind=document_kind, key=key, values=values, machine_made=machine, actor=request.user
            )
        except (CatalogueError, services.EditionLocked, KeyError) as error:
            messages.error(request, _("The translations were not saved: %(reason)s") % {"reason": error})
            for row in rows:  # what the editor typed stays on the page
                row.values.update({code: values[row.path][code] for code in codes})
            return render(
                request,
                "assistant/editor/translations_edit.html",
                _translation_context(edition, kind, item, rows, codes),
                status=400,
            )
        messages.success(request, _("The translations were saved."))
        return redirect("assistant:editor_translations_edit", edition_id=edition.pk, kind=kind, key=key)
    return render(
        request, "assistant/editor/translations_edit.html", _translation_context(edition, kind, item, rows, codes)
    )


def _translation_context(edition, kind, item, rows, codes) -> dict:
    return {
        "edition": edition,
        "kind": kind,
        "item": item,
        "rows": rows,
        "columns": _columns(codes),
    }


def _columns(codes: list[str]) -> list[dict[str, str]]:
    return [
        {"code": code, "name": settings.LANGUAGE_NAMES[code], "dir": "rtl" if languages.is_rtl(code) else "ltr"}
        for code in codes
    ]


# The review statuses a catalogue's header may carry, in the editor's language (the header itself is English).
REVIEW_STATUS_LABELS = {
    "checked": gettext_lazy("checked by someone who speaks the language"),
    "machine-made, not yet checked": gettext_lazy("machine-made, not yet checked"),
}


def interface_review_status() -> list[dict]:
    """Per offered language: how many of the interface strings it has (against Dutch, which has them all) and
    its review status, the ``X-Review-Status`` line of its catalogue's header (docs/i18n.md)."""
    out = []
    base = settings.LOCALE_PATHS[0]
    total = _compiled_count(base / "nl" / "LC_MESSAGES" / "django.mo") or 1
    for code in settings.LANGUAGES_OFFERED:
        if code == "en":
            continue  # the strings are written in English
        folder = base / code / "LC_MESSAGES"
        header = (folder / "django.po").read_text(encoding="utf-8")[:3000] if (folder / "django.po").exists() else ""
        match = re.search(r'^"X-Review-Status: (.*?)\\n"$', header, re.MULTILINE)
        out.append(
            {
                "code": code,
                "name": settings.LANGUAGE_NAMES[code],
                "percent": min(100, round(100 * _compiled_count(folder / "django.mo") / total)),
                "status": REVIEW_STATUS_LABELS.get(match.group(1), match.group(1)) if match else "",
            }
        )
    return out


def _compiled_count(path) -> int:
    """The number of translated strings in a compiled catalogue (0 when there is none)."""
    if not path.exists():
        return 0
    with path.open("rb") as handle:
        return max(0, len(gettext_module.GNUTranslations(handle)._catalog) - 1)  # noqa: SLF001 - the header entry
