"""The yardstick of the page benchmark: bare Django with one view, no middleware, no apps, no database.

Not the project's stack: its own settings (``settings.configure``), so whatever the project adds (middleware,
sessions, templates, queries) shows up as the difference between this and a page of the portal.

    gunicorn benchmarks.wsgi_bare:application
"""

from django.conf import settings
from django.http import HttpResponse
from django.urls import path

settings.configure(
    DEBUG=False,
    SECRET_KEY="bare-benchmark-only-" + "x" * 40,
    ALLOWED_HOSTS=["127.0.0.1", "localhost"],
    ROOT_URLCONF=__name__,
    MIDDLEWARE=[],
    INSTALLED_APPS=[],
    USE_I18N=False,
)


def hello(request):
    return HttpResponse("hello", content_type="text/plain")


urlpatterns = [path("", hello)]

from django.core.wsgi import get_wsgi_application  # noqa: E402 - after the settings

application = get_wsgi_application()
