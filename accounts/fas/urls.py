"""Included by allauth under /accounts/ (it reads ``urls`` next to every provider)."""

from django.urls import path

from accounts.fas import views

urlpatterns = [
    path("fas/login/", views.login, name="fas_login"),
    path("fas/login/callback/", views.callback, name="fas_callback"),
]
