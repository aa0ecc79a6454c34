"""One form per question type, built from the catalogue's question. Messages are instructions in the user's language."""

from django import forms
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from assistant.engine import Question
from assistant.templatetags.assistant_tags import text, text_lang
from leuvenhelpt.forms import parse_decimal


def _number_text(value) -> str:
    return f"{value:g}".replace(".", ",") if isinstance(value, float) else str(value)


class AnswerForm(forms.Form):
    """The answer to one question, shaped by its type (boolean, choice, multi, number, postcode)."""

    def __init__(self, *args, question: Question, **kwargs):
        super().__init__(*args, **kwargs)
        self.question = question
        label = text(question.text)
        help_text = text(question.help) if question.help else ""
        if question.type == "boolean":
            self.fields["answer"] = forms.TypedChoiceField(
                label=label,
                help_text=help_text,
                choices=[("ja", _("Yes")), ("nee", _("No"))],
                coerce=lambda value: value == "ja",
                widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
                error_messages={
                    "required": _("Choose yes or no."),
                    "invalid_choice": _("Choose yes or no."),
                },
            )
        elif question.type == "choice":
            self.fields["answer"] = forms.ChoiceField(
                label=label,
                help_text=help_text,
                choices=[(option.value, text(option.label)) for option in question.options],
                widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
                error_messages={
                    "required": _("Choose one of the options."),
                    "invalid_choice": _("Choose one of the options shown."),
                },
            )
        elif question.type == "multi":
            self.fields["answer"] = forms.MultipleChoiceField(
                label=label,
                help_text=help_text or _("Tick everything that applies, or nothing if none applies."),
                choices=[(option.value, text(option.label)) for option in question.options],
                widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
                required=False,
                error_messages={"invalid_choice": _("Choose only from the options shown.")},
            )
            # Tells an empty multi answer ("none of these") apart from a form that was never sent.
            self.fields["shown"] = forms.CharField(widget=forms.HiddenInput, initial="1", required=False)
        elif question.type == "number":
            self.fields["answer"] = forms.CharField(
                label=label,
                help_text=help_text,
                max_length=20,
                widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off", "class": "input-short"}),
                error_messages={"required": _("Enter a number.")},
            )
        elif question.type == "postcode":
            self.fields["answer"] = forms.CharField(
                label=label,
                help_text=help_text or _("Four digits, for example 3000."),
                max_length=10,
                widget=forms.TextInput(
                    attrs={"inputmode": "numeric", "autocomplete": "postal-code", "class": "input-short"}
                ),
                error_messages={"required": _("Enter a postcode of four digits, for example 3000.")},
            )
        else:  # pragma: no cover - the engine knows no other types
            raise ValueError(question.type)

    def options(self) -> list[dict]:
        """The choices as plain data for the template (cheaper than rendering each widget)."""
        field = self.fields["answer"]
        if not hasattr(field, "choices"):
            return []
        value = self["answer"].value()
        if self.question.type == "boolean" and isinstance(value, bool):
            value = "ja" if value else "nee"
        chosen = {str(v) for v in value} if isinstance(value, list | tuple) else {str(value)}
        # An option whose label lacks the reader's language is shown in Dutch, marked so (lang="nl").
        shown_in = {option.value: text_lang(option.label) for option in self.question.options or ()}
        active = translation.get_language() or "nl"
        return [
            {
                "value": v,
                "label": label,
                "checked": v in chosen,
                "lang": shown_in.get(v) if shown_in.get(v) != active else "",
            }
            for v, label in field.choices
        ]

    def clean_answer(self):
        value = self.cleaned_data["answer"]
        question = self.question
        if question.type == "number":
            try:
                number = parse_decimal(value)
            except ValueError:
                raise forms.ValidationError(_("Enter a number, for example 42.")) from None
            if number is None:
                raise forms.ValidationError(_("Enter a number, for example 42."))
            number = int(number) if number == number.to_integral_value() else float(number)
            low, high = question.min, question.max
            if (low is not None and number < low) or (high is not None and number > high):
                if low is not None and high is not None:
                    message = _("Enter a number from %(min)s to %(max)s.")
                elif low is not None:
                    message = _("Enter a number of at least %(min)s.")
                else:
                    message = _("Enter a number of at most %(max)s.")
                raise forms.ValidationError(
                    message % {"min": _number_text(low), "max": _number_text(high)}, code="out_of_bounds"
                )
            return number
        if question.type == "postcode":
            value = value.strip()
            if not (len(value) == 4 and value.isdigit() and "1000" <= value <= "9999"):
                raise forms.ValidationError(_("Enter a Belgian postcode of four digits, for example 3000."))
            return value
        if question.type == "multi":
            return list(dict.fromkeys(value))
        return value


class MailResultsForm(forms.Form):
    email = forms.EmailField(
        label=gettext_lazy("Your e-mail address"),
        help_text=gettext_lazy("We only use it to send you this result. We do not keep it."),
        error_messages={
            "required": gettext_lazy("Enter your e-mail address, for example naam@voorbeeld.be."),
            "invalid": gettext_lazy("Enter an e-mail address like naam@voorbeeld.be."),
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
