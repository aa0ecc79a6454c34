"""Events of the privacy app that apps above it subscribe to (the partner API's webhooks).

- ``consent_withdrawn(consent)``: a help seeker withdrew a consent; sent inside the withdrawal's transaction,
  after what the consent allowed has stopped.
"""

from django.dispatch import Signal

consent_withdrawn = Signal()
