"""The portal's URLs plus a bare "hello" view, for benchmarks that compare a page with it in one process."""

from django.http import HttpResponse
from django.urls import include, path


def hello(request):
    return HttpResponse("hello", content_type="text/plain")


urlpatterns = [
    path("bench/hello/", hello),
    path("", include("leuvenhelpt.urls")),
]
