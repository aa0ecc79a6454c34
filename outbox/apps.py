from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutboxConfig(AppConfig):
    name = "outbox"
    verbose_name = _("Outbox")

    def ready(self) -> None:
        # The built-in e-mail channel registers itself; other channels (sms, letter) register from their app.
        from leuvenhelpt.gauges import live_gauges_register
        from outbox import channels  # noqa: F401
        from outbox.metrics import outbox_gauges

        live_gauges_register(outbox_gauges)
