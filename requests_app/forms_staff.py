"""Forms of the staff pages: the triage queue's filters, the coordinators' actions and the partners' answers."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from people.models import Channel
from people.selectors import people_merge_queryset
from requests_app.models import Need, Referral, Urgency
from requests_app.selectors import AGE_FILTERS, partner_organizations, suggested_kinds
from requests_app.services import organizations_without_consent, start_date_problem
from requests_app.workflow import NEEDS_NOTE, OPEN, Outcome, State

ANY = [("", _("All"))]


class QueueFilterForm(forms.Form):
    """The triage queue's filters (GET): every field optional, a wrong value is simply ignored."""

    state = forms.ChoiceField(
        label=_("State"), required=False, choices=ANY + [(s, s.label) for s in State if s in OPEN]
    )
    channel = forms.ChoiceField(label=_("Channel"), required=False, choices=ANY + list(Channel.choices))
    need = forms.ChoiceField(label=_("Need"), required=False, choices=ANY + list(Need.choices))
    urgency = forms.TypedChoiceField(
        label=_("Urgency"), required=False, coerce=int, empty_value=None, choices=ANY + list(Urgency.choices)
    )
    postcode = forms.RegexField(
        label=_("Postcode"),
        required=False,
        regex=r"^\d{4}$",
        max_length=4,
        error_messages={"invalid": _("Enter a postcode of four digits, for example 3010.")},
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off", "size": 6}),
    )
    age = forms.ChoiceField(
        label=_("Waiting for"),
        required=False,
        choices=ANY
        + [
            ("2", _("at least 2 days")),
            ("7", _("at least a week")),
            ("14", _("at least two weeks")),
            ("30", _("at least a month")),
        ],
    )

    order = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[("urgency", _("Most urgent first")), ("due", _("First contact due soonest"))],
    )

    def queue_filters(self) -> dict:
        """The valid filters as keyword arguments of ``queues.triage_queue``."""
        data = self.cleaned_data if self.is_valid() else {}
        return {
            "states": [data["state"]] if data.get("state") else None,
            "channel": data.get("channel", ""),
            "need": data.get("need", ""),
            "urgency": data.get("urgency"),
            "postcode": data.get("postcode", ""),
            "min_age_days": AGE_FILTERS.get(data.get("age", "")),
            "order": data.get("order") or "urgency",
        }


class NoteForm(forms.Form):
    note = forms.CharField(
        label=_("Internal note"),
        help_text=_("Only staff of Leuven Helpt see this note."),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Write the note.")},
    )


class AttentionForm(forms.Form):
    note = forms.CharField(
        label=_("What did you do?"),
        help_text=_("Internal. The badge goes once you wrote what you did."),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Write what you did, for example “Called her: a new appointment is made”.")},
    )


