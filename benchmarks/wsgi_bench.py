"""The production WSGI application plus one bare "hello" view, for comparing throughput."""

import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "leuvenhelpt.settings")

from django.conf import settings  # noqa: E402
from django.core.wsgi import get_wsgi_application  # noqa: E402

settings.ROOT_URLCONF = "benchmarks.urls"
application = get_wsgi_application()
