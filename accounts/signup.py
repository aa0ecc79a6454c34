"""The sign-up form allauth uses (``ACCOUNT_FORMS["signup"]``); in its own module because allauth's forms
import ``accounts.forms.SignupForm`` (the extra fields) while they load."""

from allauth.account import forms as allauth_forms
from django.contrib.auth.hashers import make_password


class TimingSafeSignupForm(allauth_forms.SignupForm):
    """allauth's sign-up form, doing the same expensive work whether the address has an account or not.

    With an address that is taken, allauth only mails the owner ("an account already exists"); a new address
    also hashes the password (Argon2: most of the time taken) and stores the account. Answering much faster
    for a known address would tell who has an account. So a taken address has its password hashed too (and
    thrown away); both paths write one mail to the outbox. (``tests/security/test_enumeration_timing.py``.)"""

    def try_save(self, request):
        if self.account_already_exists:
            make_password(self.cleaned_data.get("password1") or "")
        return super().try_save(request)
