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


class EditorForm(forms.Form):
    """A form whose fields can also receive the engine's problems after it validated."""

    def add_problems(self, by_field: dict[str, list[str]], other: list[str]) -> None:
        for name, messages in by_field.items():
            for message in messages:
                self.add_error(name, message)
        for message in other:
            self.add_error(None, message)


class ImportForm(forms.Form):
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


class QuestionForm(EditorForm):
    key = forms.CharField(
        label=_("Key"),
        max_length=100,
        help_text=_("Lowercase letters, digits and _, starting with a letter, e.g. lives_in_leuven."),
        widget=_line(autocomplete="off", spellcheck="false"),
        error_messages={"required": _("Enter the key of the question, e.g. lives_in_leuven")},
    )
    type = forms.ChoiceField(
        label=_("Type of answer"),
        choices=[(value, QUESTION_TYPE_LABELS.get(value, value)) for value in QUESTION_TYPES],
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    text_nl = forms.CharField(
        label=_("Question (Dutch)"),
        widget=_area(2, lang="nl"),
        error_messages={"required": _("Enter the question in Dutch")},
    )
    text_en = forms.CharField(label=_("Question (English)"), required=False, widget=_area(2, lang="en"))
    agent_text_nl = forms.CharField(
        label=_("Text for KCC agents (Dutch)"),
        required=False,
        help_text=_("How an agent reads the question to a caller."),
        widget=_area(2, lang="nl"),
    )
    agent_text_en = forms.CharField(
        label=_("Text for KCC agents (English)"), required=False, widget=_area(2, lang="en")
    )
    help_nl = forms.CharField(
        label=_("Explanation (Dutch)"),
        required=False,
        help_text=_("Shown beside the question."),
        widget=_area(2, lang="nl"),
    )
    help_en = forms.CharField(label=_("Explanation (English)"), required=False, widget=_area(2, lang="en"))
    options = forms.CharField(
        label=_("Options"),
        required=False,
        help_text=_(
            "Only for one option or zero or more options: one option per line, "
            "as value | Dutch label | English label, e.g. tenant | Ik huur | I rent."
        ),
        widget=_area(5, spellcheck="false"),
    )
    min = forms.CharField(
        label=_("Lowest answer"),
        required=False,
        help_text=_("Only for numbers."),
        widget=_line(inputmode="decimal", autocomplete="off"),
    )
    max = forms.CharField(
        label=_("Highest answer"),
        required=False,
        help_text=_("Only for numbers."),
        widget=_line(inputmode="decimal", autocomplete="off"),
    )
    ask_if = forms.CharField(
        label=_("Only ask when (rule)"),
        required=False,
        help_text=_(
            'A JSON Logic rule that may only mention earlier questions, e.g. {"var": "lives_in_leuven"}. '
            "Leave empty to always ask the question."
        ),
    )

    def __init__(self, *args, check_url: str, existing: dict | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.existing = existing
        self.fields["ask_if"].widget = _rule_area(check_url)

    def clean_key(self) -> str:
        return self.cleaned_data["key"].strip()

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
        try:
            return editor.rule_from_text(self.cleaned_data["ask_if"])
        except editor.RuleSyntaxError as error:
            raise forms.ValidationError(str(error)) from error

    def item(self) -> dict:
        return editor.question_item(self.cleaned_data, self.existing)


class ProductForm(EditorForm):
    key = forms.CharField(
        label=_("Key"),
        max_length=100,
        help_text=_("Lowercase letters, digits and -, e.g. bewonerskaart. It appears in web addresses."),
        widget=_line(autocomplete="off", spellcheck="false"),
        error_messages={"required": _("Enter the key of the product, e.g. bewonerskaart")},
    )
    name_nl = forms.CharField(
        label=_("Name (Dutch)"), widget=_line(lang="nl"), error_messages={"required": _("Enter the name in Dutch")}
    )
    name_en = forms.CharField(label=_("Name (English)"), required=False, widget=_line(lang="en"))
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
    summary_nl = forms.CharField(
        label=_("Summary (Dutch)"),
        help_text=_("What it is, in one or two plain sentences."),
        widget=_area(3, lang="nl"),
        error_messages={"required": _("Enter the summary in Dutch")},
    )
    summary_en = forms.CharField(label=_("Summary (English)"), required=False, widget=_area(3, lang="en"))
    how_to_nl = forms.CharField(
        label=_("Next step (Dutch)"),
        required=False,
        help_text=_("Where, how, what to bring."),
        widget=_area(3, lang="nl"),
    )
    how_to_en = forms.CharField(label=_("Next step (English)"), required=False, widget=_area(3, lang="en"))
    service_nl = forms.CharField(
        label=_("Responsible service (Dutch)"),
        required=False,
        help_text=_("The city service or partner responsible."),
        widget=_line(lang="nl"),
    )
    service_en = forms.CharField(label=_("Responsible service (English)"), required=False, widget=_line(lang="en"))
    url = forms.CharField(
        label=_("Web page with more information"),
        required=False,
        help_text=_("Starting with https://."),
        widget=_line(type="url", inputmode="url", autocomplete="off", spellcheck="false"),
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

    def __init__(self, *args, check_url: str, existing: dict | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.existing = existing
        self.fields["applies_if"].widget = _rule_area(check_url)

    def clean_key(self) -> str:
        return self.cleaned_data["key"].strip()

    def clean_theme(self) -> str:
        return self.cleaned_data["theme"].strip()

    def clean_applies_if(self):
        try:
            return editor.rule_from_text(self.cleaned_data["applies_if"])
        except editor.RuleSyntaxError as error:
            raise forms.ValidationError(str(error)) from error

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
    applies = forms.CharField(
        label=_("Products that must apply"),
        required=False,
        help_text=_("Product keys separated by commas."),
        widget=_area(4, spellcheck="false"),
    )
    not_applies = forms.CharField(
        label=_("Products that must not apply"),
        required=False,
        help_text=_("Product keys separated by commas."),
        widget=_area(4, spellcheck="false"),
    )

    def __init__(self, *args, existing: dict | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.existing = existing

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

    editie = forms.TypedChoiceField(
        label=_("Edition"),
        coerce=int,
        widget=forms.Select(attrs={"class": "form-select"}),
        error_messages={"invalid_choice": _("Choose one of the editions in the list")},
    )
    van = forms.DateField(
        label=_("From"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date", "class": "form-control"}, format="%Y-%m-%d"),
        error_messages={"invalid": _("Enter the first day as a date, e.g. 2026-11-01")},
    )
    tot = forms.DateField(
        label=_("Up to and including"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date", "class": "form-control"}, format="%Y-%m-%d"),
        error_messages={"invalid": _("Enter the last day as a date, e.g. 2026-11-30")},
    )

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
