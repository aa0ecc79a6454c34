"""A catalogue editor builds a nested rule in Chromium, with the mouse and with the keyboard only, sees "who gets
this", and a second editor approves the draft and publishes it. axe-core (WCAG 2.2 AA tags) on every page."""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from assistant import services
from assistant.models import AnswerSet, Edition, EditionChange
from tests.e2e.signin import sign_in

pytestmark = [pytest.mark.e2e]

WCAG = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]}}


@pytest.fixture
def wcag(axe):
    def check(page):
        # Bootstrap's buttons fade their colours for 0.15 s after a click: axe must judge the colours a person
        # sees, not a frame of the fade (reduced motion switches the transitions off, as the CSS allows).
        page.emulate_media(reduced_motion="reduce")
        violations = axe.run(page, options=WCAG).response["violations"]
        found = [
            f"{v['id']}: {v['help']} {[(n['target'], n.get('failureSummary', '')) for n in v['nodes']][:3]}"
            for v in violations
        ]
        assert found == [], f"{page.url}:\n" + "\n".join(found)

    return check


BUSY = ".htmx-request, .htmx-swapping, .htmx-settling"


class htmx_swap:  # noqa: N801 - used as a context manager, like Playwright's expect_response
    """Do something that makes HTMX post the builder, and wait until the answer is swapped in
    (a person waits for the page to react too)."""

    def __init__(self, page):
        self.page = page

    def __enter__(self):
        self.waiting = self.page.expect_response(lambda response: response.request.method == "POST")
        self.waiting.__enter__()
        return self

    def __exit__(self, *exc):
        self.waiting.__exit__(*exc)
        if exc[0] is None:
            expect(self.page.locator(BUSY)).to_have_count(0)
        return False


def make_draft(page, live_server):
    page.goto(f"{live_server.url}/assistent/redactie/")
    published = Edition.objects.get(state="published")
    page.goto(f"{live_server.url}/assistent/redactie/edities/{published.pk}/")
    page.get_by_role("button", name="Maak een concept om deze editie te veranderen").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("-v2")
    return Edition.objects.get(state="draft")


