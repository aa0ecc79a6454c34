"""The console's forms. Messages are instructions, in the agent's language."""

from datetime import datetime, timedelta

from django import forms
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from accounts.contact_details import DATE_INPUT_FORMATS, PhoneField, phone_is_mobile, validate_date_of_birth
from accounts.models import Organization
from assistant.forms import AnswerForm
from assistant.templatetags.assistant_tags import ltext
from helpdesk.models import ContactMoment, LifeDomain, Route, Signal
from helpdesk.reference_data import ReferenceData, callback_colleagues
from leuvenhelpt.languages import offered_choices
from people.models import Channel, NotifyChannel
from requests_app.models import ContactWay, Need, Urgency


def show_choices(field: forms.ModelChoiceField, objects) -> None:
    """Offer ``objects`` (already in memory, see ``reference_data``) as the field's choices, instead of a
    query per rendered form. What is posted is still validated against the field's queryset."""
    choices = [(obj.pk, field.label_from_instance(obj)) for obj in objects]
    if getattr(field, "empty_label", None) is not None:
        choices.insert(0, ("", field.empty_label))
    field.choices = choices


class StartForm(forms.Form):
    channel = forms.ChoiceField(
        label=_("Channel"),
        choices=[(c.value, c.label) for c in ContactMoment.CHANNELS],
        initial=Channel.PHONE,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose the channel of the contact.")},
    )


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Find the caller"),
        help_text=_("Name, phone number, e-mail address, date of birth (dd/mm/yyyy) or reference code (LH-…)."),
        max_length=150,
    )


