"""/kcc/: the call centre's console (every view: kcc agents only)."""

from django.urls import path

from helpdesk import views

app_name = "helpdesk"

urlpatterns = [
    path("", views.console, name="console"),
    path("contact/nieuw/", views.contact_start, name="contact_start"),
    path("contact/<int:pk>/", views.contact, name="contact"),
    path("contact/<int:pk>/beller/<int:person_id>/", views.caller_set, name="caller_set"),
    path("contact/<int:pk>/nieuwe-beller/", views.caller_register, name="caller_register"),
    path("contact/<int:pk>/vraag/", views.question_add, name="question_add"),
    path("contact/<int:pk>/assistent/", views.intake_answer, name="intake_answer"),
    path("contact/<int:pk>/assistent/opnieuw/", views.intake_restart, name="intake_restart"),
    path("contact/<int:pk>/assistent/mail/", views.intake_mail, name="intake_mail"),
    path("contact/<int:pk>/screening/", views.screening, name="screening"),
    path("contact/<int:pk>/doorverwijzen/", views.refer, name="refer"),
    path("contact/<int:pk>/afronden/", views.close, name="close"),
    path("terugbellen/<int:pk>/", views.callback, name="callback"),
    path("zoeken/", views.search, name="search"),
    path("persoon/<int:person_id>/", views.person, name="person"),
    path("status/", views.status, name="status"),
]