def test_an_editor_builds_a_nested_rule_and_a_second_editor_approves_and_publishes(page, live_server, demo, wcag):
    sign_in(page, live_server, "redacteur@leuvenhelpt.test")
    draft = make_draft(page, live_server)
    edit = f"{live_server.url}/assistent/redactie/edities/{draft.pk}/producten/"

    # --- with the mouse: "Klusjesdienst"-like nested rule on leuven-helpt-contact ---------------------------
    page.goto(edit + "leuven-helpt-contact/")
    expect(page.locator("#rule-builder")).to_be_visible()
    wcag(page)
    before = page.locator("#rb-r > .rb-children > li").count()
    with htmx_swap(page):
        page.locator("#rb-r > .rb-actions").get_by_role("button", name="Groep toevoegen").click()
    group = page.locator(f"#rb-r_{before}")
    expect(group).to_be_visible()
    group.get_by_label("Van toepassing als").select_option("any")
    with htmx_swap(page):
        group.locator(f"#rb-r_{before}_0-q").select_option("age")
    expect(group.locator(f"#rb-r_{before}_0-op")).to_be_visible()  # HTMX brought the operators of a number
    with htmx_swap(page):
        group.locator(f"#rb-r_{before}_0-op").select_option("ge")
    group.locator(f"#rb-r_{before}_0-v").fill("80")
    with htmx_swap(page):
        group.locator(":scope > .rb-actions").get_by_role("button", name="Voorwaarde toevoegen").click()
    with htmx_swap(page):
        group.locator(f"#rb-r_{before}_1-q").select_option("lives_alone")
    expect(group.locator(f"#rb-r_{before}_1-op")).to_have_value("is_true")
    expect(page.get_by_role("heading", name="Wie krijgt dit?")).to_be_visible()
    wcag(page)
    page.get_by_role("button", name="Product bewaren").click()
    page.wait_for_load_state()
    assert "/producten/" not in page.url, page.locator(".error-summary, .field-error").all_inner_texts()
    draft.refresh_from_db()
    rule = next(p for p in draft.document["products"] if p["key"] == "leuven-helpt-contact")["applies_if"]
    assert {"or": [{">=": [{"var": "age"}, 80]}, {"var": "lives_alone"}]} in rule["and"]

    # --- with the keyboard only ---------------------------------------------------------------------------
    page.goto(edit + "leuven-helpt-boodschappen/")
    before = page.locator("#rb-r > .rb-children > li").count()
    add_group = page.locator("#rb-r > .rb-actions").get_by_role("button", name="Groep toevoegen")
    add_group.focus()
    with htmx_swap(page):
        page.keyboard.press("Enter")
    mode = page.locator(f"#rb-r_{before}-mode")
    expect(mode).to_be_focused()  # the focus follows the new block
    page.keyboard.press("Tab")
    question = page.locator(f"#rb-r_{before}_0-q")
    expect(question).to_be_focused()
    for _ in range(30):  # walk the questions with the arrow key until "Woont u alleen?"
        if question.input_value() == "lives_alone":
            break
        with htmx_swap(page):
            page.keyboard.press("ArrowDown")
        expect(question).to_be_focused()
    assert question.input_value() == "lives_alone"
    expect(page.locator(f"#rb-r_{before}_0-op")).to_have_value("is_true")
    page.get_by_role("button", name="Product bewaren").focus()
    page.keyboard.press("Enter")
    expect(page.locator("h1")).not_to_contain_text("bewerken")
    draft.refresh_from_db()
    rule = next(p for p in draft.document["products"] if p["key"] == "leuven-helpt-boodschappen")["applies_if"]
    assert {"var": "lives_alone"} in rule["and"]

    # --- the author cannot publish; a second editor approves and publishes -----------------------------------
    page.goto(f"{live_server.url}/assistent/redactie/edities/{draft.pk}/publiceren/")
    expect(page.get_by_text("Een tweede redacteur moet dit concept goedkeuren")).to_be_visible()
    sign_in(page, live_server, "redacteur2@leuvenhelpt.test")
    page.goto(f"{live_server.url}/assistent/redactie/edities/{draft.pk}/goedkeuren/")
    expect(page.get_by_text("Pieter De Smet")).to_be_visible()
    expect(page.get_by_text("Meer contact en minder eenzaam").first).to_be_visible()
    wcag(page)
    page.get_by_role("button", name=re.compile("goedkeuren$")).click()
    expect(page).to_have_url(re.compile(r"/publiceren/$"))
    wcag(page)
    page.get_by_role("button", name=re.compile("nu publiceren$")).click()
    expect(page.locator("h1")).to_contain_text(draft.label)
    draft.refresh_from_db()
    assert draft.state == "published"
    approval = EditionChange.objects.get(edition=draft, action="approved")
    assert approval.actor.email == "redacteur2@leuvenhelpt.test"


def test_who_gets_this_beside_a_question_follows_the_rule_being_built(page, live_server, demo, wcag):
    """The question form's "Wie krijgt dit?": the products that use the question, how the last 90 days answered
    it, and which products change when the editor changes the question's rule (HTMX brings the box along)."""
    AnswerSet.objects.all().delete()  # the demo's answer sets: count only these five
    published = Edition.objects.get(state="published")
    base = {"audience": "citizen", "lives_in_leuven": True, "has_car": False, "reduced_mobility": True}
    for card, times in ((True, 3), (False, 2)):
        for _time in range(times):
            services.answer_set_record(
                edition_id=published.pk, answers=base | {"disability_parking_card": card}, day=timezone.localdate()
            )
    sign_in(page, live_server, "redacteur@leuvenhelpt.test")
    draft = make_draft(page, live_server)
    page.goto(f"{live_server.url}/assistent/redactie/edities/{draft.pk}/vragen/disability_parking_card/")
    aside = page.locator("#rule-aside")
    expect(aside.get_by_role("heading", name="Wie krijgt dit?")).to_be_visible()
    expect(aside.get_by_role("link", name="Parkeerkaart voor personen met een handicap", exact=True)).to_be_visible()
    answers = aside.get_by_role("table", name=re.compile("Hoe 5 mensen antwoordden"))
    expect(answers.get_by_role("row", name="Ja 3")).to_be_visible()
    expect(answers.get_by_role("row", name="Nee 2")).to_be_visible()
    expect(aside.locator("tr.table-warning")).to_have_count(0)
    wcag(page)
    # ask the question of people who get around easily instead (a mistake): both products change
    with htmx_swap(page):
        page.locator("#rb-r_0-op").select_option("is_false")
    expect(aside.locator("tr.table-warning")).to_have_count(2)
    expect(
        aside.get_by_role("table", name=re.compile("Hoe 5 mensen antwoordden")).get_by_role(
            "row", name="Niet gevraagd: overgeslagen door de regel 5"
        )
    ).to_be_visible()
    wcag(page)
