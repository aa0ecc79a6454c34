from django.conf import settings
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.deprecation import MiddlewareMixin

from leuvenhelpt import languages


class LanguageMiddleware(MiddlewareMixin):
    """Dutch first: the language is the visitor's explicit choice (cookie), else Dutch.

    Unlike Django's LocaleMiddleware, the browser's Accept-Language is not used: the city speaks Dutch to
    everyone unless they pick another language with the language links (or in their profile, which sets the
    same cookie when they sign in): a visitor on a borrowed phone is never trapped in its owner's language.
    The city's language policy (``settings.LANGUAGE_POLICY``) may keep a page group Dutch: the page is then in
    Dutch and ``request.language_fallback`` holds the chosen language, for the notice in ``base.html``.
    """

    def process_request(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if chosen not in settings.LANGUAGES_OFFERED:
            chosen = settings.LANGUAGE_CODE
        language = languages.for_group(languages.page_group(request.path_info), chosen)
        translation.activate(language)
        request.LANGUAGE_CODE = language
        request.language_chosen = chosen
        request.language_fallback = chosen if language != chosen else None

    def process_response(self, request, response):
        response.headers.setdefault("Content-Language", translation.get_language())
        patch_vary_headers(response, ["Cookie"])
        return response


class RejectNulMiddleware:
    """A NUL byte in the path or the query string is never meant: 400 (the site's page) before any view.

    PostgreSQL cannot store or compare a text with NUL in it, so a reference such as ``/mijn/aanvragen/%00/``
    would otherwise reach a query and fail with a 500. (Form fields refuse NUL themselves: Django's
    ``CharField`` validator.)"""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        query = request.META.get("QUERY_STRING", "")
        if "\x00" in request.path_info or "%00" in query or "\x00" in query:
            from leuvenhelpt.views import bad_request

            return bad_request(request)
        return self.get_response(request)
