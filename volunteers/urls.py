"""/vrijwilligers/: becoming a volunteer, the volunteer's own pages, and the coordinators' side."""

from django.urls import path

from volunteers import views
from volunteers import views_coordination as coordination

app_name = "volunteers"

urlpatterns = [
    path("", views.landing, name="landing"),
    path("aanmelden/", views.signup, name="signup"),
    path("mijn/", views.mine, name="mine"),
    path("mijn/profiel/", views.profile_edit, name="profile"),
    path("mijn/beschikbaarheid/", views.availability, name="availability"),
    path("mijn/pauze/", views.pause, name="pause"),
    path("mijn/hervatten/", views.resume, name="resume"),
    path("mijn/stoppen/", views.stop, name="stop"),
    path("mijn/matches/<int:match_id>/", views.match_detail, name="match"),
    path("mijn/matches/<int:match_id>/aanvaarden/", views.match_accept, name="match_accept"),
    path("mijn/matches/<int:match_id>/weigeren/", views.match_decline, name="match_decline"),
    path("mijn/matches/<int:match_id>/sessie/", views.match_session, name="match_session"),
    path("mijn/matches/<int:match_id>/afronden/", views.match_complete, name="match_complete"),
    path("mijn/matches/<int:match_id>/teruggeven/", views.match_hand_back, name="match_hand_back"),
    path("coordinatie/", coordination.overview, name="coordination"),
    path("coordinatie/vrijwilliger/<int:profile_id>/", coordination.volunteer_detail, name="coordination_volunteer"),
    path(
        "coordinatie/vrijwilliger/<int:profile_id>/screening-starten/",
        coordination.screening_start,
        name="screening_start",
    ),
    path("coordinatie/vrijwilliger/<int:profile_id>/screening/", coordination.screening_record, name="screening"),
    path("coordinatie/vrijwilliger/<int:profile_id>/stoppen/", coordination.volunteer_stop, name="coordination_stop"),
    path("coordinatie/aanvraag/<str:reference>/", coordination.matching, name="matching"),
    path("coordinatie/aanvraag/<str:reference>/taak/", coordination.task_save, name="task"),
    path("coordinatie/aanvraag/<str:reference>/voorstellen/", coordination.propose, name="propose"),
    path(
        "coordinatie/aanvraag/<str:reference>/matches/<int:match_id>/annuleren/",
        coordination.match_cancel,
        name="cancel_match",
    ),
]
