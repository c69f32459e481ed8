"""503 "try again in a moment" while the database cannot be reached.

When PostgreSQL restarts, fails over or refuses connections, a request that needs it
raises ``django.db.OperationalError`` or ``InterfaceError``. Without this module that
is a 500 ("something went wrong on our side") for pages and for the API. It is not a bug
in the request, and retrying shortly will work, so the answer is **503 Service
Unavailable** with ``Retry-After``: a translated HTML page, or the API's error body
(``{"error": {"status": 503, "code": "service_unavailable", ...}}``) under ``/api/``.

How: Django and django-ninja both send ``got_request_exception`` while they handle an
exception that escaped a view (or a middleware); the receiver below looks at the
exception being handled (and what caused it) and marks the request. The middleware, the
outermost one, replaces the 500 of a marked request with the 503. Nothing else changes:
the error is still logged by ``django.request`` as before, and a transaction that
failed was rolled back, so the client may safely try again.
"""

import sys

from django.core.signals import got_request_exception
from django.db import InterfaceError, OperationalError
from django.dispatch import receiver
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

RETRY_AFTER_SECONDS = 5
_MARK = "_korpu_database_unavailable"


def is_database_unavailable(error: BaseException | None) -> bool:
    """The error, or one it was raised from, says the database could not be used."""
    seen = set()
    while error is not None and id(error) not in seen:
        if isinstance(error, (OperationalError, InterfaceError)):
            return True
        seen.add(id(error))
        error = error.__cause__ or error.__context__
    return False


@receiver(got_request_exception, dispatch_uid="korpu.common.unavailable")
def _mark_request(sender, request=None, **kwargs) -> None:
    if request is not None and is_database_unavailable(sys.exc_info()[1]):
        setattr(request, _MARK, True)


def _language(request) -> str:
    code = getattr(request, "LANGUAGE_CODE", None)
    return code or translation.get_language_from_request(request, check_path=True)


def unavailable_response(request) -> HttpResponse:
    """The 503 answer, in the request's language (never touches the database)."""
    with translation.override(_language(request)):
        message = _(
            "The service is briefly unavailable (its database cannot be reached). "
            "Nothing was changed by this request. Please try again in a moment."
        )
        if request.path_info.startswith("/api/"):
            response = JsonResponse(
                {
                    "error": {
                        "status": 503,
                        "code": "service_unavailable",
                        "message": message,
                        "details": [],
                    }
                },
                status=503,
            )
        else:
            response = HttpResponse(
                render_to_string(
                    "common/unavailable.html",
                    {
                        "title": _("Temporarily unavailable"),
                        "message": message,
                        "language": translation.get_language(),
                    },
                ),
                status=503,
            )
        response.headers["Content-Language"] = translation.get_language()
    response.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response.headers["Cache-Control"] = "no-store"
    return response


class DatabaseUnavailableMiddleware:
    """Outermost middleware: a server error caused by an unreachable database → 503."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code >= 500 and getattr(request, _MARK, False):
            return unavailable_response(request)
        return response