class AgentAnswerForm(AnswerForm):
    """The assistant's answer form as the agent reads it in the guided intake (rendered by the one field
    template): the agent text as the label, the caller's wording as the hint ("The caller reads: …"), the first
    input focused when the section opens (``data-kcc-focus``), no autocomplete (the agent types the caller's
    postcode, not their own)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        question, field = self.question, self.fields["answer"]
        if question.agent_text:
            field.label = ltext(question.agent_text)
            field.help_text = format_html("{}: “{}”", _("The caller reads"), ltext(question.text))
        else:
            field.label, field.help_text = ltext(question.text), ""
        field.widget.attrs.update({"data-kcc-focus": True, "autocomplete": "off"})


class RegisterForm(forms.Form):
    mark_optional = True
    full_name = forms.CharField(
        label=_("Full name"), max_length=150, error_messages={"required": _("Enter the caller's name.")}
    )
    phone = PhoneField(label=_("Phone number"), required=False, widget=forms.TextInput(attrs={"inputmode": "tel"}))
    email = forms.EmailField(
        label=_("E-mail address"),
        required=False,
        error_messages={"invalid": _("Enter an e-mail address like naam@voorbeeld.be.")},
    )
    date_of_birth = forms.DateField(
        label=_("Date of birth"),
        required=False,
        input_formats=DATE_INPUT_FORMATS,
        validators=[validate_date_of_birth],
        help_text=_("For example 31/01/1950."),
        error_messages={"invalid": _("Enter the date of birth as day/month/year, for example 31/01/1950.")},
    )
    postcode = forms.RegexField(
        label=_("Postcode"),
        regex=r"^[1-9][0-9]{3}$",
        required=False,
        max_length=4,
        error_messages={"invalid": _("Enter a postcode of four digits, for example 3000.")},
    )
    municipality = forms.CharField(label=_("Municipality"), max_length=100, required=False)
    language = forms.ChoiceField(
        label=_("Language of the caller"),
        choices=offered_choices,
        initial="nl",
        required=False,  # nothing chosen: Dutch
        help_text=_("Mails, text messages and the assistant's results go out in this language."),
    )
    street = forms.CharField(label=_("Street"), max_length=200, required=False)
    house_number = forms.CharField(label=_("Number"), max_length=10, required=False)
    box = forms.CharField(label=_("Box"), max_length=10, required=False)
    notify_channel = forms.ChoiceField(
        label=_("News about their request by"),
        choices=[("", _("E-mail if there is an address, else none"))] + list(NotifyChannel.choices),
        required=False,
        help_text=_("No e-mail? Offer a text message (a mobile number) or a letter (the full address)."),
    )
    confirm = forms.BooleanField(required=False, widget=forms.HiddenInput)

    # The oldest caller we expect (a date of birth before this many years ago is a typo, e.g. 1826 for 1926).
    OLDEST_YEARS = 120

    def clean_date_of_birth(self):
        born = self.cleaned_data.get("date_of_birth")
        if born is None:
            return born
        today = timezone.localdate()
        if born > today:
            raise forms.ValidationError(
                _("This date of birth is in the future. Ask the caller again, for example 31/01/1950.")
            )
        if born.year < today.year - self.OLDEST_YEARS:
            raise forms.ValidationError(
                _("This date of birth is more than %(years)s years ago. Ask the caller again, for example 31/01/1950.")
                % {"years": self.OLDEST_YEARS}
            )
        return born

    def clean(self):
        data = super().clean()
        if not self.errors and not data.get("phone") and not data.get("email"):
            raise forms.ValidationError(_("Enter a phone number or an e-mail address, so we can reach the caller."))
        channel = data.get("notify_channel") or (NotifyChannel.EMAIL if data.get("email") else NotifyChannel.NONE)
        data["notify_channel"] = channel
        if channel == NotifyChannel.SMS and "phone" not in self.errors and not phone_is_mobile(data.get("phone", "")):
            self.add_error("phone", _("A text message needs a mobile number: ask for one, or choose another way."))
        if channel == NotifyChannel.EMAIL and not data.get("email") and "email" not in self.errors:
            self.add_error("email", _("E-mail needs an e-mail address. Choose another way."))
        if channel == NotifyChannel.LETTER:
            for name in ("street", "house_number", "postcode", "municipality"):
                if not data.get(name) and name not in self.errors:
                    self.add_error(name, _("A letter needs the full address: fill in this part."))
        return data


class QuestionForm(forms.Form):
    mark_optional = True
    text = forms.CharField(
        label=_("Question of the caller"),
        max_length=300,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
        error_messages={"required": _("Type the caller's question in a few words.")},
    )
    domain = forms.ModelChoiceField(
        label=_("Life domain"), queryset=LifeDomain.objects.all(), required=False, empty_label=_("(none)")
    )

    def __init__(self, *args, reference: ReferenceData | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if reference is not None:
            show_choices(self.fields["domain"], reference.domains)


class ScreeningForm(forms.Form):
    signals = forms.ModelMultipleChoiceField(
        label=_("Signals"),
        queryset=Signal.objects.filter(active=True),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


class ReferForm(forms.Form):
    mark_optional = True
    route = forms.ModelChoiceField(
        label=_("Route"),
        queryset=Route.objects.filter(active=True),
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose where the caller is referred to.")},
    )
    needs = forms.MultipleChoiceField(
        label=_("What the help is about"),
        choices=Need.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Tick at least one subject.")},
    )
    description = forms.CharField(
        label=_("The help question"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        error_messages={"required": _("Describe the help question in a few sentences.")},
    )
    urgency = forms.TypedChoiceField(
        label=_("Urgency"),
        choices=Urgency.choices,
        coerce=int,
        initial=Urgency.NORMAL,
        help_text=_("A crisis: give the caller the emergency numbers at once; the coordinators are alerted."),
        widget=forms.Select(attrs={"data-emergency-value": int(Urgency.CRISIS)}),
    )
    contact_way = forms.ChoiceField(label=_("How to contact"), choices=ContactWay.choices, initial=ContactWay.PHONE)
    contact_time = forms.CharField(label=_("When to contact"), max_length=200, required=False)
    consent_contact = forms.BooleanField(
        label=_("The caller agrees that Leuven Helpt contacts them and that I ask for help on their behalf."),
        error_messages={"required": _("Ask the caller for consent: without it no help request can be made.")},
    )
    share_with = forms.ModelMultipleChoiceField(
        label=_("The caller agrees to share their question with"),
        queryset=Organization.objects.exclude(kind=Organization.Kind.CITY_SERVICE).order_by("name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, reference: ReferenceData | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if reference is not None:
            show_choices(self.fields["route"], reference.routes)
            show_choices(self.fields["share_with"], reference.share_with)


class CloseForm(forms.Form):
    mark_optional = True
    conditionally_required = ("transfer_to", "transfer_succeeded", "callback_due_at")  # for some outcomes
    outcome = forms.ChoiceField(
        label=_("Outcome"),
        choices=ContactMoment.Outcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose the outcome of the contact.")},
    )
    summary = forms.CharField(
        label=_("Short summary"), widget=forms.Textarea(attrs={"rows": 2}), max_length=1000, required=False
    )
    transfer_to = forms.CharField(label=_("Transferred to"), max_length=150, required=False)
    transfer_succeeded = forms.TypedChoiceField(
        label=_("Did the transfer succeed?"),
        choices=[("", "—"), ("ja", _("Yes")), ("nee", _("No"))],
        coerce=lambda value: value == "ja",
        empty_value=None,
        required=False,
    )
    callback_organization = forms.ModelChoiceField(
        label=_("Call back: team"),
        queryset=Organization.objects.order_by("name"),
        required=False,
        empty_label=_("(a person instead)"),
    )
    callback_assignee = forms.ModelChoiceField(
        label=_("Call back: person"),
        queryset=None,
        required=False,
        empty_label=_("(me)"),
    )
    callback_due_at = forms.DateTimeField(
        label=_("Call back before"),
        required=False,
        input_formats=["%d/%m/%Y %H:%M", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        error_messages={"invalid": _("Enter a date and time, for example 31/01/2027 14:00.")},
    )
    callback_note = forms.CharField(label=_("Note for the callback"), max_length=300, required=False)

    def __init__(self, *args, reference: ReferenceData | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["callback_assignee"].queryset = callback_colleagues()
        if reference is not None:
            show_choices(self.fields["callback_organization"], reference.organizations)
            show_choices(self.fields["callback_assignee"], reference.colleagues)
        self.fields["callback_due_at"].initial = timezone.localtime() + timedelta(hours=4)

    def clean(self):
        data = super().clean()
        outcome = data.get("outcome")
        if outcome == ContactMoment.Outcome.TRANSFERRED:
            if not data.get("transfer_to"):
                self.add_error("transfer_to", _("Enter to whom the call was transferred."))
            if data.get("transfer_succeeded") is None:
                self.add_error("transfer_succeeded", _("Say whether the transfer succeeded."))
        if outcome == ContactMoment.Outcome.CALLBACK:
            due = data.get("callback_due_at")
            if due is None:
                self.add_error("callback_due_at", _("Enter when the caller must be called back."))
            elif isinstance(due, datetime) and due < timezone.now():
                self.add_error("callback_due_at", _("Choose a time in the future."))
        return data


class CallbackForm(forms.Form):
    mark_optional = True
    """What came of calling the caller back."""

    REACHED, RETRY, STOP = "reached", "retry", "stop"
    conditionally_required = ("retry_at",)  # when trying again
    outcome = forms.ChoiceField(
        label=_("Did you reach the caller?"),
        choices=[
            (REACHED, _("Yes, I reached the caller")),
            (RETRY, _("No: try again later")),
            (STOP, _("No: stop trying")),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": _("Say whether you reached the caller.")},
    )
    retry_at = forms.DateTimeField(
        label=_("Try again before"),
        help_text=_("Only when you try again later."),
        required=False,
        input_formats=["%d/%m/%Y %H:%M", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        error_messages={"invalid": _("Enter a date and time, for example 31/01/2027 14:00.")},
    )
    note = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}), max_length=300, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["retry_at"].initial = timezone.localtime() + timedelta(hours=2)

    def clean(self):
        data = super().clean()
        if data.get("outcome") == self.RETRY:
            retry_at = data.get("retry_at")
            if retry_at is None and "retry_at" not in self.errors:
                self.add_error("retry_at", _("Enter when to try again."))
            elif isinstance(retry_at, datetime) and retry_at <= timezone.now():
                self.add_error("retry_at", _("Choose a time in the future."))
        return data


class StatusForm(forms.Form):
    mark_optional = True
    reference = forms.RegexField(
        label=_("Reference code"),
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "off"}),
        regex=r"^\s*[Ll][Hh]-[A-Za-z0-9]{4,6}-[0-9]{2}\s*$",
        max_length=20,
        error_messages={
            "required": _("Enter the reference code the caller reads out, for example LH-7K3Q-92."),
            "invalid": _("Enter a reference code like LH-7K3Q-92."),
        },
    )
    date_of_birth = forms.DateField(
        label=_("Date of birth"),
        required=False,
        input_formats=DATE_INPUT_FORMATS,
        error_messages={"invalid": _("Enter the date of birth as day/month/year, for example 31/01/1950.")},
    )
    postcode = forms.CharField(label=_("Postcode"), max_length=4, required=False)
    phone = forms.CharField(label=_("Phone number"), max_length=32, required=False)

    def clean(self):
        data = super().clean()
        given = [name for name in ("date_of_birth", "postcode", "phone") if data.get(name)]
        if not self.errors and len(given) < 2:
            raise forms.ValidationError(
                _("Ask the caller for two of: date of birth, postcode, phone number — and fill in both.")
            )
        return data
