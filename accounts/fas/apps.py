from django.apps import AppConfig


class FASConfig(AppConfig):
    """An app only so that allauth finds the provider (it looks for ``<app>.provider`` in every app)."""

    name = "accounts.fas"
    label = "fas"
    verbose_name = "itsme / eID"
