"""Forms of the catalogue editors' area.

The forms only check what a person can get wrong while typing (JSON that is not JSON,
an option line without its label); whether the item fits the catalogue is decided by
the engine on the whole document, and its problems are put next to the fields by the
view (``EditorForm.add_problems``).
"""

import json

from django import forms
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from assistant import editor
from assistant.engine.document import AUDIENCES, HELP_ROUTES, KINDS
from assistant.engine.rules import QUESTION_TYPES
from assistant.themes import THEMES

MAX_UPLOAD_BYTES = 5 * 1024 * 1024

QUESTION_TYPE_LABELS = {
    "boolean": _("Yes or no"),
    "choice": _("One option (choice)"),
    "multi": _("Zero or more options (multi)"),
    "number": _("A number"),
    "postcode": _("A Belgian postcode"),
}
KIND_LABELS = {"obligation": _("Obligation: something one must do"), "service": _("Service: something one can get")}
KIND_SHORT_LABELS = {"obligation": _("obligation"), "service": _("service")}
AUDIENCE_LABELS = {"citizen": _("Residents"), "business": _("Businesses"), "association": _("Associations")}
HELP_ROUTE_LABELS = {
    "none": _("No help from Leuven Helpt"),
    "volunteer": _("A volunteer can help"),
    "professional": _("A professional can help"),
}


def _area(rows: int = 2, **attrs) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows, "class": "form-control", **attrs})


def _line(**attrs) -> forms.TextInput:
    return forms.TextInput(attrs={"class": "form-control", **attrs})


def _in_two_languages(
    label_nl: str, label_en: str, *, rows: int | None = None, help_text: str = "", required: str | None = None
) -> tuple[forms.CharField, forms.CharField]:
    """A Dutch text field and its English one: a text area of ``rows`` rows, or one line without.

    ``required`` is the message when the Dutch text is left empty; without it both are optional.
    The English text is always optional and has no help text of its own.
    """

    def widget(language: str) -> forms.Widget:
        return _line(lang=language) if rows is None else _area(rows, lang=language)

    dutch = forms.CharField(
        label=label_nl,
        required=required is not None,
        help_text=help_text,
        widget=widget("nl"),
        error_messages={"required": required} if required is not None else None,
    )
    english = forms.CharField(label=label_en, required=False, widget=widget("en"))
    return dutch, english


def _rule_area(check_url: str) -> forms.Textarea:
    """A JSON rule text area that is checked by the server while the editor types (HTMX)."""
    return _area(
        4,
        **{
            "class": "form-control font-monospace rule-input",
            "spellcheck": "false",
            "autocomplete": "off",
            "hx-post": check_url,
            "hx-trigger": "keyup changed delay:400ms",
            "hx-target": "next .rule-check",
            "hx-swap": "innerHTML",
            "hx-include": "closest form",
        },
    )


def _key_field(help_text: str, *, required: str) -> forms.CharField:
    """The key of a question or product, by which the rest of the catalogue refers to it."""
    return forms.CharField(
        label=_("Key"),
        max_length=100,
        help_text=help_text,
        widget=_line(autocomplete="off", spellcheck="false"),
        error_messages={"required": required},
    )


def _number_field(label: str) -> forms.CharField:
    """An optional number, typed as text (a decimal comma is fine); read by ``QuestionForm._number``."""
    return forms.CharField(
        label=label,
        required=False,
        help_text=_("Only for numbers."),
        widget=_line(inputmode="decimal", autocomplete="off"),
    )


def _product_keys_field(label: str) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=False,
        help_text=_("Product keys separated by commas."),
        widget=_area(4, spellcheck="false"),
    )


def _day_field(label: str, invalid: str) -> forms.DateField:
    """An optional day, with the browser's date picker."""
    return forms.DateField(
        label=label,
        required=False,
        widget=forms.DateInput(attrs={"type": "date", "class": "form-control"}, format="%Y-%m-%d"),
        error_messages={"invalid": invalid},
    )


