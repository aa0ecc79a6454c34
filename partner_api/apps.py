from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartnerApiConfig(AppConfig):
    name = "partner_api"
    verbose_name = _("API for partner organisations")

    def ready(self) -> None:
        from partner_api import receivers, webhooks  # noqa: F401 (the signal receivers; the outbox's webhook channel)
