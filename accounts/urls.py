from django.urls import path

from accounts import views

app_name = "accounts"

urlpatterns = [
    path("", views.profile, name="profile"),
    path("sessies/", views.sessions, name="sessions"),
    path("sessies/<int:session_id>/beeindigen/", views.session_end, name="session_end"),
    path("sessies/andere-beeindigen/", views.sessions_end_others, name="sessions_end_others"),
]
