from django.urls import path  # noqa: F401 (the app's views land here)

app_name = "insights"

urlpatterns: list = []
