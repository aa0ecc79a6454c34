"""The form at /hulp/: plain questions, errors written as instructions."""

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from privacy.consent_texts import WORDINGS
from privacy.models import Consent
from requests_app.models import ContactWay, FollowUpQuestion, Need, Urgency

PHONE_RE = re.compile(r"^\+?[0-9 ./()-]{9,20}$")

URGENCY_CHOICES = [
    (Urgency.LOW, _("It can wait a few weeks")),
    (Urgency.NORMAL, _("In the coming days")),
    (Urgency.HIGH, _("As soon as possible")),
    (Urgency.CRISIS, _("Today: it is a crisis")),
]


class AskForHelpForm(forms.Form):
    """Who asks decides which parts are asked: ``mode`` is ``account``, ``anonymous`` or ``on_behalf``."""

    needs = forms.MultipleChoiceField(
        label=_("What is your question about?"),
        help_text=_("Choose one or more topics."),
        choices=Need.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one topic, for example “Paperwork and digital help”.")},
    )
    description = forms.CharField(
        label=_("What do you need help with?"),
        help_text=_("Tell us in your own words. A few sentences are enough."),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=4000,
        error_messages={"required": _("Tell us what you need help with.")},
    )
    urgency = forms.TypedChoiceField(
        label=_("How soon do you need help?"),
        choices=URGENCY_CHOICES,
        coerce=int,
        initial=Urgency.NORMAL,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose how soon you need help.")},
    )
    contact_way = forms.ChoiceField(
        label=_("How may we contact you?"),
        choices=ContactWay.choices,
        initial=ContactWay.PHONE,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose how we may contact you.")},
    )
    contact_time = forms.CharField(
        label=_("When can we best reach you? (optional)"),
        help_text=_("For example: on weekday mornings, not on Wednesdays."),
        max_length=200,
        required=False,
    )
    full_name = forms.CharField(
        label=_("Your name"),
        max_length=150,
        error_messages={"required": _("Fill in your name.")},
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    phone = forms.CharField(
        label=_("Phone number"),
        help_text=_("For example 0470 12 34 56."),
        max_length=32,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )
    email = forms.EmailField(
        label=_("E-mail address"),
        help_text=_("We send you the reference number and a link to follow your question."),
        required=False,
        error_messages={"invalid": _("Fill in a valid e-mail address, for example naam@voorbeeld.be.")},
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    # The words of the contact consent, as stored with the consent (privacy.consent_texts).
    consent = forms.BooleanField(
        label=WORDINGS[Consent.Purpose.CONTACT][1],
        error_messages={"required": _("Tick the box to agree that we may contact you. Without it we cannot help.")},
    )
    on_behalf_consent = forms.CharField(
        label=_("How did the help seeker give consent?"),
        help_text=_("For example: by phone on 3 March, in a conversation at home, signed form."),
        max_length=300,
        error_messages={"required": _("Write down how the help seeker agreed that we contact them.")},
    )
    product = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, mode: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.mode = mode
        if mode == "account":
            for name in ("full_name", "phone", "email", "on_behalf_consent"):
                del self.fields[name]
        elif mode == "anonymous":
            del self.fields["on_behalf_consent"]
        elif mode == "on_behalf":
            del self.fields["consent"]
            self.fields["full_name"].label = _("Name of the help seeker")
            self.fields["full_name"].error_messages["required"] = _("Fill in the name of the help seeker.")
            self.fields["full_name"].widget.attrs["autocomplete"] = "off"
            self.fields["phone"].label = _("Phone number of the help seeker")
            self.fields["email"].label = _("E-mail address of the help seeker")
            self.fields["email"].help_text = ""
            self.fields["contact_way"].label = _("How may we contact the help seeker?")
            self.fields["contact_way"].error_messages["required"] = _("Choose how we may contact the help seeker.")
            self.fields["contact_time"].label = _("When can we best reach the help seeker? (optional)")
        else:  # pragma: no cover - a programming error
            raise ValueError(mode)

    def clean_phone(self) -> str:
        phone = self.cleaned_data.get("phone", "").strip()
        if phone and not PHONE_RE.match(phone):
            raise forms.ValidationError(_("Fill in a phone number with digits only, for example 0470 12 34 56."))
        return phone

    def clean(self):
        cleaned = super().clean()
        if self.mode == "account" or "phone" in self.errors or "email" in self.errors:
            return cleaned
        if not cleaned.get("phone") and not cleaned.get("email"):
            self.add_error("phone", _("Fill in a phone number or an e-mail address, so that we can reach you."))
        elif cleaned.get("contact_way") == ContactWay.EMAIL and not cleaned.get("email"):
            self.add_error("email", _("Fill in an e-mail address, or choose another way to contact you."))
        return cleaned


class FollowUpAnswerForm(forms.Form):
    """ "Did you get the help you needed?": one answer, an optional comment."""

    answer = forms.ChoiceField(
        label=_("Did you get the help you needed?"),
        choices=FollowUpQuestion.Answer.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose yes, partly or no."), "invalid_choice": _("Choose yes, partly or no.")},
    )
    comment = forms.CharField(
        label=_("Would you like to tell us more? (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
