"""Forms of the citizen's privacy pages and of the DPO area: errors written as instructions."""

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from privacy.models import ErasureRequest
from requests_app.models import HelpRequest
from requests_app.selectors import partner_organizations
from requests_app.workflow import OPEN

REFERENCE_RE = re.compile(r"^LH-[A-Z0-9]{4}-[0-9]{2}$")


class ReferralConsentForm(forms.Form):
    """A help seeker agrees online to share their question with partner organisations."""

    organizations = forms.ModelMultipleChoiceField(
        label=_("With which organisations may we share your question?"),
        queryset=partner_organizations(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one organisation to share your question with.")},
    )
    reference = forms.ChoiceField(
        label=_("For which question?"),
        required=False,
        error_messages={"invalid_choice": _("Choose one of your questions in the list.")},
    )

    def __init__(self, *args, person_ids: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organizations"].queryset = partner_organizations()
        own = HelpRequest.objects.filter(person_id__in=person_ids, state__in=sorted(OPEN)).order_by("-created_at")
        self.requests = {r.reference: r for r in own.only("pk", "reference", "created_at")}
        self.fields["reference"].choices = [("", _("All my questions"))] + [(ref, ref) for ref in self.requests]

    @property
    def help_request(self) -> HelpRequest | None:
        return self.requests.get(self.cleaned_data.get("reference") or "")


class ErasureRequestForm(forms.Form):
    """The citizen asks to erase their data."""

    message = forms.CharField(
        label=_("Anything you want to tell us? (optional)"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"max_length": _("Keep your message under 4000 characters.")},
    )
    confirm = forms.BooleanField(
        label=_("I understand that Leuven Helpt can no longer help me with my questions once my data is erased."),
        error_messages={"required": _("Tick the box to confirm that you want your data erased.")},
    )


class ErasureOnBehalfForm(forms.Form):
    """The DPO files an erasure request for someone who asked by phone, letter or at the counter."""

    reference = forms.CharField(
        label=_("Reference of one of the person's questions"),
        help_text=_("For example LH-7K3Q-92."),
        max_length=12,
        error_messages={"required": _("Enter the reference of one of the person's questions, for example LH-7K3Q-92.")},
    )
    message = forms.CharField(
        label=_("How and when did the person ask?"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Write how and when the person asked, for example “by letter of 3 March”.")},
    )

    def clean_reference(self) -> HelpRequest:
        reference = self.cleaned_data["reference"].strip().upper()
        if not REFERENCE_RE.match(reference):
            raise forms.ValidationError(_("Enter a reference like LH-7K3Q-92."))
        help_request = HelpRequest.objects.select_related("person").filter(reference=reference).first()
        if help_request is None:
            raise forms.ValidationError(_("There is no question with this reference. Check the reference."))
        return help_request


class ErasureDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[
            (ErasureRequest.Status.ERASED, _("Erase the data (the counts stay)")),
            (ErasureRequest.Status.RESTRICTED, _("Keep the data under restriction: a legal duty applies")),
        ],
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose to erase the data or to keep it under restriction."),
            "invalid_choice": _("Choose to erase the data or to keep it under restriction."),
        },
    )
    reason = forms.CharField(
        label=_("Reason (required when the data is kept)"),
        help_text=_("The citizen reads this. Name the legal duty and how long it lasts."),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean(self):
        data = super().clean()
        if data.get("decision") == ErasureRequest.Status.RESTRICTED and not data.get("reason", "").strip():
            self.add_error("reason", _("Write which legal duty requires keeping the data, and for how long."))
        return data
