from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DataprotectionConfig(AppConfig):
    """The GDPR work that reaches into every app: the citizen's data pages, the DPO's console, erasure and the
    retention job. ``privacy`` below it keeps consent, the access log and erasure requests."""

    name = "dataprotection"
    verbose_name = _("Data protection")
