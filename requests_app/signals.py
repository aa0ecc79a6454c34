"""Events of requests_app that apps above it subscribe to (the partner API's webhooks), so this app never imports
them. Sent inside the service's transaction: a receiver writes to the outbox in the same transaction.

- ``referral_created(referral)``: a referral was made to an organisation;
- ``referral_withdrawn(referral)``: a referral waiting for an answer was withdrawn (by a coordinator, because
  another partner accepted or the request ended, or because the help seeker withdrew the consent).
"""

from django.dispatch import Signal

referral_created = Signal()
referral_withdrawn = Signal()
