"""The contact points KPI 2 counts are data the city keeps up to date here."""

from django.contrib import admin

from insights.models import ContactPoint


@admin.register(ContactPoint)
class ContactPointAdmin(admin.ModelAdmin):
    list_display = ("name", "is_this_portal", "active")
    list_filter = ("active",)
