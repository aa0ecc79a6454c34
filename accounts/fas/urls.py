from django.urls import include, path, re_path

from accounts.fas import views

urlpatterns = [
    re_path(
        r"^(?P<provider_id>fas)/",
        include(
            [
                path("login/", views.login, name="fas_login"),
                path("login/callback/", views.callback, name="fas_callback"),
            ]
        ),
    )
]
