from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartnerApiConfig(AppConfig):
    name = "partner_api"
    verbose_name = _("API for partner organisations")
