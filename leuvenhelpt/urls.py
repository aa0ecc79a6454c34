from django.contrib import admin
from django.urls import include, path
from django.views.i18n import set_language

from leuvenhelpt import views

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("privacyverklaring/", views.privacy_statement, name="privacy_statement"),
    path("toegankelijkheid/", views.accessibility_statement, name="accessibility_statement"),
    path("taal/", set_language, name="set_language"),
    path("mijn/", include("accounts.urls")),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
]

handler500 = "leuvenhelpt.views.server_error"
