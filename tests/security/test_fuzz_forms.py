"""Fuzzing the public forms with hypothesis: random and hostile input (very long strings, control characters,
HTML and JavaScript, SQL fragments, template syntax, wrong types) at the sign-up, the help form (anonymous and
signed in), the assistant's answers, the product search, the language switch, the follow-up link and the
sign-in. Whatever comes in: no server error, no script from the input on any page, a clear Dutch message when
it is refused, and what the person typed is kept.

The number of examples comes from the hypothesis profile (tests/conftest.py: few locally, more in CI)."""

from urllib.parse import quote, urlsplit

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from accounts.models import User
from accounts.roles import Role
from assistant.services import edition_import
from requests_app.follow import follow_token
from requests_app.models import HelpRequest

pytestmark = pytest.mark.django_db

HOSTILE = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "<svg/onload=alert(1)>",
    "javascript:alert(1)",
    "'; DROP TABLE requests_app_helprequest; --",
    "' OR '1'='1' --",
    "1; SELECT pg_sleep(5)",
    "{{ settings.SECRET_KEY }}",
    "{% debug %}",
    "%(full_name)s %s %d",
    "\x00",
    "\x1b[31m\x07\x08",
    "\u202eevil\u202c",
    "\r\nSet-Cookie: sessionid=stolen",
    "../../../../etc/passwd",
    "𝕷𝖊𝖚𝖛𝖊𝖓 🧑‍🤝‍🧑 ﷽",
    "NaN",
    "-1e309",
]
# What must never appear in a page as markup: each would be a script from the input.
RAW_MARKUP = ["<script>alert", "<img src=x", "<svg/onload", "<svg onload"]

hostile = st.sampled_from(HOSTILE)
text = st.one_of(
    hostile,
    st.text(max_size=80),
    st.builds(lambda a, b: a + b, st.text(max_size=20), hostile),
    st.integers(min_value=1000, max_value=20000).map(lambda n: "x" * n),  # far beyond every max_length
)
# Wrong types: what a tampered form can send (several values for one field, numbers, nothing).
value = st.one_of(text, st.lists(text, min_size=2, max_size=3), st.integers().map(str), st.just(""))


def assert_safe(response) -> None:
    assert response.status_code < 500
    body = response.content.decode(errors="replace")
    for markup in RAW_MARKUP:
        assert markup not in body, markup


def assert_refused_clearly(response) -> None:
    """A refused form: shown again with the Dutch error summary."""
    assert response.status_code in {200, 400}
    assert "Er is een probleem" in response.content.decode()


# --- /hulp/ -------------------------------------------------------------------------------------

ASK = {
    "needs": ["administration"],
    "description": "Ik kan mijn brieven niet lezen.",
    "urgency": "2",
    "contact_way": "phone",
    "contact_time": "voormiddag",
    "full_name": "Jan Janssens",
    "phone": "0470 12 34 56",
    "email": "jan@example.test",
    "consent": "on",
}
ASK_FIELDS = sorted(ASK) + ["product", "on_behalf_consent"]


@pytest.fixture(autouse=True)
def _no_rate_limits(settings):
    """Hundreds of posts from one test client: the abuse limits would answer 429 (they have their own tests,
    ``test_abuse_limits.py``)."""
    settings.ACCOUNT_RATE_LIMITS = False


@pytest.fixture
def coordinator_client(make_user):
    client = Client()
    client.force_login(make_user(Role.COORDINATOR))
    return client


@given(changes=st.dictionaries(st.sampled_from(ASK_FIELDS), value, min_size=1, max_size=4))
def test_the_help_form_without_an_account_survives_anything(changes, coordinator_client):
    client = Client()
    before = HelpRequest.objects.count()
    response = client.post(reverse("help:ask"), {**ASK, **changes})
    assert_safe(response)
    if response.status_code == 302:
        # Stored: every page that shows it escapes it.
        stored = HelpRequest.objects.order_by("-pk").first()
        assert HelpRequest.objects.count() == before + 1
        assert_safe(client.get(reverse("help:follow", kwargs={"token": follow_token(stored)})))
        assert_safe(coordinator_client.get(reverse("coordination:request", kwargs={"reference": stored.reference})))
        assert_safe(coordinator_client.get(reverse("coordination:queue")))
    else:
        assert_refused_clearly(response)
        assert HelpRequest.objects.count() == before


@given(changes=st.dictionaries(st.sampled_from(ASK_FIELDS), value, min_size=1, max_size=4))
def test_the_help_form_of_a_signed_in_citizen_survives_anything(changes, make_user):
    client = Client()
    client.force_login(make_user(Role.CITIZEN))
    response = client.post(reverse("help:ask"), {**ASK, **changes})
    assert_safe(response)
    if response.status_code == 302:
        assert_safe(client.get(reverse("mine:list")))
        stored = HelpRequest.objects.order_by("-pk").first()
        assert_safe(client.get(reverse("mine:detail", kwargs={"reference": stored.reference})))
    else:
        assert_refused_clearly(response)


def test_a_refused_help_form_keeps_what_was_typed_escaped():
    data = {**ASK, "description": "<script>alert(1)</script> hulp bij brieven", "urgency": "99"}
    response = Client().post(reverse("help:ask"), data)
    assert_refused_clearly(response)
    assert "&lt;script&gt;alert(1)&lt;/script&gt; hulp bij brieven" in response.content.decode()
    assert "Jan Janssens" in response.content.decode()


