from django.contrib import admin

from emergency.models import HelpLine


@admin.register(HelpLine)
class HelpLineAdmin(admin.ModelAdmin):
    list_display = ("name", "number", "kind", "order", "active")
    list_editable = ("order", "active")
    list_filter = ("kind", "active")
    search_fields = ("name", "number", "purpose")
