"""/api/v1/: the partner API, its OpenAPI description and its documentation page (assets vendored)."""

from django.urls import path, re_path
from drf_spectacular.views import SpectacularAPIView

from partner_api import docs, views
from partner_api.errors import not_found

app_name = "api"

urlpatterns: list = [
    path("referrals/", views.ReferralList.as_view(), name="referrals"),
    path("referrals/<int:referral_id>/", views.ReferralDetail.as_view(), name="referral"),
    path("referrals/<int:referral_id>/accept/", views.ReferralAccept.as_view(), name="accept"),
    path("referrals/<int:referral_id>/decline/", views.ReferralDecline.as_view(), name="decline"),
    path("referrals/<int:referral_id>/first-meeting/", views.FirstMeeting.as_view(), name="first_meeting"),
    path("referrals/<int:referral_id>/progress-notes/", views.ProgressNote.as_view(), name="progress_note"),
    path("referrals/<int:referral_id>/outcome/", views.SupportOutcome.as_view(), name="outcome"),
    path("statuses/", views.StatusVocabulary.as_view(), name="statuses"),
    path("openapi.yaml", SpectacularAPIView.as_view(authentication_classes=[], permission_classes=[]), name="schema"),
    path("docs/", docs.SwaggerPage.as_view(), name="docs"),
    # Anything else under /api/v1/: the API's JSON 404, not the site's page.
    re_path(r"^.*$", not_found),
]
