"""Demo: CAW Oost-Brabant's case-management system has an API token (printed; a new one on each run, the
earlier demo tokens revoked, so exactly one works)."""

from django.utils import timezone

from accounts.models import Organization
from partner_api.models import ApiClient, ApiToken, Scope
from partner_api.services import api_client_create, api_token_create

DEMO_CLIENT = "Demo-dossiersysteem"


def seed(*, stdout) -> None:
    organization = Organization.objects.filter(slug="caw-oost-brabant").first()
    if organization is None:
        return
    client = ApiClient.objects.filter(organization=organization, name=DEMO_CLIENT).first()
    client = client or api_client_create(organization=organization, name=DEMO_CLIENT)
    ApiToken.objects.filter(client=client, revoked_at__isnull=True).update(revoked_at=timezone.now())
    _, clear = api_token_create(client=client, scopes=Scope.values)
    stdout.write(
        f"API token of CAW Oost-Brabant (shown once): {clear}\n"
        "  try: curl -H 'Authorization: Bearer <token>' http://127.0.0.1:8000/api/v1/referrals/\n"
        "  API documentation: http://127.0.0.1:8000/api/v1/docs/ (docs/api.md)"
    )
