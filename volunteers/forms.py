"""Forms of the volunteers pages. Services check the rules again; their ``ValidationError`` lands on the form."""

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from leuvenhelpt.forms import DecimalCommaField
from people.models import Channel
from requests_app.workflow import NEEDS_NOTE, Outcome
from volunteers.choices import Area, Commitment, Language, TaskType, Transport, Weekday
from volunteers.models import Match, VolunteerProfile

ANY = [("", _("All"))]


def add_service_errors(form: forms.Form, error: ValidationError) -> None:
    """Show a service's ``ValidationError`` on the form (on its field when the form has one)."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


class ProfileForm(forms.Form):
    task_types = VolunteerProfile._meta.get_field("task_types").formfield(
        label=_("What would you like to do?"),
        error_messages={"required": _("Choose at least one kind of task.")},
    )
    languages = VolunteerProfile._meta.get_field("languages").formfield(
        label=_("Which languages do you speak?"),
        error_messages={"required": _("Choose at least one language you speak.")},
    )
    areas = VolunteerProfile._meta.get_field("areas").formfield(
        label=_("Where can you help?"),
        error_messages={"required": _("Choose at least one postcode where you can help.")},
    )
    transport = forms.ChoiceField(
        label=_("How do you get around?"), choices=Transport.choices, widget=forms.RadioSelect, initial=Transport.BIKE
    )
    commitment = forms.ChoiceField(
        label=_("One-off or regular tasks?"),
        choices=Commitment.choices,
        widget=forms.RadioSelect,
        initial=Commitment.BOTH,
    )
    max_active_matches = forms.IntegerField(
        label=_("How many people do you want to help at the same time at most?"),
        min_value=1,
        max_value=10,
        initial=2,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        error_messages={
            "required": _("Enter a number from 1 to 10."),
            "invalid": _("Enter a number from 1 to 10."),
            "min_value": _("Enter a number from 1 to 10."),
            "max_value": _("Enter a number from 1 to 10."),
        },
    )

    @classmethod
    def initial_for(cls, profile: VolunteerProfile) -> dict:
        return {
            "task_types": profile.task_types,
            "languages": profile.languages,
            "areas": profile.areas,
            "transport": profile.transport,
            "commitment": profile.commitment,
            "max_active_matches": profile.max_active_matches,
        }


class SignUpForm(ProfileForm):
    law_consent = forms.BooleanField(
        label=_("I have read the information about the volunteer law and agree that Leuven Helpt keeps my profile."),
        error_messages={
            "required": _("Confirm that you have read the information about the volunteer law."),
        },
    )


class SlotForm(forms.Form):
    weekday = forms.TypedChoiceField(
        label=_("Day"), choices=[("", "—"), *Weekday.choices], coerce=int, required=False, empty_value=None
    )
    start = forms.TimeField(
        label=_("From"),
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        error_messages={"invalid": _("Enter a time such as 14:00.")},
    )
    end = forms.TimeField(
        label=_("Until"),
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        error_messages={"invalid": _("Enter a time such as 17:00.")},
    )

    def clean(self):
        data = super().clean()
        filled = [data.get(name) is not None for name in ("weekday", "start", "end")]
        if any(filled) and not all(filled):
            raise ValidationError(_("Fill in the day, the start and the end of each slot (or leave the row empty)."))
        return data


SlotFormSet = forms.formset_factory(SlotForm, extra=0, max_num=21, absolute_max=28)


class PauseForm(forms.Form):
    until = forms.DateField(
        label=_("Pause until"),
        help_text=_("You get no new proposals until this day."),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "required": _("Enter the day your pause ends, for example 31/12/2026."),
            "invalid": _("Enter the day your pause ends, for example 31/12/2026."),
        },
    )


class StopForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("Yes, I stop as a volunteer. Remove my preferences, availability and screening."),
        error_messages={"required": _("Tick the box to confirm that you stop.")},
    )


class DeclineForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("Why can you not take this on?"),
        choices=Match.DeclineReason.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose why you cannot take this on.")},
    )
    note = forms.CharField(label=_("Anything else? (optional)"), required=False, max_length=300)


HOURS_HELP = _("For example 2 or 1,5.")
HOURS_ERRORS = {
    key: _("Enter the hours you spent, for example 2 or 1,5.")
    for key in ("required", "invalid", "min_value", "max_value", "max_decimal_places", "max_digits")
}


def hours_field(*, required: bool, label) -> forms.DecimalField:
    """Hours as a Dutch user types them: "1,5" (a decimal comma) as well as "1.5" — the site's one number field,
    never a localized ``DecimalField`` (which in Dutch reads "1.5" as 15). The task's window bounds them further
    (``services.session_hours_limit``)."""
    return DecimalCommaField(
        label=label,
        help_text=HOURS_HELP,
        required=required,
        min_value=Decimal("0.5"),
        max_value=24,
        max_digits=3,
        decimal_places=1,
        error_messages=HOURS_ERRORS,
    )


class SessionForm(forms.Form):
    """One time the volunteer helped (a visit, a lift): recording it never ends the support."""

    on = forms.DateField(
        label=_("Date"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "required": _("Enter the date you helped."),
            "invalid": _("Enter a date, for example 2026-03-12."),
        },
    )
    hours = hours_field(required=True, label=_("Hours spent"))

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {"on": timezone.localdate()})
        super().__init__(*args, **kwargs)


VOLUNTEER_OUTCOMES = [(value, label) for value, label in Outcome.choices if value != Outcome.REFERRED_ON]


class CompleteForm(forms.Form):
    """The end of the support, with how it went (not one session: that is ``SessionForm``)."""

    outcome_kind = forms.ChoiceField(
        label=_("How did the support end?"),
        choices=VOLUNTEER_OUTCOMES,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose how the support ended."),
            "invalid_choice": _("Choose how the support ended."),
        },
    )
    outcome = forms.CharField(
        label=_("Explanation"),
        help_text=_("Required when the help seeker was not or only partly helped. Only Leuven Helpt reads this."),
        required=False,
        max_length=600,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    hours = hours_field(required=False, label=_("Hours of a last session today (if you did not record it yet)"))

    def clean(self):
        data = super().clean()
        if data.get("outcome_kind") in NEEDS_NOTE and not data.get("outcome", "").strip():
            self.add_error("outcome", _("Write why the help seeker was not (fully) helped."))
        return data


class HandBackForm(forms.Form):
    reason = forms.CharField(
        label=_("Why does the match stop?"),
        max_length=600,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Write why the match stops.")},
    )


class CancelMatchForm(forms.Form):
    """A coordinator cancels a proposal or an accepted match (one form per match on the matching page)."""

    reason = forms.CharField(
        label=_("Why is the match cancelled?"),
        help_text=_("For the request's timeline. The volunteer is told that the match was cancelled, not why."),
        max_length=600,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Write why the match is cancelled, for example “the volunteer is ill”.")},
    )

    def __init__(self, *args, match_id: int, **kwargs):
        # Several of these forms are on one page: the ids carry the match (the field names stay the same).
        super().__init__(*args, prefix="cancel", auto_id=f"id_cancel_{match_id}_%s", **kwargs)
        self.match_id = match_id


class ScreeningForm(forms.Form):
    document_date = forms.DateField(
        label=_("Date of the extract from the criminal record (model 2)"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "required": _("Enter the date on the extract, for example 15/03/2026."),
            "invalid": _("Enter the date on the extract, for example 15/03/2026."),
        },
    )
    note = forms.CharField(label=_("Note (optional)"), required=False, max_length=300)


CONSENT_CHANNELS = (Channel.PHONE, Channel.COUNTER, Channel.EMAIL, Channel.LETTER, Channel.OUTREACH, Channel.WEB)


class TaskForm(forms.Form):
    task_type = forms.ChoiceField(label=_("Task"), choices=TaskType.choices)
    area = forms.ChoiceField(label=_("Neighbourhood"), choices=Area.choices)
    language = forms.ChoiceField(label=_("Language needed"), choices=Language.choices, initial=Language.DUTCH)
    regular = forms.TypedChoiceField(
        label=_("How often?"),
        choices=[("once", _("Once, on one date")), ("weekly", _("Every week, for a period"))],
        coerce=lambda value: value == "weekly",
        initial="once",
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose once or every week.")},
    )
    on = forms.DateField(
        label=_("Date (once)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": _("Enter a date such as 15/03/2027.")},
    )
    weekday = forms.TypedChoiceField(
        label=_("Day of the week (every week)"),
        choices=[("", "—")] + list(Weekday.choices),
        coerce=int,
        required=False,
        empty_value=None,
    )
    valid_from = forms.DateField(
        label=_("First week (every week)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": _("Enter a date such as 15/03/2027.")},
    )
    valid_until = forms.DateField(
        label=_("Last week (every week)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": _("Enter a date such as 15/03/2027.")},
    )
    start = forms.TimeField(
        label=_("From"),
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        error_messages={"required": _("Enter a time such as 14:00."), "invalid": _("Enter a time such as 14:00.")},
    )
    end = forms.TimeField(
        label=_("Until"),
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        error_messages={"required": _("Enter a time such as 17:00."), "invalid": _("Enter a time such as 17:00.")},
    )
    summary = forms.CharField(
        label=_("What will the volunteer do?"),
        help_text=_("The volunteer reads this before accepting: no name, address or health details."),
        max_length=600,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Describe the task in a sentence.")},
    )

    # Recorded only when the help seeker has not agreed yet (the field is left out otherwise).
    consent_channel = forms.ChoiceField(
        label=_("The help seeker agreed that a volunteer sees what they need to help. How did they agree?"),
        help_text=_(
            "Before accepting, a volunteer sees the first name, neighbourhood, task and time; after accepting, "
            "the address and phone number. Ask the help seeker first."
        ),
        required=False,
        choices=[("", _("They have not agreed yet"))] + [(c.value, c.label) for c in CONSENT_CHANNELS],
        error_messages={"invalid_choice": _("Choose one of the ways in the list.")},
    )

    def __init__(self, *args, consent_needed: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if not consent_needed:
            del self.fields["consent_channel"]

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] <= data["start"]:
            self.add_error("end", _("The end must be later than the start."))
        today = timezone.localdate()
        if data.get("regular") is False:
            # Once: the date, not in the past; the weekly fields do not apply.
            data["weekday"] = data["valid_from"] = data["valid_until"] = None
            if "on" in data and data["on"] is None and "on" not in self.errors:
                self.add_error("on", _("Enter the date of the task, for example 15/03/2027."))
            elif data.get("on") and data["on"] < today:
                self.add_error("on", _("This date has passed: enter today or a later date."))
        elif data.get("regular") is True:
            data["on"] = None
            if data.get("weekday") is None:
                self.add_error("weekday", _("Choose the day of the week."))
            if "valid_from" in data and data["valid_from"] is None and "valid_from" not in self.errors:
                self.add_error("valid_from", _("Enter the first week, for example 15/03/2027."))
            if "valid_until" in data and data["valid_until"] is None and "valid_until" not in self.errors:
                self.add_error("valid_until", _("Enter the last week, for example 30/06/2027."))
            elif data.get("valid_from") and data.get("valid_until"):
                if data["valid_until"] < data["valid_from"]:
                    self.add_error("valid_until", _("The period cannot end before it starts."))
                elif data["valid_until"] < today:
                    self.add_error("valid_until", _("This period has ended: enter a last week from today on."))
        return data


class ProposeForm(forms.Form):
    volunteer = forms.IntegerField(widget=forms.HiddenInput)
    then_ask_next = forms.TypedChoiceField(
        label=_("If they decline or do not answer in 48 hours"),
        coerce=int,
        initial=0,
        choices=[
            (0, _("tell me")),
            (1, _("ask the next candidate")),
            (2, _("ask the next 2 candidates in turn")),
            (3, _("ask the next 3 candidates in turn")),
        ],
    )


class OverviewFilterForm(forms.Form):
    state = forms.ChoiceField(label=_("State"), required=False, choices=ANY + list(VolunteerProfile.State.choices))
    task_type = forms.ChoiceField(label=_("Task"), required=False, choices=ANY + list(TaskType.choices))
    area = forms.ChoiceField(label=_("Neighbourhood"), required=False, choices=ANY + list(Area.choices))
    language = forms.ChoiceField(label=_("Language"), required=False, choices=ANY + list(Language.choices))

    def filters(self) -> dict:
        data = self.cleaned_data if self.is_valid() else {}
        return {name: data.get(name, "") for name in self.fields}
