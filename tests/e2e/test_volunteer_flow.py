"""The volunteer route at a phone's width: a coordinator routes a request to matching and proposes a
volunteer, the volunteer accepts, the help seeker sees that their support started, the volunteer
completes it; and the decline and expiry paths. axe-core on every page."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from people.models import Person
from requests_app.models import HelpRequest
from requests_app.workflow import State
from tests.e2e.signin import sign_in
from tests.factories import make_request
from volunteers import services
from volunteers.models import Match

pytestmark = [pytest.mark.e2e]

PHONE = {"width": 390, "height": 844}
VOLUNTEER = "vrijwilliger@leuvenhelpt.test"


def coordinator_proposes_jonas(page, live_server, assert_accessible) -> HelpRequest:
    person = Person.objects.get(user__email="burger@leuvenhelpt.test")
    request = make_request(person=person, needs=["food"], description="Ik kan mijn boodschappen niet dragen.")
    page.set_viewport_size(PHONE)
    sign_in(page, live_server, "coordinator@leuvenhelpt.test")
    page.goto(f"{live_server.url}/coordinatie/{request.reference}/")
    page.locator("button[value=take_up]").click()
    expect(page.locator(".alert-success")).to_be_visible()
    page.locator("button[value=route]").click()
    expect(page.locator(".alert-success")).to_be_visible()
    page.locator(f"a[href='/vrijwilligers/coordinatie/aanvraag/{request.reference}/']").click()
    expect(page.locator("h1")).to_contain_text(request.reference)
    assert_accessible(page)
    page.locator("select[name=task-task_type]").select_option("shopping")
    page.locator("select[name=task-area]").select_option("3010")
    page.locator("select[name=task-language]").select_option("nl")
    # The description starts as the help seeker's words; the coordinator shortens it rather than retyping it.
    expect(page.locator("textarea[name=task-summary]")).to_have_value("Ik kan mijn boodschappen niet dragen.")
    page.locator("input[name=task-regular][value=weekly]").check()
    page.locator("select[name=task-weekday]").select_option("1")
    today = timezone.localdate()
    page.locator("input[name=task-valid_from]").fill(today.isoformat())
    page.locator("input[name=task-valid_until]").fill((today - timedelta(days=1)).isoformat())  # before the start
    page.locator("input[name=task-start]").fill("14:00")
    page.locator("input[name=task-end]").fill("16:00")
    page.locator("textarea[name=task-summary]").fill("Boodschappen doen bij de supermarkt om de hoek.")
    # Without the help seeker's consent the candidates are ranked but cannot be proposed.
    expect(page.locator("#consent-needed")).to_be_visible()
    page.locator("select[name=task-consent_channel]").select_option("phone")
    page.locator("form[action$='/taak/'] button[type=submit]").click()
    expect(page.locator(".error-summary")).to_contain_text("De periode kan niet eindigen voor ze begint.")
    expect(page.locator("textarea[name=task-summary]")).to_have_value("Boodschappen doen bij de supermarkt om de hoek.")
    page.locator("input[name=task-valid_until]").fill((today + timedelta(days=60)).isoformat())
    page.locator("form[action$='/taak/'] button[type=submit]").click()
    expect(page.locator(".alert-success")).to_be_visible()
    expect(page.locator("#task-when")).to_contain_text("elke dinsdag 14:00–16:00, van ")
    expect(page.locator("#consent-needed")).to_have_count(0)
    candidate = page.locator(".candidate", has_text="Jonas Claes")
    expect(candidate).to_contain_text("✓")
    assert_accessible(page)
    candidate.locator("button[type=submit]").click()
    expect(page.locator(".alert-success")).to_contain_text("Jonas")
    assert Match.objects.filter(request=request, volunteer__user__email=VOLUNTEER, status="proposed").exists()
    return request


def volunteer_opens_the_proposal(page, live_server, assert_accessible, request) -> Match:
    match = Match.objects.get(request=request, volunteer__user__email=VOLUNTEER)
    sign_in(page, live_server, VOLUNTEER)
    page.goto(f"{live_server.url}/vrijwilligers/mijn/")
    assert_accessible(page)
    page.locator(f"a[href='/vrijwilligers/mijn/matches/{match.pk}/']").click()
    expect(page.locator("#main")).to_contain_text("An")
    expect(page.locator("#main")).to_contain_text("Kessel-Lo")
    expect(page.locator("#main")).to_contain_text("elke dinsdag 14:00–16:00, van ")
    expect(page.locator("#main")).not_to_contain_text("0478 12 34 56")
    expect(page.locator("#main")).not_to_contain_text("Ik kan mijn boodschappen niet dragen.")
    assert_accessible(page)
    return match


def test_a_volunteer_accepts_the_help_seeker_sees_it_and_the_volunteer_completes(
    page, live_server, demo, assert_accessible
):
    request = coordinator_proposes_jonas(page, live_server, assert_accessible)
    match = volunteer_opens_the_proposal(page, live_server, assert_accessible, request)
    page.locator(f"form[action$='/matches/{match.pk}/aanvaarden/'] button").click()
    expect(page.locator(".alert-success")).to_be_visible()
    expect(page.locator("#main")).to_contain_text("0478 12 34 56")
    assert_accessible(page)
    assert HelpRequest.objects.get(pk=request.pk).state == State.SUPPORT_STARTED

    sign_in(page, live_server, "burger@leuvenhelpt.test")
    page.goto(f"{live_server.url}/mijn/aanvragen/{request.reference}/")
    expect(page.locator("#main")).to_contain_text("vrijwilliger, Jonas")
    expect(page.locator("#main")).not_to_contain_text("Claes")
    assert_accessible(page)

    sign_in(page, live_server, VOLUNTEER)
    page.goto(f"{live_server.url}/vrijwilligers/mijn/matches/{match.pk}/")
    page.locator("input[name=complete-outcome_kind][value=helped]").check()  # the end goes through the outcome
    page.locator("textarea[name=complete-outcome]").fill("Boodschappen gedaan en koffie gedronken.")
    page.locator("input[name=complete-hours]").fill("1,5")  # as a Dutch user types it
    page.locator(f"form[action$='/matches/{match.pk}/afronden/'] button").click()
    expect(page.locator(".alert-success")).to_be_visible()
    expect(page.locator("#main")).to_contain_text("1,5")
    assert_accessible(page)
    assert HelpRequest.objects.get(pk=request.pk).state == State.CLOSED


def test_a_declined_proposal_returns_the_request_to_triage(page, live_server, demo, assert_accessible):
    request = coordinator_proposes_jonas(page, live_server, assert_accessible)
    match = volunteer_opens_the_proposal(page, live_server, assert_accessible, request)
    page.locator(f"form[action$='/matches/{match.pk}/weigeren/'] button").click()  # no reason yet
    expect(page.locator(".error-summary")).to_be_visible()
    assert_accessible(page)
    page.locator("input[name=decline-reason][value=not_available]").check()
    page.locator(f"form[action$='/matches/{match.pk}/weigeren/'] button").click()
    expect(page.locator(".alert-success")).to_be_visible()
    assert HelpRequest.objects.get(pk=request.pk).state == State.TRIAGE

    sign_in(page, live_server, "coordinator@leuvenhelpt.test")
    page.goto(f"{live_server.url}/coordinatie/{request.reference}/")
    expect(page.locator("#matches-title")).to_be_visible()
    expect(page.locator(".status-declined")).to_be_visible()


def test_an_unanswered_proposal_expires_and_the_coordinator_sees_it(page, live_server, demo, assert_accessible):
    request = coordinator_proposes_jonas(page, live_server, assert_accessible)
    assert services.matches_expire(now=timezone.now() + timedelta(hours=49)) >= 1
    assert HelpRequest.objects.get(pk=request.pk).state == State.TRIAGE
    page.goto(f"{live_server.url}/coordinatie/{request.reference}/")
    expect(page.locator(".status-expired")).to_be_visible()
    assert_accessible(page)
