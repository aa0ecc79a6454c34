from django.urls import path

from privacy import views

app_name = "privacy"

urlpatterns = [
    path("", views.my_access_log, name="my_access_log"),
]
