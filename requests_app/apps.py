from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RequestsAppConfig(AppConfig):
    name = "requests_app"
    verbose_name = _("Help requests")

    def ready(self) -> None:
        # Apps below this one announce what requests must follow; they never import requests_app.
        from privacy.signals import consent_withdrawn
        from requests_app.receivers import referral_consent_withdrawn

        consent_withdrawn.connect(referral_consent_withdrawn, dispatch_uid="requests_app.referral_consent_withdrawn")
