from django.urls import include, path

from assistant import views

app_name = "assistant"

urlpatterns = [
    path("", views.start, name="start"),
    path("vraag/<slug:key>/", views.question, name="question"),
    path("antwoorden/", views.summary, name="summary"),
    path("resultaat/", views.results, name="results"),
    path("resultaat/mail/", views.mail_results, name="mail_results"),
    path("opnieuw/", views.restart, name="restart"),
    path("hulp/<slug:key>/", views.ask_help, name="ask_help"),
    path("producten/", include("assistant.urls_catalogue")),
    path("redactie/", include("assistant.urls_editor")),
]
