from django.urls import path

from dataprotection import views_dpo

app_name = "dpo"

urlpatterns = [
    path("", views_dpo.index, name="index"),
    path("verzoeken/nieuw/", views_dpo.erasure_new, name="erasure_new"),
    path("verzoeken/<int:erasure_id>/", views_dpo.erasure_detail, name="erasure"),
    path("verzoeken/<int:erasure_id>/beslissen/", views_dpo.erasure_decide_view, name="erasure_decide"),
]
