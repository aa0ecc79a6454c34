"""The site's URLs plus one page whose database connection is killed while it is being served."""

import psycopg
from django.db import connection
from django.http import HttpResponse
from django.urls import path

from leuvenhelpt.urls import handler500  # noqa: F401 - the site's 500 page
from leuvenhelpt.urls import urlpatterns as site_urlpatterns


def _kill_my_backend(request):
    """Another session terminates this request's PostgreSQL backend, as a restart of the server would."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    settings = connection.settings_dict
    with psycopg.connect(
        host=settings["HOST"] or "127.0.0.1",
        port=settings["PORT"] or 5432,
        user=settings["USER"],
        dbname=settings["NAME"],
    ) as admin:
        admin.execute("SELECT pg_terminate_backend(%s)", [pid])
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")  # fails: the connection is gone
    return HttpResponse("unreachable")


urlpatterns = [path("chaos/database-dies/", _kill_my_backend), *site_urlpatterns]
