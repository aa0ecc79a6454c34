from allauth.account import views as account_views
from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.urls import include, path

from leuvenhelpt import observability, views
from leuvenhelpt.pagecache import public_page

# The admin signs in through allauth like everyone else (and so through its second factor).
admin.site.login = secure_admin_login(admin.site.login)

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("metrics", observability.metrics, name="metrics"),
    path("privacyverklaring/", views.privacy_statement, name="privacy_statement"),
    path("toegankelijkheid/", views.accessibility_statement, name="accessibility_statement"),
    path("taal/<str:code>/", views.switch_language, name="switch_language"),
    path("assistent/", include("assistant.urls")),
    path("hulp/", include("requests_app.urls_public")),
    path("mijn/aanvragen/", include("requests_app.urls_mine")),
    path("mijn/gegevens/", include("dataprotection.urls")),
    path("coordinatie/", include("requests_app.urls_coordination")),
    path("partners/", include("requests_app.urls_partners")),
    path("vrijwilligers/", include("volunteers.urls")),
    path("kcc/", include("helpdesk.urls")),
    path("inzichten/", include("insights.urls")),
    path("privacy/", include("dataprotection.urls_dpo")),
    path("mijn/", include("accounts.urls")),
    # allauth's own sign-in view, its page kept for visitors without a session (leuvenhelpt.pagecache); the
    # name ``account_login`` stays allauth's (same path).
    path("accounts/login/", public_page()(account_views.login)),
    path("accounts/", include("allauth.urls")),
    path("api/v1/", include("partner_api.urls")),
    path("admin/", admin.site.urls),
]

handler403 = "leuvenhelpt.views.permission_denied"
handler400 = "leuvenhelpt.views.bad_request"
handler429 = "leuvenhelpt.views.too_many_requests"  # allauth's rate limits answer with it
handler500 = "leuvenhelpt.views.server_error"
