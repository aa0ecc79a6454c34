"""API clients and their tokens in the admin: a token is made here (shown once, on the page after saving) and
revoked here (the action "Revoke"); ``manage.py api_token`` does the same from the command line."""

from datetime import timedelta

from django import forms
from django.contrib import admin, messages
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from partner_api.models import ApiClient, ApiToken, Scope, WebhookDelivery, WebhookEndpoint
from partner_api.services import DEFAULT_DAYS, api_client_create, api_token_create, api_token_revoke
from partner_api.webhooks import url_problem, webhook_endpoint_create


class TokenInline(admin.TabularInline):
    model = ApiToken
    extra = 0
    can_delete = False
    fields = ("prefix", "scopes", "created_at", "expires_at", "last_used_at", "revoked_at")
    readonly_fields = fields
    show_change_link = True

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(ApiClient)
class ApiClientAdmin(admin.ModelAdmin):
    list_display = ("name", "organization", "created_at")
    list_filter = ("organization",)
    fields = ("organization", "name", "account", "created_at")
    readonly_fields = ("account", "created_at")
    inlines = [TokenInline]

    def get_readonly_fields(self, request, obj=None):
        return (*self.readonly_fields, "organization") if obj else self.readonly_fields

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
            return
        created = api_client_create(organization=obj.organization, name=obj.name)
        obj.pk, obj.account = created.pk, created.account

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # revoke its tokens instead: the timeline and the access log keep naming it


class TokenForm(forms.ModelForm):
    scopes = forms.MultipleChoiceField(
        label=_("scopes"), choices=Scope.choices, widget=forms.CheckboxSelectMultiple, initial=[Scope.READ]
    )
    expires_at = forms.DateTimeField(
        label=_("expires at"),
        required=False,
        help_text=_("Empty: in a year."),
    )

    class Meta:
        model = ApiToken
        fields = ("client", "scopes", "expires_at")

    def clean_expires_at(self):
        expires_at = self.cleaned_data["expires_at"] or timezone.now() + timedelta(days=DEFAULT_DAYS)
        if expires_at <= timezone.now():
            raise forms.ValidationError(_("Choose a time in the future."))
        return expires_at


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    form = TokenForm
    list_display = ("__str__", "client", "scopes", "expires_at", "last_used_at", "revoked_at")
    list_filter = ("client__organization",)
    actions = ["revoke"]

    def get_fields(self, request, obj=None):
        if obj is None:
            return ("client", "scopes", "expires_at")
        return ("client", "prefix", "scopes", "created_at", "created_by", "expires_at", "last_used_at", "revoked_at")

    def get_readonly_fields(self, request, obj=None):
        return self.get_fields(request, obj) if obj else ()

    def has_change_permission(self, request, obj=None) -> bool:
        return obj is None  # a token is never edited: revoke it and make a new one

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def save_model(self, request, obj, form, change):
        token, clear = api_token_create(
            client=form.cleaned_data["client"],
            scopes=form.cleaned_data["scopes"],
            expires_at=form.cleaned_data["expires_at"],
            created_by=request.user,
        )
        obj.pk = token.pk
        self._shown_once = (token, clear)

    def response_add(self, request, obj, post_url_continue=None):
        token, clear = self._shown_once
        return TemplateResponse(
            request,
            "partner_api/admin/token_created.html",
            {**self.admin_site.each_context(request), "token": token, "clear": clear, "title": _("API token created")},
        )

    @admin.action(description=_("Revoke the selected tokens"))
    def revoke(self, request, queryset):
        revoked = sum(api_token_revoke(token=token) for token in queryset)
        self.message_user(
            request,
            ngettext("%(n)d token revoked.", "%(n)d tokens revoked.", revoked) % {"n": revoked},
            messages.SUCCESS,
        )


class DeliveryInline(admin.TabularInline):
    """The endpoint's delivery log: each attempt of the last 30 days, newest first."""

    model = WebhookDelivery
    extra = 0
    can_delete = False
    fields = ("at", "event_type", "event_id", "attempt", "status_code", "duration_ms", "error")
    readonly_fields = fields
    ordering = ("-at", "-id")
    max_num = 0

    def get_queryset(self, request):
        return super().get_queryset(request).filter(at__gte=timezone.now() - timedelta(days=30))


class EndpointForm(forms.ModelForm):
    class Meta:
        model = WebhookEndpoint
        fields = ("organization", "url", "is_active")

    def clean_url(self):
        url = self.cleaned_data["url"]
        if problem := url_problem(url):
            raise forms.ValidationError(problem)
        return url


@admin.register(WebhookEndpoint)
class WebhookEndpointAdmin(admin.ModelAdmin):
    form = EndpointForm
    list_display = ("url", "organization", "is_active", "created_at")
    list_filter = ("organization", "is_active")
    inlines = [DeliveryInline]

    def get_inlines(self, request, obj):
        return self.inlines if obj else []  # the delivery log once the endpoint exists

    def get_readonly_fields(self, request, obj=None):
        return ("organization", "url", "created_at") if obj else ()

    def get_fields(self, request, obj=None):
        return ("organization", "url", "is_active", "created_at") if obj else ("organization", "url")

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
            return
        endpoint, secret = webhook_endpoint_create(organization=obj.organization, url=obj.url)
        obj.pk = endpoint.pk
        self._shown_once = (endpoint, secret)

    def save_related(self, request, form, formsets, change):
        if change:
            super().save_related(request, form, formsets, change)

    def response_add(self, request, obj, post_url_continue=None):
        endpoint, secret = self._shown_once
        return TemplateResponse(
            request,
            "partner_api/admin/webhook_created.html",
            {
                **self.admin_site.each_context(request),
                "endpoint": endpoint,
                "secret": secret,
                "title": _("Webhook endpoint created"),
            },
        )
