from django.urls import path

from dataprotection import views

app_name = "privacy"

urlpatterns = [
    path("", views.my_access_log, name="my_access_log"),
    path("toestemmingen/", views.consents, name="consents"),
    path("toestemmingen/geven/", views.consent_give_online, name="consent_give"),
    path("toestemmingen/<int:consent_id>/intrekken/", views.consent_withdraw_online, name="consent_withdraw"),
    path("download.json", views.export_json, name="export_json"),
    path("overzicht/", views.export_page, name="export_page"),
    path("wissen/", views.erasure_request, name="erasure_request"),
]
