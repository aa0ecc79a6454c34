from django.urls import path  # noqa: F401 (the DPO area's views land here)

app_name = "dpo"

urlpatterns: list = []
