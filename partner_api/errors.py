"""One JSON error format for every answer of the API that is not a success::

    {"status": 400, "code": "invalid", "detail": "…", "errors": {"started_on": ["…"]}}

``code`` is stable (clients branch on it), ``detail`` is a sentence for people (Dutch unless the language
cookie says English), ``errors`` (only with 400) names each field that is wrong. Refusals by the domain
(``ActionRefused``: "this referral was already answered") are 409 with code ``refused``; a field error of a
service (a ``ValidationError``) is a 400 like the serializer's own.
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, JsonResponse
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler

from people.errors import ActionRefused


class Refused(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_code = "refused"


class NoLongerShared(exceptions.PermissionDenied):
    """The referral was to this organisation, but the help seeker's consent no longer allows reading it."""

    default_code = "no_longer_shared"


def body(status_code: int, code: str, detail: str, errors: dict | None = None) -> dict:
    payload = {"status": status_code, "code": code, "detail": detail}
    if errors is not None:
        payload["errors"] = errors
    return payload


def _field_errors(detail) -> dict:
    """DRF's nested error detail as {field: [messages]} (a list error on the body goes under ``non_field_errors``)."""
    if isinstance(detail, dict):
        return {
            str(name): [str(m) for m in (messages if isinstance(messages, list) else [messages])]
            for name, messages in detail.items()
        }
    return {"non_field_errors": [str(m) for m in (detail if isinstance(detail, list) else [detail])]}


def handler(exc, context):
    if isinstance(exc, ActionRefused):
        exc = Refused(str(exc))
    elif isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(
            exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        )
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    response = exception_handler(exc, context)
    if response is None:
        return None  # a real error: the 500 page (logged), never a traceback to the client
    if isinstance(exc, exceptions.ValidationError):
        payload = body(
            400, "invalid", _("The request has errors: see “errors” for each field."), _field_errors(exc.detail)
        )
    else:
        detail = exc.detail if isinstance(exc, exceptions.APIException) else ""
        codes = exc.get_codes() if isinstance(exc, exceptions.APIException) else "error"
        code = codes if isinstance(codes, str) else "error"
        payload = body(response.status_code, code, str(detail))
    response.data = payload
    return response


def not_found(request, *args, **kwargs):
    """Any path under /api/ that names no endpoint: the API's 404, not the site's HTML page."""
    return JsonResponse(body(404, "not_found", _("Not found.")), status=404)


__all__ = ["Refused", "NoLongerShared", "body", "handler", "not_found", "Response", "status"]
