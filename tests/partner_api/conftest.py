"""Fixtures of the partner API's tests: two organisations, each with an API client and a token."""

from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.roles import Role
from partner_api.models import Scope
from partner_api.services import api_client_create, api_token_create
from requests_app import services
from tests.factories import OrganizationFactory, UserFactory, make_request


@pytest.fixture
def caw(db):
    return OrganizationFactory(name="CAW Oost-Brabant", slug="caw-oost-brabant", kind="caw")


@pytest.fixture
def ocmw(db):
    return OrganizationFactory(name="OCMW Leuven", slug="ocmw-leuven", kind="ocmw")


@pytest.fixture
def coordinator(db):
    return UserFactory(roles=[Role.COORDINATOR])


@pytest.fixture
def caw_client(caw):
    return api_client_create(organization=caw, name="Dossiersysteem")


@pytest.fixture
def caw_token(caw_client):
    return api_token_create(client=caw_client, scopes=Scope.values)[1]


@pytest.fixture
def ocmw_token(ocmw):
    return api_token_create(client=api_client_create(organization=ocmw, name="Dossiers"), scopes=Scope.values)[1]


def bearer(token: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    return client


@pytest.fixture
def api(caw_token):
    """The CAW's system, calling with its token."""
    return bearer(caw_token)


@pytest.fixture
def refer(coordinator):
    """refer(*organisations, **request fields) -> the referrals (consent recorded by phone)."""

    def make(*organizations, note: str = "", **kwargs):
        request = make_request(**kwargs)
        services.request_take_up(request=request, actor=coordinator)
        return services.request_refer(
            consent_channel="phone", request=request, organizations=list(organizations), actor=coordinator, note=note
        )

    return make


TODAY = timezone.localdate()
TOMORROW = TODAY + timedelta(days=1)
