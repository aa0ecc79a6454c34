"""The form at /hulp/: plain questions, errors written as instructions."""

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.contact_details import PhoneField, phone_is_mobile
from leuvenhelpt.languages import offered_choices
from people.models import NotifyChannel
from privacy.consent_texts import WORDINGS
from privacy.models import Consent
from requests_app.models import ContactWay, FollowUpQuestion, Need, Urgency

URGENCY_CHOICES = [
    (Urgency.LOW, _("It can wait a few weeks")),
    (Urgency.NORMAL, _("In the coming days")),
    (Urgency.HIGH, _("As soon as possible")),
    (Urgency.CRISIS, _("Today: it is a crisis")),
]


ADDRESS_MESSAGES = (
    ("street", _("Fill in your street, for example Diestsesteenweg.")),
    ("house_number", _("Fill in your house number, for example 112.")),
    ("postcode", _("Fill in your postcode, for example 3010.")),
    ("municipality", _("Fill in your municipality, for example Kessel-Lo.")),
)


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
        # site.js shows the emergency numbers when the option with this value is chosen.
        widget=forms.RadioSelect(attrs={"data-emergency-value": int(Urgency.CRISIS)}),
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
    phone = PhoneField(label=_("Phone number"), help_text=_("For example 0470 12 34 56."), required=False)
    email = forms.EmailField(
        label=_("E-mail address"),
        help_text=_("We send you the reference number and a link to follow your question."),
        required=False,
        error_messages={"invalid": _("Fill in a valid e-mail address, for example naam@voorbeeld.be.")},
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    notify_channel = forms.ChoiceField(
        label=_("How do you want to hear how your question is going?"),
        help_text=_("No e-mail? We can send you a text message or a letter."),
        choices=NotifyChannel.choices,
        required=False,
        widget=forms.RadioSelect,
    )
    street = forms.CharField(
        label=_("Street"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "address-line1"}),
    )
    house_number = forms.CharField(label=_("Number"), max_length=10, required=False)
    box = forms.CharField(label=_("Box (optional)"), max_length=10, required=False)
    postcode = forms.RegexField(
        label=_("Postcode"),
        regex=r"^[1-9][0-9]{3}$",
        max_length=4,
        required=False,
        error_messages={"invalid": _("Fill in a postcode of four digits, for example 3010.")},
        widget=forms.TextInput(attrs={"autocomplete": "postal-code", "inputmode": "numeric"}),
    )
    municipality = forms.CharField(
        label=_("Municipality"),
        max_length=100,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "address-level2"}),
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

    ADDRESS_FIELDS = ("street", "house_number", "box", "postcode", "municipality")

    def __init__(self, *args, mode: str, account_phone: str = "", account_email: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.mode = mode
        self.account_phone, self.account_email = account_phone, account_email
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
            self.fields["notify_channel"].label = _("How does the help seeker want to hear how the question is going?")
        else:  # pragma: no cover - a programming error
            raise ValueError(mode)

    def clean(self):
        cleaned = super().clean()
        self._clean_reachability(cleaned)
        if self.mode == "account" or "phone" in self.errors or "email" in self.errors:
            return cleaned
        if not cleaned.get("phone") and not cleaned.get("email"):
            self.add_error("phone", _("Fill in a phone number or an e-mail address, so that we can reach you."))
        elif cleaned.get("contact_way") == ContactWay.EMAIL and not cleaned.get("email"):
            self.add_error("email", _("Fill in an e-mail address, or choose another way to contact you."))
        return cleaned

    def _clean_reachability(self, cleaned: dict) -> None:
        """An SMS needs a mobile number, a letter or a home visit a complete address, e-mail an address."""
        channel = cleaned.get("notify_channel")
        phone = cleaned.get("phone", "") if self.mode != "account" else self.account_phone
        email = cleaned.get("email", "") if self.mode != "account" else self.account_email
        if not channel:  # not chosen: e-mail when there is an address, else nothing (they call us)
            channel = cleaned["notify_channel"] = NotifyChannel.EMAIL if email else NotifyChannel.NONE
        if channel == NotifyChannel.SMS and "phone" not in self.errors and not phone_is_mobile(phone):
            field = "phone" if self.mode != "account" else "notify_channel"
            self.add_error(
                field,
                _("For a text message we need a mobile number, for example 0470 12 34 56. Or choose another way.")
                if self.mode != "account"
                else _("Your profile has no mobile number. Add one under “My profile”, or choose another way."),
            )
        if channel == NotifyChannel.EMAIL and "email" not in self.errors and not email:
            self.add_error(
                "notify_channel", _("Without an e-mail address we cannot write to you by e-mail. Choose another way.")
            )
        needs_address = channel == NotifyChannel.LETTER or cleaned.get("contact_way") == ContactWay.VISIT
        if needs_address:
            for name, message in ADDRESS_MESSAGES:
                if not cleaned.get(name) and name not in self.errors:
                    self.add_error(name, message)


class ReachabilityForm(forms.Form):
    """How someone hears about their requests, and their postal address: changed by them (/mijn/aanvragen/
    bereikbaarheid/) or by a coordinator. The service refuses an SMS without a mobile number and a letter
    without a complete address; the form says so first."""

    notify_channel = forms.ChoiceField(
        label=_("How do you want to hear how your questions are going?"),
        choices=NotifyChannel.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose how you want to hear from us.")},
    )
    phone = PhoneField(
        label=_("Mobile or other phone number"), required=False, help_text=_("For example 0470 12 34 56.")
    )
    street = AskForHelpForm.base_fields["street"]
    house_number = AskForHelpForm.base_fields["house_number"]
    box = AskForHelpForm.base_fields["box"]
    postcode = AskForHelpForm.base_fields["postcode"]
    municipality = AskForHelpForm.base_fields["municipality"]
    language = forms.ChoiceField(
        label=_("Language of our e-mails, text messages and letters"), choices=offered_choices, required=False
    )

    def __init__(self, *args, email: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.email = email  # None: not known here (the service checks it)

    def clean(self):
        cleaned = super().clean()
        channel = cleaned.get("notify_channel")
        if (
            channel == NotifyChannel.SMS
            and "phone" not in self.errors
            and not phone_is_mobile(cleaned.get("phone", ""))
        ):
            self.add_error(
                "phone",
                _("For a text message we need a mobile number, for example 0470 12 34 56. Or choose another way."),
            )
        if channel == NotifyChannel.EMAIL and self.email is not None and not self.email:
            self.add_error(
                "notify_channel", _("Without an e-mail address we cannot write to you by e-mail. Choose another way.")
            )
        if channel == NotifyChannel.LETTER:
            for name, message in ADDRESS_MESSAGES:
                if not cleaned.get(name) and name not in self.errors:
                    self.add_error(name, message)
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


class WithdrawForm(forms.Form):
    """Withdrawing a question: an optional reason (the confirmation itself is the hidden ``confirmed``)."""

    reason = forms.CharField(
        label=_("Why do you withdraw your question? (optional)"),
        help_text=_("For example: the problem is solved, or someone else helps me."),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
