"""One way to render a form field on the whole site (FORM_RENDERER, templates/forms/field.html): every field of
every form class the views use renders through the one template with one id scheme — hint ``<id>_helptext``,
error ``<id>_error``, both named by ``aria-describedby``, ``aria-invalid`` on an error — and keeps what was typed."""

import importlib
import re
from datetime import date

import pytest
from django import forms
from django.test import Client
from django.urls import reverse

from assistant.engine.document import Option, Question
from leuvenhelpt.forms import SiteFormRenderer

pytestmark = pytest.mark.django_db

MODULES = [
    "accounts.forms",
    "assistant.forms",
    "assistant.forms_editor",
    "assistant.views_catalogue",
    "requests_app.forms_public",
    "requests_app.forms_staff",
    "volunteers.forms",
    "helpdesk.forms",
    "dataprotection.forms",
    "insights.forms",
]
# What a form needs to be made (the views pass the same).
KWARGS = {
    "assistant.forms_editor.QuestionForm": {"check_url": "/check/"},
    "assistant.forms_editor.ProductForm": {"check_url": "/check/"},
    "assistant.forms_editor.AnalyticsForm": {"editions": []},
    "requests_app.forms_public.AskForHelpForm": {"mode": "anonymous"},
    "volunteers.forms.CancelMatchForm": {"match_id": 1},
    "dataprotection.forms.ReferralConsentForm": {"person_ids": []},
    "insights.forms.PeriodForm": {"today": date(2026, 12, 5)},
    "helpdesk.forms.AgentAnswerForm": {
        "question": Question(
            index=0,
            key="who",
            type="choice",
            text={"nl": "Voor wie zoekt u informatie?"},
            agent_text={"nl": "Vraag voor wie de beller belt."},
            options=(Option("self", {"nl": "Voor mezelf"}), Option("club", {"nl": "Voor mijn vereniging"})),
        ),
        "prefix": "intake",
    },
}
# Forms that are not rendered field by field through the renderer, and why (one place).
NOT_RENDERED = {
    "AnswerForm": "the assistant's question page: the question is the page's h1 and carries lang/dir per text and "
    "option (docs/architecture.md, Forms); its KCC form, AgentAnswerForm, renders through the template",
    "EditorForm": "a base class",
    "KeyedForm": "a base class",
}


def form_classes():
    found = {}
    for name in MODULES:
        module = importlib.import_module(name)
        for value in vars(module).values():
            if isinstance(value, type) and issubclass(value, forms.Form) and value.__module__ == name:
                found[f"{name}.{value.__name__}"] = value
    return sorted(found.items())


def describedby(html: str, element_id: str) -> list[str]:
    tag = re.search(rf'<(?:input|select|textarea|fieldset)[^>]*\bid="{re.escape(element_id)}"[^>]*>', html)
    if tag is None:  # a fieldset has no id: the group's aria-describedby
        tag = re.search(r"<fieldset[^>]*>", html)
    assert tag is not None, html
    found = re.search(r'aria-describedby="([^"]*)"', tag.group(0))
    return found.group(1).split() if found else []


@pytest.mark.parametrize(("path", "form_class"), form_classes(), ids=[path for path, _ in form_classes()])
def test_every_field_renders_through_the_one_template_with_one_id_scheme(path, form_class):
    if form_class.__name__ in NOT_RENDERED:
        pytest.skip(NOT_RENDERED[form_class.__name__])
    typed = "Wat ik typte <b>"
    data = {}
    form = form_class(data=data, **KWARGS.get(path, {}))
    for name, field in form.fields.items():
        if isinstance(field.widget, forms.TextInput | forms.Textarea) and not isinstance(field, forms.DateField):
            data[form.add_prefix(name)] = typed
    form = form_class(data=data, **KWARGS.get(path, {}))
    form.is_valid()
    assert isinstance(form.renderer, SiteFormRenderer)
    for bound in form.visible_fields():
        html = bound.as_field_group()
        assert "form-field" in html, f"{path}.{bound.name} is not rendered by forms/field.html"
        group = bound.widget_type in ("radioselect", "checkboxselectmultiple")
        target = bound.auto_id if group else bound.id_for_label
        if not group:
            assert f'id="{bound.id_for_label}"' in html and f'for="{bound.id_for_label}"' in html
        named = describedby(html, target)
        if bound.help_text:
            assert f'id="{bound.auto_id}_helptext"' in html and f"{bound.auto_id}_helptext" in named
        if bound.errors:
            assert f'id="{bound.auto_id}_error"' in html and f"{bound.auto_id}_error" in named
            if not group or list(bound):  # (an empty group has no input to mark)
                assert 'aria-invalid="true"' in html
            for error in bound.errors:
                assert str(error).replace("'", "&#x27;").replace('"', "&quot;") in html
        else:
            assert 'aria-invalid="true"' not in html
        if bound.html_name in data and not bound.errors:
            assert "Wat ik typte &lt;b&gt;" in html  # kept, and escaped


def test_a_field_with_an_error_and_a_hint_names_both_in_order():
    from helpdesk.forms import RegisterForm

    form = RegisterForm(data={"register-date_of_birth": "gisteren"}, prefix="register")
    form.is_valid()
    html = form["date_of_birth"].as_field_group()
    assert 'aria-describedby="id_register-date_of_birth_helptext id_register-date_of_birth_error"' in html
    assert 'class="form-control is-invalid"' in html and 'value="gisteren"' in html
    assert html.index("_helptext") < html.index('id="id_register-date_of_birth_error"') < html.index("<input")


