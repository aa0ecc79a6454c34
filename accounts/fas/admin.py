"""FAS is configured by environment variables only (``FAS_*``): allauth's admin pages for provider apps,
tokens and linked accounts are taken away, so nobody adds a second provider or reads the links there."""

from allauth.socialaccount.models import SocialAccount, SocialApp, SocialToken
from django.contrib import admin

for model in (SocialApp, SocialToken, SocialAccount):
    if admin.site.is_registered(model):
        admin.site.unregister(model)
