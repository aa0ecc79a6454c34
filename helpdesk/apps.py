from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HelpdeskConfig(AppConfig):
    name = "helpdesk"
    verbose_name = _("KCC console")

    def ready(self):
        from helpdesk import reference_data  # noqa: F401 - connects the signals that keep it current
