"""The assistant's answers as the site reads them from a test client's cookies (signature, age and account
checked by ``assistant.guide.answers_cookie`` itself)."""

from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory

from assistant.guide import answers_cookie


def answers_in_browser(client, user=None) -> dict:
    request = RequestFactory().get("/")
    request.COOKIES = {name: morsel.value for name, morsel in client.cookies.items()}
    request.user = user or AnonymousUser()
    return answers_cookie(request).get("answers", {})
