"""Crisis first: a person in danger or without a place to sleep sees the crisis products first, under an urgent
banner with the emergency numbers; then what they have to do; then the rest."""

import copy

import pytest
import yaml
from django.conf import settings
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import reverse

from assistant.guide import Guide, keep_answers
from assistant.selectors import catalogue_for, published_edition
from assistant.services import edition_import

pytestmark = pytest.mark.django_db

LEUVEN = yaml.safe_load((settings.BASE_DIR / "assistant" / "catalogues" / "leuven.yaml").read_text(encoding="utf-8"))
CASE = {case["name"]: case["answers"] for case in LEUVEN["cases"]}


def results_for(client, answers: dict) -> str:
    edition_import(document=copy.deepcopy(LEUVEN), publish=True)
    ref = published_edition()
    guide = Guide(ref=ref, catalogue=catalogue_for(ref), answers=answers)
    response = HttpResponse()
    keep_answers(RequestFactory().get("/"), response, guide, "/")  # as the browser keeps them
    client.cookies.update(response.cookies)
    return client.get(reverse("assistant:results")).content.decode()


def test_someone_without_a_home_in_danger_sees_the_crisis_shelter_first_with_the_emergency_numbers(client):
    html = results_for(client, CASE["Persoon zonder vaste woonplaats in nood"])
    assert html.index('id="emergency"') < html.index("<h1")
    assert 'href="tel:112"' in html and 'href="tel:1813"' in html
    crisis = html.index('id="crisis-results"')
    assert crisis < html.index("Crisisopvang en een slaapplaats voor vannacht") < html.index("Wat u moet doen")
    assert html.index("Wat u moet doen") < html.index("Hulp bij persoonlijke problemen en in crisis (CAW)")
    assert "Dringend: hulp voor nu" in html


def test_without_a_crisis_product_there_is_no_urgent_banner(client):
    html = results_for(client, CASE["Tiener van 16 die niet goed in zijn vel zit"])
    assert 'id="emergency"' not in html and 'id="crisis-results"' not in html
