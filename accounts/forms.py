from django import forms
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from accounts.contact_details import PhoneField
from accounts.models import User
from leuvenhelpt.languages import offered_choices


class SignupForm(forms.Form):
    """Extra fields on allauth's sign-up form (it calls ``signup`` after creating the user)."""

    full_name = forms.CharField(
        label=_("Full name"),
        max_length=150,
        error_messages={"required": _("Enter your full name, for example An Peeters.")},
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    preferred_language = forms.ChoiceField(
        label=_("Language for e-mails and messages"), choices=offered_choices, initial=User.Language.DUTCH
    )

    field_order = ["full_name", "email", "password1", "password2", "preferred_language"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The language of the page the visitor chose is the first guess for their mails.
        self.fields["preferred_language"].initial = translation.get_language() or User.Language.DUTCH

    def signup(self, request, user: User) -> None:
        user.full_name = self.cleaned_data["full_name"]
        user.preferred_language = self.cleaned_data["preferred_language"]
        user.save(update_fields=["full_name", "preferred_language"])


class ProfileForm(forms.Form):
    full_name = forms.CharField(
        label=_("Full name"),
        max_length=150,
        error_messages={"required": _("Enter your full name, for example An Peeters.")},
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    phone = PhoneField(
        label=_("Phone number (optional)"),
        required=False,
        help_text=_("We only call you about your own questions."),
    )
    preferred_language = forms.ChoiceField(label=_("Language"), choices=offered_choices)
