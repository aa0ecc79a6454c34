"""What privacy tells the apps above it. Privacy sits under the apps that hold a person's requests and
contacts, so it never imports them: an app that must act when a consent ends connects to these signals in its
``AppConfig.ready()`` (requests_app ends what the consent allowed; the partner API sends its webhook).

Receivers run synchronously, inside the transaction of the change: when one raises, nothing is changed.
"""

from django.dispatch import Signal

# A consent was withdrawn (after the row was saved). Keyword arguments: ``consent`` (privacy.Consent, already
# withdrawn), ``organization_ids`` (the recipients of a referral consent; empty otherwise) and ``actor``
# (the user who withdrew it, or None).
consent_withdrawn = Signal()
