from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MessagingConfig(AppConfig):
    name = "messaging"
    verbose_name = _("Text messages and letters")

    def ready(self) -> None:
        from messaging import letters, sms
        from outbox import channels
        from outbox.models import Channel

        channels.register(Channel.SMS, sms.deliver_sms)
        channels.register(Channel.LETTER, letters.deliver_letter)
