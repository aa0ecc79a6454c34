"""The API's documentation page: Swagger UI from drf-spectacular-sidecar (vendored, served by WhiteNoise; nothing
from a CDN). The split view loads its start-up script from our own origin, so the site's Content-Security-Policy
stays as it is."""

from drf_spectacular.views import SpectacularSwaggerSplitView


class SwaggerPage(SpectacularSwaggerSplitView):
    authentication_classes: list = []
    permission_classes: list = []
    url_name = "api:schema"
    template_name = "partner_api/swagger_ui.html"
    title = "Leuven Helpt API v1"
