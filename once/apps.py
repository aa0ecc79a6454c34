from django.apps import AppConfig


class OnceConfig(AppConfig):
    name = "once"
    verbose_name = "One-time form tokens"

    def ready(self) -> None:
        # A page kept for every visitor (leuvenhelpt.pagecache) gets a new token per visitor in its placeholder.
        from leuvenhelpt.pagecache import ONCE_PLACEHOLDER, register_placeholder
        from once.services import token_new

        register_placeholder(ONCE_PLACEHOLDER, token_new)
