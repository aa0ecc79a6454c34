"""allauth texts that Leuven Helpt words differently in Dutch.

allauth's own Dutch translation says "je"; the city addresses people as "u". Listing the
messages here makes ``makemessages`` keep them in our catalogue, which Django reads
before allauth's (``LOCALE_PATHS`` come first), so our wording wins.
"""

from django.utils.translation import gettext_noop

ALLAUTH_TEXTS = [
    gettext_noop("Already have an account? Then please %(link)ssign in%(end_link)s."),
    gettext_noop("If you have not created an account yet, then please %(link)ssign up%(end_link)s first."),
    gettext_noop("Are you sure you want to sign out?"),
    gettext_noop(
        "Forgotten your password? Enter your email address below, and we'll send you an email allowing you to reset it."
    ),
    gettext_noop("Please contact us if you have any trouble resetting your password."),
    gettext_noop(
        "We have sent you an email. If you have not received it please check your spam folder. Otherwise contact us if"
        " you do not receive it in a few minutes."
    ),
    gettext_noop("Verify Your Email Address"),
    gettext_noop(
        "We have sent an email to you for verification. Follow the link provided to finalize the signup process. If"
        " you do not see the verification email in your main inbox, check your spam folder. Please contact us if you"
        " do not receive the verification email within a few minutes."
    ),
    gettext_noop("The following email addresses are associated with your account:"),
    gettext_noop("The following email address is associated with your account:"),
    gettext_noop("Your email has been confirmed."),
    gettext_noop("Your password has been changed."),
    gettext_noop("Your password has been reset."),
    gettext_noop("Your password has been set."),
    gettext_noop("Please Confirm Your Email Address"),
    gettext_noop("This mail can be safely ignored if you did not initiate this action."),
    gettext_noop(
        "You're receiving this email because user %(user_display)s has given your email address to register an"
        " account on %(site_domain)s."
    ),
    gettext_noop(
        "You're receiving this email because you or someone else has requested a password reset for your user"
        " account.\nIt can be safely ignored if you did not request a password reset. Click the link below to reset"
        " your password."
    ),
    gettext_noop("The email address and/or password you specified are not correct."),
]
