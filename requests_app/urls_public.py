"""/hulp/: asking for help, the confirmation, and the private follow-up link (no account needed)."""

from django.urls import path

from requests_app import views_public

app_name = "help"

urlpatterns = [
    path("", views_public.ask, name="ask"),
    path("verstuurd/", views_public.done, name="done"),
    path("volgen/<str:token>/", views_public.follow, name="follow"),
    path("opvolgvraag/<str:token>/", views_public.follow_up_answer, name="follow_up_answer"),
]
