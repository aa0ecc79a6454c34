"""The OpenAPI description in docs/api/openapi.yaml is the one the code generates, and the documentation page
loads nothing from another origin."""

import re
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse
from django.utils import translation
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiYamlRenderer

CHECKED_IN = Path(__file__).resolve().parents[2] / "docs" / "api" / "openapi.yaml"


def test_the_checked_in_schema_is_the_generated_one():
    with translation.override("en"):
        schema = SchemaGenerator().get_schema(request=None, public=True)
        generated = OpenApiYamlRenderer().render(schema, renderer_context={}).decode()
    assert generated == CHECKED_IN.read_text(), "docs/api/openapi.yaml is out of date: run `make api-schema`"


def test_the_schema_names_every_endpoint_and_the_bearer_token():
    text = CHECKED_IN.read_text()
    for path in ("/referrals/", "/referrals/{referral_id}/", "/accept/", "/decline/", "/first-meeting/",
                 "/progress-notes/", "/outcome/", "/statuses/"):  # fmt: skip
        assert path in text, path
    assert "scheme: bearer" in text


@pytest.mark.django_db
def test_the_schema_is_served(client):
    response = client.get(reverse("api:schema"))
    assert response.status_code == 200 and b"openapi: 3" in response.content


@pytest.mark.django_db
def test_the_docs_page_loads_only_vendored_files_from_our_own_origin(client):
    response = client.get(reverse("api:docs"))
    assert response.status_code == 200
    page = response.content.decode()
    sources = re.findall(r'(?:src|href)="([^"]+)"', page)
    assert sources and all(source.startswith("/") for source in sources), sources
    for source in sources:
        if source.startswith("/static/"):
            assert finders.find(source.removeprefix("/static/").split("?")[0]), f"{source} is not vendored"
    script = client.get(reverse("api:docs") + "?script=")
    assert script.status_code == 200 and "/api/v1/openapi.yaml" in script.content.decode()
    assert "unsafe-inline" not in response.headers.get("Content-Security-Policy", "")
