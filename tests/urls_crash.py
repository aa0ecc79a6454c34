"""The project's URLs plus a view that fails, for the test of the 500 page."""

from django.urls import path

from leuvenhelpt.urls import handler400, handler429, handler500, urlpatterns  # noqa: F401


def crash(request):
    raise RuntimeError("boom")


urlpatterns = [*urlpatterns, path("crash/", crash)]
