"""/coordinatie/: the coordinators' triage queue and request pages."""

from django.urls import path

from requests_app import views_coordination as views

app_name = "coordination"

urlpatterns: list = [
    path("", views.queue, name="queue"),
    path("personen/samenvoegen/", views.person_merge, name="person_merge"),
    # Messages the outbox gave up on (before the request pages: the slug would match too).
    path("berichten-niet-bezorgd/", views.undelivered, name="undelivered"),
    path("berichten-niet-bezorgd/<int:pk>/opnieuw/", views.undelivered_retry, name="undelivered_retry"),
    # The print queue of letters to people without e-mail.
    path("brieven/", views.letters, name="letters"),
    path("brieven/pdf/", views.letters_pdf, name="letters_pdf"),
    path("brieven/gepost/", views.letters_posted, name="letters_posted"),
    path("<str:reference>/", views.request_detail, name="request"),
    path("<str:reference>/opnemen/", views.take_up, name="take_up"),
    path("<str:reference>/aan-mij-toewijzen/", views.assign_me, name="assign_me"),
    path("<str:reference>/notitie/", views.add_note, name="note"),
    path("<str:reference>/contact/", views.record_contact, name="contact"),
    path("<str:reference>/bereikbaarheid/", views.reachability, name="reachability"),
    path("<str:reference>/vrijwilligers/", views.route_to_volunteers, name="route"),
    path("<str:reference>/doorverwijzen/", views.refer, name="refer"),
    path(
        "<str:reference>/doorverwijzingen/<int:referral_id>/intrekken/",
        views.withdraw_referral,
        name="referral_withdraw",
    ),
    path("<str:reference>/afsluiten-zonder-ondersteuning/", views.close_without_support, name="close_without_support"),
    path("<str:reference>/afsluiten/", views.close, name="close"),
    path("<str:reference>/aandacht-afgehandeld/", views.attention_clear, name="attention_clear"),
    path("<str:reference>/nieuwe-aanvraag/", views.follow_on, name="follow_on"),
]
