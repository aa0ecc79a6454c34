"""manage.py api_token: API clients and tokens from the command line.

api_token create --organisation caw-oost-brabant --client "Dossiersysteem" [--scope referrals:read ...] [--days 365]
api_token revoke <prefix>
api_token list
"""

from datetime import timedelta

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from accounts.models import Organization
from partner_api.models import ApiClient, ApiToken, Scope
from partner_api.services import DEFAULT_DAYS, api_client_create, api_token_create, api_token_revoke


class Command(BaseCommand):
    help = "Create, revoke or list the API tokens of partner organisations."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="a new token (printed once)")
        create.add_argument("--organisation", required=True, help="the organisation's short name (slug)")
        create.add_argument("--client", required=True, help="the client's name; made when it does not exist")
        create.add_argument("--scope", action="append", choices=Scope.values, help="repeat for more (default: both)")
        create.add_argument("--days", type=int, default=DEFAULT_DAYS, help="valid this many days")
        revoke = sub.add_parser("revoke", help="revoke a token by the 8 characters after lh_")
        revoke.add_argument("prefix")
        sub.add_parser("list", help="every token with its state (never the token itself)")

    def handle(self, *args, action, **options):
        if action == "create":
            organization = Organization.objects.filter(slug=options["organisation"]).first()
            if organization is None:
                raise CommandError(f"No organisation with short name {options['organisation']!r}.")
            if options["days"] < 1:
                raise CommandError("--days must be 1 or more.")
            client = ApiClient.objects.filter(organization=organization, name=options["client"]).first()
            client = client or api_client_create(organization=organization, name=options["client"])
            token, clear = api_token_create(
                client=client,
                scopes=options["scope"] or Scope.values,
                expires_at=timezone.now() + timedelta(days=options["days"]),
            )
            self.stdout.write(f"{clear}\n")
            self.stderr.write(f"{client}: {', '.join(token.scopes)}, expires {token.expires_at:%Y-%m-%d}. Shown once.")
        elif action == "revoke":
            token = ApiToken.objects.filter(prefix=options["prefix"]).first()
            if token is None:
                raise CommandError(f"No token starts with lh_{options['prefix']}_.")
            revoked = api_token_revoke(token=token)
            self.stdout.write("revoked" if revoked else "was already revoked")
        else:
            for token in ApiToken.objects.select_related("client__organization").order_by(
                "client__organization__name", "-created_at"
            ):
                state = "revoked" if token.revoked_at else ("expired" if not token.is_usable else "active")
                used = f"{token.last_used_at:%Y-%m-%d %H:%M}" if token.last_used_at else "never"
                self.stdout.write(
                    f"lh_{token.prefix}_…  {token.client}  {','.join(token.scopes)}  {state}  last used {used}"
                )