class EditorForm(forms.Form):
    """A form for an item of a draft (``existing`` when it is changed, None when it is new)
    whose fields can also receive the engine's problems after it validated."""

    mark_optional = True

    def __init__(self, *args, existing: dict | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.existing = existing

    def add_problems(self, by_field: dict[str, list[str]], other: list[str]) -> None:
        for name, messages in by_field.items():
            for message in messages:
                self.add_error(name, message)
        for message in other:
            self.add_error(None, message)


class KeyedForm(EditorForm):
    """A question or a product: a key, and a JSON rule (``rule_field``) that the server checks while one types."""

    rule_field: str

    def __init__(self, *args, check_url: str, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields[self.rule_field].widget = _rule_area(check_url)

    def clean_key(self) -> str:
        return self.cleaned_data["key"].strip()

    def _clean_rule(self):
        try:
            return editor.rule_from_text(self.cleaned_data[self.rule_field])
        except editor.RuleSyntaxError as error:
            raise forms.ValidationError(str(error)) from error


class ImportForm(forms.Form):
    mark_optional = True
    file = forms.FileField(
        label=_("Catalogue file"),
        help_text=_("A YAML or JSON file in the format leuvenhelpt-catalogue/1, at most 5 MB."),
        widget=forms.ClearableFileInput(attrs={"class": "form-control", "accept": ".yaml,.yml,.json"}),
        error_messages={"required": _("Choose the catalogue file to import")},
    )

    def clean_file(self) -> str:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("The file is larger than 5 MB. Choose a smaller catalogue file"))
        try:
            return upload.read().decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise forms.ValidationError(_("The file is not UTF-8 text. Save it as UTF-8 and try again")) from error


class QuestionForm(KeyedForm):
    rule_field = "ask_if"

    key = _key_field(
        _("Lowercase letters, digits and _, starting with a letter, e.g. lives_in_leuven."),
        required=_("Enter the key of the question, e.g. lives_in_leuven"),
    )
    type = forms.ChoiceField(
        label=_("Type of answer"),
        choices=[(value, QUESTION_TYPE_LABELS.get(value, value)) for value in QUESTION_TYPES],
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    text_nl, text_en = _in_two_languages(
        _("Question (Dutch)"), _("Question (English)"), rows=2, required=_("Enter the question in Dutch")
    )
    agent_text_nl, agent_text_en = _in_two_languages(
        _("Text for KCC agents (Dutch)"),
        _("Text for KCC agents (English)"),
        rows=2,
        help_text=_("How an agent reads the question to a caller."),
    )
    help_nl, help_en = _in_two_languages(
        _("Explanation (Dutch)"), _("Explanation (English)"), rows=2, help_text=_("Shown beside the question.")
    )
    options = forms.CharField(
        label=_("Options"),
        required=False,
        help_text=_(
            "Only for one option or zero or more options: one option per line, "
            "as value | Dutch label | English label, e.g. tenant | Ik huur | I rent."
        ),
        widget=_area(5, spellcheck="false"),
    )
    min = _number_field(_("Lowest answer"))
    max = _number_field(_("Highest answer"))
    ask_if = forms.CharField(
        label=_("Only ask when (rule)"),
        required=False,
        help_text=_(
            'A JSON Logic rule that may only mention earlier questions, e.g. {"var": "lives_in_leuven"}. '
            "Leave empty to always ask the question."
        ),
    )

    def clean_options(self):
        try:
            return editor.options_from_text(self.cleaned_data["options"], (self.existing or {}).get("options"))
        except editor.OptionsSyntaxError as error:
            raise forms.ValidationError(
                _("Line %(line)s: write each option as value | Dutch label | English label"),
                params={"line": error.args[0]},
            ) from error

    def _number(self, name: str):
        try:
            return editor.number_from_text(self.cleaned_data[name])
        except ValueError as error:
            raise forms.ValidationError(_("Enter a number, e.g. 18 or 2,5, or leave this empty")) from error

    def clean_min(self):
        return self._number("min")

    def clean_max(self):
        return self._number("max")

    def clean_ask_if(self):
        return self._clean_rule()

    def item(self) -> dict:
        return editor.question_item(self.cleaned_data, self.existing)


class ProductForm(KeyedForm):
    rule_field = "applies_if"

    key = _key_field(
        _("Lowercase letters, digits and -, e.g. bewonerskaart. It appears in web addresses."),
        required=_("Enter the key of the product, e.g. bewonerskaart"),
    )
    name_nl, name_en = _in_two_languages(_("Name (Dutch)"), _("Name (English)"), required=_("Enter the name in Dutch"))
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=[(value, KIND_LABELS[value]) for value in KINDS],
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
        error_messages={"required": _("Choose whether this is an obligation or a service")},
    )
    audiences = forms.MultipleChoiceField(
        label=_("For whom"),
        choices=[(value, AUDIENCE_LABELS[value]) for value in AUDIENCES],
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
        error_messages={"required": _("Choose at least one audience")},
    )
    theme = forms.CharField(
        label=_("Theme"),
        max_length=40,
        help_text=_("The identifier of a theme, e.g. wonen or welzijn."),
        widget=_line(list="editor-themes", autocomplete="off", spellcheck="false"),
        error_messages={"required": _("Enter the theme, e.g. wonen")},
    )
    summary_nl, summary_en = _in_two_languages(
        _("Summary (Dutch)"),
        _("Summary (English)"),
        rows=3,
        help_text=_("What it is, in one or two plain sentences."),
        required=_("Enter the summary in Dutch"),
    )
    how_to_nl, how_to_en = _in_two_languages(
        _("Next step (Dutch)"), _("Next step (English)"), rows=3, help_text=_("Where, how, what to bring.")
    )
    service_nl, service_en = _in_two_languages(
        _("Responsible service (Dutch)"),
        _("Responsible service (English)"),
        help_text=_("The city service or partner responsible."),
    )
    url = forms.CharField(
        label=_("Web page with more information"),
        required=False,
        help_text=_("Starting with https://."),
        widget=_line(type="url", inputmode="url", autocomplete="off", spellcheck="false"),
    )
    checked_on = forms.DateField(
        label=_("Facts checked on"),
        required=False,
        help_text=_("The day you last checked the facts against the source."),
        widget=forms.DateInput(attrs={"type": "date", "class": "form-control"}, format="%Y-%m-%d"),
        error_messages={"invalid": _("Enter a date, e.g. 1 December 2026")},
    )
    source = forms.CharField(
        label=_("Source of the facts"),
        required=False,
        max_length=500,
        help_text=_("The responsible body's page or the regulation the facts come from."),
        widget=_line(autocomplete="off"),
    )
    applies_if = forms.CharField(
        label=_("Applies when (rule)"),
        help_text=_('A JSON Logic rule, e.g. {"and": [{"var": "lives_in_leuven"}, {">=": [{"var": "age"}, 65]}]}.'),
        error_messages={"required": _('Enter the rule that says when the product applies, e.g. {"var": "has_car"}')},
    )
    help_route = forms.ChoiceField(
        label=_("Help from Leuven Helpt"),
        choices=[(value, HELP_ROUTE_LABELS[value]) for value in reversed(HELP_ROUTES)],
        widget=forms.Select(attrs={"class": "form-select"}),
        help_text=_("Whether someone for whom this product applies can ask Leuven Helpt for help with it."),
    )
    priority = forms.ChoiceField(
        label=_("Priority in the results"),
        required=False,
        choices=[
            ("", _("As its kind (an obligation before a service)")),
            ("crisis", _("Crisis: first, under the urgent banner with the emergency numbers")),
            ("obligation", _("Obligation")),
            ("normal", _("Normal")),
        ],
        widget=forms.Select(attrs={"class": "form-select"}),
    )

    def clean_theme(self) -> str:
        return self.cleaned_data["theme"].strip()

    def clean_applies_if(self):
        return self._clean_rule()

    def item(self) -> dict:
        return editor.product_item(self.cleaned_data, self.existing)

    @staticmethod
    def themes() -> list[str]:
        return list(THEMES)


class CaseForm(EditorForm):
    name = forms.CharField(
        label=_("Name of the case"),
        max_length=200,
        help_text=_("A short description of the person, e.g. Senior in Leuven without a car."),
        widget=_line(),
        error_messages={"required": _("Enter a name for the case")},
    )
    answers = forms.CharField(
        label=_("Answers (JSON)"),
        help_text=_('Question key and answer, e.g. {"audience": "citizen", "age": 70, "has_car": false}.'),
        widget=_area(14, **{"class": "form-control font-monospace", "spellcheck": "false"}),
        error_messages={"required": _('Enter the answers as JSON, e.g. {"audience": "citizen"}')},
    )
    applies = _product_keys_field(_("Products that must apply"))
    not_applies = _product_keys_field(_("Products that must not apply"))

    def clean_name(self) -> str:
        return self.cleaned_data["name"].strip()

    def clean_answers(self) -> dict:
        try:
            answers = json.loads(self.cleaned_data["answers"])
        except json.JSONDecodeError as error:
            raise forms.ValidationError(
                _("This is not valid JSON (line %(line)s, column %(column)s: %(message)s)."),
                params={"line": error.lineno, "column": error.colno, "message": error.msg},
            ) from error
        if not isinstance(answers, dict):
            raise forms.ValidationError(_('Write the answers as one JSON object between { and }, e.g. {"age": 70}'))
        return answers

    def clean_applies(self) -> list[str]:
        return editor.keys_from_text(self.cleaned_data["applies"])

    def clean_not_applies(self) -> list[str]:
        return editor.keys_from_text(self.cleaned_data["not_applies"])

    def item(self) -> dict:
        return editor.case_item(self.cleaned_data, self.existing)


class AnalyticsForm(forms.Form):
    """The edition and period of the statistics (a GET form: every choice is a link)."""

    mark_optional = True

    editie = forms.TypedChoiceField(
        label=_("Edition"),
        coerce=int,
        widget=forms.Select(attrs={"class": "form-select"}),
        error_messages={"invalid_choice": _("Choose one of the editions in the list")},
    )
    van = _day_field(_("From"), _("Enter the first day as a date, e.g. 2026-11-01"))
    tot = _day_field(_("Up to and including"), _("Enter the last day as a date, e.g. 2026-11-30"))

    def __init__(self, *args, editions, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["editie"].choices = [
            (edition.id, f"{edition.label} ({edition.get_state_display()})") for edition in editions
        ]

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("van"), cleaned.get("tot")
        if start and end and start > end:
            self.add_error("tot", _("The last day must be on or after the first day"))
        return cleaned


def rule_check_url(edition_id: int) -> str:
    return reverse("assistant:editor_rule_check", args=[edition_id])
