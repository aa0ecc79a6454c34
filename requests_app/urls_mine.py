"""/mijn/aanvragen/: a help seeker (or the intermediary who asked for them) follows their requests."""

from django.urls import path

from requests_app import views_public

app_name = "mine"

urlpatterns = [
    path("", views_public.mine_list, name="list"),
    path("bereikbaarheid/", views_public.mine_reachability, name="reachability"),
    path("<str:reference>/", views_public.mine_detail, name="detail"),
    path("<str:reference>/intrekken/", views_public.mine_withdraw, name="withdraw"),
]
