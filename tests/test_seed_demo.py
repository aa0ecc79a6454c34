import io

import pytest
from django.core.management import CommandError, call_command

from accounts.demo import ACCOUNTS, DEMO_PASSWORD, ORGANIZATIONS
from accounts.models import Membership, Organization, User
from accounts.roles import Role
from volunteers.demo import DEMO_EMAIL, VOLUNTEERS

pytestmark = pytest.mark.django_db

# One account per role, plus the demo volunteers of the volunteers app (vrijwilliger@ is one of them), plus the
# system account of CAW Oost-Brabant's API client (partner_api.demo).
DEMO_USERS = len(ACCOUNTS) + sum(1 for volunteer in VOLUNTEERS if volunteer[0] != DEMO_EMAIL) + 1


def seed(settings, **kwargs):
    settings.DEBUG = True
    call_command("seed_demo", stdout=io.StringIO(), **kwargs)


def test_seed_demo_makes_one_account_per_role_and_the_partners(settings):
    seed(settings)
    for role in Role.values:
        assert User.objects.filter(groups__name=role).exists(), f"no demo account for {role}"
    assert set(Organization.objects.values_list("slug", flat=True)) == {o["slug"] for o in ORGANIZATIONS}
    kinds = set(Organization.objects.values_list("kind", flat=True))
    assert {"ocmw", "caw", "mutualiteit", "elz_partner", "buurtwerk"} <= kinds
    assert Organization.objects.filter(kind="mutualiteit").count() >= 2
    caseworker = User.objects.get(email="hulpverlener@leuvenhelpt.test")
    assert caseworker.check_password(DEMO_PASSWORD)
    assert caseworker.organizations.get().slug == "caw-oost-brabant"
    assert User.objects.get(email="admin@leuvenhelpt.test").is_staff


def test_seed_demo_is_idempotent(settings):
    seed(settings)
    counts = (User.objects.count(), Organization.objects.count(), Membership.objects.count())
    seed(settings)
    assert (User.objects.count(), Organization.objects.count(), Membership.objects.count()) == counts
    assert counts[0] == DEMO_USERS


def test_seed_demo_prints_a_working_api_token_for_caw_and_revokes_the_previous_one(settings):
    import re

    from rest_framework.test import APIClient

    def token() -> str:
        out = io.StringIO()
        settings.DEBUG = True
        call_command("seed_demo", stdout=out)
        (found,) = re.findall(r"lh_[0-9a-f]{8}_[\w-]+", out.getvalue())
        return found

    first, second = token(), token()
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {second}")
    referrals = api.get("/api/v1/referrals/")
    assert referrals.status_code == 200 and referrals.json()["results"], "the demo has CAW referrals to read"
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {first}")
    assert api.get("/api/v1/referrals/").status_code == 401


def test_seed_demo_refuses_without_debug(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("seed_demo")
    assert not User.objects.exists()
    call_command("seed_demo", force=True, stdout=io.StringIO())
    assert User.objects.count() == DEMO_USERS


def test_every_referral_link_of_the_demo_caseworker_opens(settings, client):
    """Walking the demo: each history link on /partners/ (accepted and declined referrals too) opens."""
    import re

    seed(settings)
    client.force_login(User.objects.get(email="hulpverlener@leuvenhelpt.test"))
    links, seen, pages = set(), set(), ["/partners/"]
    while pages:
        page = pages.pop()
        seen.add(page)
        html = client.get(page).content.decode()
        links |= set(re.findall(r'href="(/partners/\d+/)"', html))
        pages += [f"/partners/?pagina={n}" for n in re.findall(r'href="\?pagina=(\d+)"', html)]
        pages = [p for p in pages if p not in seen]
    assert len(links) > 5
    statuses = {link: client.get(link).status_code for link in links}
    assert set(statuses.values()) == {200}, statuses
