"""The registry of delivery channels: a channel name → a function that delivers one message.

A delivery function takes an ``OutboxMessage`` and returns when the message was handed over; it raises
``PermanentFailure`` when retrying cannot help (the address does not exist) and any other exception for a
failure worth retrying (the relay is down). E-mail is built in; SMS and letters register from their own app::

    from outbox import channels
    channels.register("sms", send_sms)
"""

from collections.abc import Callable

from django.core.mail import EmailMultiAlternatives

from outbox.models import Channel, OutboxMessage

Deliver = Callable[[OutboxMessage], None]

_registry: dict[str, Deliver] = {}


class PermanentFailure(Exception):
    """Retrying will not help: the message is marked failed at once."""


def register(channel: str, deliver: Deliver) -> None:
    _registry[channel] = deliver


def deliverer(channel: str) -> Deliver | None:
    return _registry.get(channel)


def deliver_email(message: OutboxMessage) -> None:
    """Through Django's mailer (``MAILERS`` / ``EMAIL_URL``); an HTML part when the message has one."""
    mail = EmailMultiAlternatives(message.subject, message.body, None, [message.recipient])
    if message.html:
        mail.attach_alternative(message.html, "text/html")
    mail.send()


register(Channel.EMAIL, deliver_email)
