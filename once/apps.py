from django.apps import AppConfig


class OnceConfig(AppConfig):
    name = "once"
    verbose_name = "One-time form tokens"
