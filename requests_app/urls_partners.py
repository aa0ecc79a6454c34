"""/partners/: caseworkers answer the referrals to their organisation."""

from django.urls import path

from requests_app import views_partners as views

app_name = "partners"

urlpatterns: list = [
    path("", views.referral_list, name="list"),
    path("<int:referral_id>/", views.referral_detail, name="referral"),
    path("<int:referral_id>/aanvaarden/", views.referral_accept, name="accept"),
    path("<int:referral_id>/weigeren/", views.referral_decline, name="decline"),
    path("<int:referral_id>/eerste-gesprek/", views.track_first_meeting, name="first_meeting"),
    path("<int:referral_id>/voortgang/", views.track_progress, name="progress"),
    path("<int:referral_id>/afsluiten/", views.track_end, name="end"),
]
