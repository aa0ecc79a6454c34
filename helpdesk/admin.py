"""The needs screening is data an administrator edits here: domains, signals and the routes they suggest."""

from django.contrib import admin

from helpdesk.models import Callback, ContactMoment, LifeDomain, Route, Signal


class SignalInline(admin.TabularInline):
    model = Signal
    extra = 1
    fields = ("label", "routes", "order", "active")
    filter_horizontal = ("routes",)


@admin.register(LifeDomain)
class LifeDomainAdmin(admin.ModelAdmin):
    list_display = ("name", "key", "need", "order")
    ordering = ("order",)
    inlines = [SignalInline]


@admin.register(Signal)
class SignalAdmin(admin.ModelAdmin):
    list_display = ("label", "domain", "order", "active")
    list_filter = ("domain", "active")
    filter_horizontal = ("routes",)


@admin.register(Route)
class RouteAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "min_signals", "order", "active")
    filter_horizontal = ("organizations",)


@admin.register(ContactMoment)
class ContactMomentAdmin(admin.ModelAdmin):
    """Read-only: contact moments are written by the console."""

    list_display = ("created_at", "channel", "agent", "outcome", "handoffs")
    list_filter = ("channel", "outcome")
    fields = ("channel", "created_at", "ended_at", "agent", "outcome", "transfer_succeeded", "handoffs", "help_request")
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Callback)
class CallbackAdmin(admin.ModelAdmin):
    list_display = ("due_at", "organization", "assignee", "done_at")
    fields = ("due_at", "organization", "assignee", "done_at")
    readonly_fields = fields

    def has_add_permission(self, request):
        return False