class ContactForm(forms.Form):
    note = forms.CharField(
        label=_("What was discussed?"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class RouteForm(forms.Form):
    note = forms.CharField(
        label=_("What should the volunteer do?"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ReferForm(forms.Form):
    organizations = forms.ModelMultipleChoiceField(
        label=_("Partner organisations"),
        queryset=partner_organizations(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one partner organisation.")},
    )
    note = forms.CharField(
        label=_("Note for the partner"),
        help_text=_("The partner sees this note with the request."),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    consent_recorded = forms.BooleanField(
        label=_("The help seeker agreed that we share their question with the organisations I ticked."),
        help_text=_("Needed for an organisation the help seeker has not agreed to yet (shared professional secrecy)."),
        required=False,
    )
    consent_channel = forms.ChoiceField(
        label=_("How did the help seeker agree?"),
        required=False,
        choices=[("", "—")]
        + [
            (c.value, c.label)
            for c in (Channel.PHONE, Channel.COUNTER, Channel.EMAIL, Channel.LETTER, Channel.OUTREACH)
        ],
        error_messages={"invalid_choice": _("Choose one of the ways in the list.")},
    )

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.help_request = request
        queryset = partner_organizations()
        self.suggested_ids: set[int] = set()
        if request is not None:
            taken = [r.organization_id for r in request.referrals.all() if r.status in ("proposed", "accepted")]
            queryset = queryset.exclude(pk__in=taken)
            kinds = suggested_kinds([n.need for n in request.needs.all()])
            organizations = list(queryset)
            self.suggested_ids = {o.pk for o in organizations if o.kind in kinds}
            # Suggested partners first, in the order of the needs; then the others by name.
            organizations.sort(key=lambda o: (kinds.index(o.kind) if o.kind in kinds else len(kinds), o.name))
            self.fields["organizations"].choices = [(o.pk, o.name) for o in organizations]
        self.fields["organizations"].queryset = queryset

    def clean(self):

        data = super().clean()
        recorded = data.get("consent_recorded")
        if recorded and not data.get("consent_channel"):
            self.add_error("consent_channel", _("Choose how the help seeker agreed, for example “Phone”."))
        organizations = list(data.get("organizations") or [])
        if organizations and not recorded and self.help_request is not None:
            missing = organizations_without_consent(request=self.help_request, organizations=organizations)
            if missing:
                self.add_error(
                    "consent_recorded",
                    _(
                        "The help seeker has not agreed to share their question with %(names)s. Ask them, and tick "
                        "this box when they agree; or choose other organisations."
                    )
                    % {"names": ", ".join(o.name for o in missing)},
                )
        if not recorded:
            data["consent_channel"] = ""
        return data


class CloseWithoutSupportForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is the request closed without support?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={
            "required": _("Write why the request is closed, for example “The help seeker found help elsewhere”.")
        },
    )


OUTCOME_ERRORS = {"required": _("Choose how the support ended."), "invalid_choice": _("Choose how the support ended.")}


class CloseForm(forms.Form):
    outcome_kind = forms.ChoiceField(
        label=_("How did the support end?"),
        choices=[(v, label) for v, label in Outcome.choices if v != Outcome.REFERRED_ON],
        widget=forms.RadioSelect,
        error_messages=OUTCOME_ERRORS,
    )
    outcome = forms.CharField(
        label=_("Outcome of the support"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Write the outcome of the support, for example “Budget plan agreed”.")},
    )


class FirstMeetingForm(forms.Form):
    met_on = forms.DateField(
        label=_("Date of the first meeting"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "required": _("Enter the date you first met the help seeker."),
            "invalid": _("Enter a date, for example 2026-03-12."),
        },
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {"met_on": timezone.localdate()})
        super().__init__(*args, **kwargs)


class ProgressForm(forms.Form):
    note = forms.CharField(
        label=_("Progress note"),
        help_text=_("Internal: Leuven Helpt's coordinators and your organisation read it, the help seeker does not."),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Write the progress note.")},
    )


class EndForm(forms.Form):
    """The end of a partner's support track with its outcome; "referred on" names the next organisation."""

    outcome_kind = forms.ChoiceField(
        label=_("How did the support end?"),
        choices=Outcome.choices,
        widget=forms.RadioSelect,
        error_messages=OUTCOME_ERRORS,
    )
    note = forms.CharField(
        label=_("Explanation"),
        help_text=_("Required when the help seeker was not or only partly helped: why?"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    ended_on = forms.DateField(
        label=_("Ended on"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "required": _("Enter the date the support ended."),
            "invalid": _("Enter a date, for example 2026-03-12."),
        },
    )
    referred_to = forms.ModelChoiceField(
        label=_("Referred on to"),
        help_text=_("Only for “Referred on”: a new referral opens with the question and this support attached."),
        queryset=partner_organizations(),
        required=False,
        empty_label="—",
        error_messages={"invalid_choice": _("Choose one of the organisations in the list.")},
    )
    consent_channel = forms.ChoiceField(
        label=_("How did the help seeker agree to share their question with that organisation?"),
        required=False,
        choices=[("", "—")]
        + [
            (c.value, c.label)
            for c in (Channel.PHONE, Channel.COUNTER, Channel.EMAIL, Channel.LETTER, Channel.OUTREACH)
        ],
        error_messages={"invalid_choice": _("Choose one of the ways in the list.")},
    )

    def __init__(self, *args, organization=None, **kwargs):
        kwargs.setdefault("initial", {"ended_on": timezone.localdate()})
        super().__init__(*args, **kwargs)
        if organization is not None:
            self.fields["referred_to"].queryset = partner_organizations().exclude(pk=organization.pk)

    def clean(self):
        data = super().clean()
        kind = data.get("outcome_kind")
        if kind in NEEDS_NOTE and not data.get("note", "").strip():
            self.add_error("note", _("Write why the help seeker was not (fully) helped."))
        if kind == Outcome.REFERRED_ON:
            if not data.get("referred_to"):
                self.add_error("referred_to", _("Choose the organisation you refer the help seeker on to."))
            if not data.get("consent_channel"):
                self.add_error(
                    "consent_channel",
                    _("Choose how the help seeker agreed to share their question, for example “Phone”."),
                )
        else:
            data["referred_to"], data["consent_channel"] = None, ""
        return data


class AcceptForm(forms.Form):
    started_on = forms.DateField(
        label=_("Support starts on"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "required": _("Enter the date the support starts."),
            "invalid": _("Enter a date, for example 2026-03-12."),
        },
    )
    contact_person = forms.CharField(
        label=_("Contact person for the help seeker"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        error_messages={"required": _("Enter who the help seeker can contact.")},
    )

    def __init__(self, *args, user=None, referral=None, **kwargs):
        kwargs.setdefault(
            "initial", {"started_on": timezone.localdate(), "contact_person": getattr(user, "full_name", "")}
        )
        super().__init__(*args, **kwargs)
        self.referral = referral
        today = timezone.localdate()
        self.fields["started_on"].widget.attrs["max"] = today.isoformat()
        if referral is not None:
            self.fields["started_on"].widget.attrs["min"] = timezone.localdate(referral.created_at).isoformat()

    def clean_started_on(self):

        started_on = self.cleaned_data["started_on"]
        if self.referral is not None and (
            problem := start_date_problem(started_on, referred_on=self.referral.created_at)
        ):
            raise forms.ValidationError(problem)
        return started_on


class DeclineForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("Why do you decline?"),
        choices=Referral.DeclineReason.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose why you decline the referral."),
            "invalid_choice": _("Choose one of the reasons in the list."),
        },
    )
    note = forms.CharField(
        label=_("Explanation"),
        help_text=_("Required when you choose “Another reason”."),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def clean(self):
        data = super().clean()
        if data.get("reason") == Referral.DeclineReason.OTHER and not data.get("note", "").strip():
            self.add_error("note", _("Explain why you decline the referral."))
        return data


class MergeForm(forms.Form):
    """Two records of one person: which to keep, which to merge into it (the numbers on the person cards)."""

    keep = forms.IntegerField(
        label=_("Record to keep (number)"),
        min_value=1,
        error_messages={"required": _("Enter the number of the record to keep."), "invalid": _("Enter a number.")},
    )
    merge = forms.IntegerField(
        label=_("Record to merge into it (number)"),
        min_value=1,
        error_messages={"required": _("Enter the number of the record to merge."), "invalid": _("Enter a number.")},
    )

    def clean(self):

        data = super().clean()
        people = people_merge_queryset().in_bulk([data.get("keep"), data.get("merge")])
        for name in ("keep", "merge"):
            if data.get(name) and data[name] not in people:
                self.add_error(name, _("There is no person with this number (or their data were erased)."))
        if not self.errors:
            data["keep_person"], data["merge_person"] = people[data["keep"]], people[data["merge"]]
        return data