def test_a_group_of_choices_is_a_fieldset_with_a_legend_and_its_error():
    from helpdesk.forms import CloseForm

    form = CloseForm(data={}, prefix="close")
    form.is_valid()
    html = form["outcome"].as_field_group()
    assert re.search(r'<fieldset[^>]*aria-describedby="id_close-outcome_error"', html)
    assert "<legend" in html and 'id="id_close-outcome_0"' in html and "form-check-input is-invalid" in html


def test_the_error_summary_links_to_each_field_and_the_page_keeps_what_was_typed(client: Client):
    response = client.post(reverse("help:ask"), {"description": "Mijn verwarming is stuk", "full_name": ""})
    page = response.content.decode()
    assert response.status_code == 400
    summary = page.split('class="alert alert-danger error-summary"', 1)[1].split("</div>", 1)[0]
    for target in re.findall(r'href="#([^"]+)"', summary):
        assert f'id="{target}"' in page, target
    assert "Mijn verwarming is stuk</textarea>" in page
    assert 'aria-describedby="id_full_name_error"' in page or "id_full_name_error" in page


def normalise(html: str) -> str:
    return re.sub(r">\s+<", "><", html.strip())


@pytest.mark.parametrize(("path", "form_class"), form_classes(), ids=[path for path, _ in form_classes()])
def test_the_inputs_written_by_the_field_template_are_what_django_s_widget_templates_write(path, form_class):
    """forms/field.html writes <input>, <textarea> and <select> from the widget's context for speed: the markup must
    stay exactly Django's, with and without errors."""
    if form_class.__name__ in NOT_RENDERED:
        pytest.skip(NOT_RENDERED[form_class.__name__])
    for data in (None, {}):
        form = form_class(data=data, **KWARGS.get(path, {}))
        for bound in form.visible_fields():
            html = normalise(bound.as_field_group())
            if bound.kind == "choices":
                for choice in bound:
                    assert normalise(choice.tag()) in html, f"{path}.{bound.name}"
            elif bound.widget_data is not None:
                assert normalise(bound.as_widget()) in html, f"{path}.{bound.name}"


@pytest.mark.parametrize("kind", ["boolean", "choice", "multi", "number", "postcode"])
def test_the_kcc_intake_answer_renders_through_the_one_template_as_the_agent_reads_it(kind):
    """The guided intake's answer: the agent text is the label, the caller's wording the hint, the first input
    takes the focus when the section opens (kcc.js looks for data-kcc-focus), an error is named by the input."""
    from helpdesk.forms import AgentAnswerForm

    options = (Option("a", {"nl": "Eerste"}), Option("b", {"nl": "Tweede"})) if kind in ("choice", "multi") else None
    question = Question(
        0, "q", kind, {"nl": "Wat leest de beller?"}, agent_text={"nl": "Wat vraagt de agent?"}, options=options
    )
    form = AgentAnswerForm(
        {"intake-answer": "x" if kind in ("number", "postcode") else ""}, question=question, prefix="intake"
    )
    html = form["answer"].as_field_group()
    assert re.search(r"<(legend|label)[^>]*>Wat vraagt de agent\?", html)
    assert 'id="id_intake-answer_helptext"' in html and "Wat leest de beller?" in html
    assert html.count("data-kcc-focus") >= 1 and 'autocomplete="off"' in html
    if form["answer"].errors:
        assert 'id="id_intake-answer_error"' in html and 'aria-invalid="true"' in html
    else:
        assert kind == "multi"  # nothing ticked is an answer ("none of these")


def _describedby_of(html: str, element_id: str) -> list[str]:
    tag = re.search(rf'<(?:input|textarea)[^>]*\bid="{re.escape(element_id)}"[^>]*>', html, re.S)
    assert tag is not None, element_id
    found = re.search(r'aria-describedby="([^"]*)"', tag.group(0))
    return found.group(1).split() if found else []


def test_allauths_single_fields_keep_the_one_id_scheme():
    """allauth's ``{% element field %}`` (its e-mail, e-mail change and MFA pages; its forms go through
    ``elements/fields.html`` and so the renderer) is drawn from attributes, not a bound field, but with the same
    ids: hint ``<id>_helptext`` and error ``<id>_error`` named by the input, which is marked invalid."""
    from django.template import Context, Origin, Template

    template = Template(
        '{% load allauth %}{% element field id="id_email" name="email" type="email" errors=errors %}'
        "{% slot label %}E-mailadres{% endslot %}{% slot help_text %}Uw nieuwe adres.{% endslot %}{% endelement %}",
        origin=Origin(name="test", template_name="test.html"),  # allauth names elements after the page
    )
    html = template.render(Context({"errors": ["Voer een geldig e-mailadres in."]}))
    assert 'id="id_email_error"' in html and 'id="id_email_helptext"' in html
    assert _describedby_of(html, "id_email") == ["id_email_helptext", "id_email_error"]
    assert 'aria-invalid="true"' in html
    calm = template.render(Context({"errors": []}))
    assert _describedby_of(calm, "id_email") == ["id_email_helptext"] and "aria-invalid" not in calm


def test_the_assistants_question_page_keeps_the_one_id_scheme(client, first_question_key):
    """The question page writes its answer itself (NOT_RENDERED) but with the one id scheme for its error."""
    url = reverse("assistant:question", kwargs=first_question_key)
    html = client.post(url, {}).content.decode()
    assert 'id="id_answer_error"' in html
    fieldset = re.search(r"<fieldset[^>]*>", html).group(0)
    assert "id_answer_error" in fieldset
