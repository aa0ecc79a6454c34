"""The words a help seeker agrees to, per purpose, with a version.

Change a text by changing its version too: a stored consent keeps the words and version that were shown.
"""

from django.utils.translation import gettext_lazy as _

from privacy.models import Consent

WORDINGS = {
    Consent.Purpose.CONTACT: (
        "2026-11",
        _(
            "I agree that Leuven Helpt contacts me about my question, by the way I chose, and keeps what I "
            "wrote for as long as my question is open and two years after."
        ),
    ),
    Consent.Purpose.REFERRAL: (
        "2026-11",
        _(
            "I agree that Leuven Helpt shares my question and my contact details with the organisations named "
            "below, so that they can help me. They keep professional secrecy. I can withdraw this at any time."
        ),
    ),
    Consent.Purpose.VOLUNTEER: (
        "2026-11",
        _(
            "I agree that a volunteer of Leuven Helpt sees my first name, my neighbourhood and what I need "
            "help with, and, once they have said yes, my address and phone number for as long as they help "
            "me. I can withdraw this at any time."
        ),
    ),
    Consent.Purpose.ON_BEHALF: (
        "2026-11",
        _(
            "I agree that the person who asks for help for me sends my question to Leuven Helpt and can "
            "follow what happens with it. I can withdraw this at any time."
        ),
    ),
}


def wording(purpose: str) -> tuple[str, str]:
    """(version, text in the active language) for a purpose."""
    version, text = WORDINGS[purpose]
    return version, str(text)