# --- Sign-up and sign-in --------------------------------------------------------------------------

SIGNUP = {
    "full_name": "Mieke Vandenberghe",
    "email": "mieke@example.test",
    "password1": "Groenplaats-2026!",
    "password2": "Groenplaats-2026!",
    "preferred_language": "nl",
}


@given(changes=st.dictionaries(st.sampled_from(sorted(SIGNUP)), value, min_size=1, max_size=3))
def test_the_sign_up_survives_anything(changes):
    cache.clear()  # each example is a new visitor: allauth's rate limits (kept in the cache) start afresh
    User.objects.filter(email__iendswith="@example.test").delete()
    response = Client().post(reverse("account_signup"), {**SIGNUP, **changes})
    assert_safe(response)
    if response.status_code != 302:
        assert_refused_clearly(response)
    for user in User.objects.all():
        assert "\x00" not in user.full_name


@given(login=value, password=value)
def test_the_sign_in_survives_anything(login, password):
    cache.clear()  # each example is a new visitor: allauth's rate limits (kept in the cache) start afresh
    response = Client().post(reverse("account_login"), {"login": login, "password": password})
    assert_safe(response)
    assert response.status_code == 200  # never signed in by garbage
    assert "Er is een probleem" in response.content.decode() or "niet correct" in response.content.decode()


# --- The assistant --------------------------------------------------------------------------------

QUESTIONS = {
    "boolean": {"key": "q", "type": "boolean", "text": {"nl": "Woont u in Leuven?"}},
    "choice": {
        "key": "q",
        "type": "choice",
        "text": {"nl": "Voor wie?"},
        "options": [{"value": "citizen", "label": {"nl": "Mezelf"}}, {"value": "business", "label": {"nl": "Zaak"}}],
    },
    "multi": {
        "key": "q",
        "type": "multi",
        "text": {"nl": "Wat verandert er?"},
        "options": [{"value": "moving", "label": {"nl": "Verhuis"}}, {"value": "birth", "label": {"nl": "Geboorte"}}],
    },
    "number": {"key": "q", "type": "number", "text": {"nl": "Hoe oud bent u?"}, "min": 0, "max": 120},
    "postcode": {"key": "q", "type": "postcode", "text": {"nl": "Uw postcode?"}},
}


@pytest.fixture(params=sorted(QUESTIONS))
def one_question(request, db):
    edition_import(
        document={
            "format": "leuvenhelpt-catalogue/1",
            "edition": f"fuzz-{request.param}",
            "default_language": "nl",
            "questions": [QUESTIONS[request.param]],
            "products": [
                {
                    "key": "product",
                    "name": {"nl": "Product"},
                    "kind": "service",
                    "audiences": ["citizen"],
                    "theme": "wonen",
                    "summary": {"nl": "Een product."},
                    "applies_if": {"in": ["moving", {"var": "q"}]}
                    if request.param == "multi"
                    else {"!=": [{"var": "q"}, None]},
                }
            ],
        },
        publish=True,
    )
    return request.param


@given(answer=value, extra=st.dictionaries(st.sampled_from(["wijzig", "shown", "csrfmiddlewaretoken"]), text))
def test_the_assistants_answers_survive_anything(one_question, answer, extra):
    client = Client()
    url = reverse("assistant:question", kwargs={"key": "q"})
    assert_safe(client.get(url))
    response = client.post(url, {"answer": answer, **extra})
    assert_safe(response)
    if response.status_code == 200:
        assert_refused_clearly(response)
    else:
        assert response.status_code == 302
        assert_safe(client.get(response.url, follow=True))
        assert_safe(client.get(reverse("assistant:summary")))
        assert_safe(client.get(reverse("assistant:results")))


# --- Search, language switch, follow-up link ---------------------------------------------------------


@given(q=text, audience=text, theme=text)
def test_the_product_search_survives_anything(published_catalogue, q, audience, theme):
    response = Client().get(reverse("assistant:product_list"), {"q": q, "doelgroep": audience, "thema": theme})
    assert_safe(response)
    # 400: a NUL byte in the query string (leuvenhelpt.middleware.RejectNulMiddleware).
    assert response.status_code == (400 if "\x00" in q + audience + theme else 200)


@given(code=text, target=st.one_of(text, st.sampled_from(["//evil.example", "https://evil.example/", "/\\evil"])))
def test_the_language_switch_never_sends_people_elsewhere(code, target):
    url = "/taal/" + quote(code.replace("/", ""), safe="") + "/?volgende=" + quote(target, safe="")
    response = Client().get(url)
    # 400: a NUL byte in the path or query string (leuvenhelpt.middleware.RejectNulMiddleware).
    assert response.status_code in {302, 404} or ("%00" in url and response.status_code == 400)
    if response.status_code == 302:
        location = urlsplit(response["Location"])
        assert not location.netloc and not location.scheme
        assert not response["Location"].startswith(("//", "/\\"))


@given(token=text)
def test_a_made_up_follow_up_link_leaks_nothing(token):
    response = Client().get("/hulp/volgen/" + quote(token.replace("/", "") or "x", safe="") + "/")
    # A NUL byte never reaches the view: RejectNulMiddleware answers 400 (hypothesis found a bare "\x00").
    assert response.status_code == 404 or ("\x00" in token and response.status_code == 400)
    assert_safe(response)
