"""The HTTP API under /api/v1/: one NinjaAPI assembled from each app's router.

What holds for every endpoint is decided here:

* authentication (a personal token, the browser session, or anonymous; see
  :mod:`korpu.directory.api`);
* the language: ``?lang=en|az|tr``, else what LocaleMiddleware picked from the language
  cookie or ``Accept-Language``;
* one error body for every failure, with a machine code and a translated message::

      {"error": {"status": 404, "code": "not_found", "message": "…", "details": []}}

  including unknown paths and wrong methods under /api/v1/;
* the OpenAPI spec at /api/v1/openapi.json and its Swagger UI at /api/v1/docs, served
  from our own static files (no CDN), under the site's Content-Security-Policy.
"""

import logging
import re
from contextlib import nullcontext
from functools import wraps

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.signals import got_request_exception
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import path, reverse
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.csrf import csrf_exempt
from ninja import NinjaAPI, Swagger
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.openapi.schema import OpenAPISchema
from ninja.schema import NinjaGenerateJsonSchema

from korpu.directory.api import AUTH, MAX_ID
from korpu.directory.api import router as directory_router

request_logger = logging.getLogger("django.request")

LANGUAGE_CODES = tuple(code for code, _name in settings.LANGUAGES)

ERROR_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "payload_too_large",
    415: "unsupported_media_type",
    422: "validation_error",
    429: "rate_limited",
    500: "server_error",
}

# What django-ninja says in English when it raises an error itself; replaced by ours.
_NINJA_STOCK_MESSAGES = {
    "Unauthorized",
    "Forbidden",
    "Too many requests.",
    "CSRF check Failed",
    "Cannot parse request body",
}


def default_message(status: int) -> str:
    messages = {
        400: _("The request is not valid."),
        401: _("Sign in or send a valid API token to do this."),
        403: _("You do not have permission to do this."),
        404: _("Nothing was found at this address."),
        405: _("This method is not allowed here."),
        409: _("The request conflicts with the current state of the data."),
        413: _("The request is too large."),
        415: _("This content type is not supported."),
        422: _("Some values in the request are not valid."),
        429: _("Too many requests. Wait a moment and try again."),
        500: _("Something went wrong on our side. The error was logged."),
    }
    return messages.get(status, messages[500] if status >= 500 else messages[400])


def error_body(status: int, code: str | None = None, message: str | None = None, details=None):
    return {
        "error": {
            "status": status,
            "code": code or ERROR_CODES.get(status, "error" if status < 500 else "server_error"),
            "message": message or default_message(status),
            "details": list(details or []),
        }
    }


def error_response(request, status, code=None, message=None, details=None) -> HttpResponse:
    response = api.create_response(
        request, error_body(status, code, message, details), status=status
    )
    if status == 401:
        response["WWW-Authenticate"] = 'Bearer realm="api"'
    return response


# --- validation details ------------------------------------------------------------------
def field_error_message(error: dict) -> str:
    """A translated message for one pydantic error (its English text otherwise)."""
    kind = error.get("type", "")
    ctx = error.get("ctx") or {}
    if kind == "missing":
        return _("This field is required.")
    if kind in {"int_parsing", "int_type", "int_from_float", "int_parsing_size"}:
        return _("Enter a whole number.")
    if kind == "greater_than_equal":
        return _("Ensure this value is greater than or equal to %(limit_value)s.") % {
            "limit_value": ctx.get("ge")
        }
    if kind == "less_than_equal":
        return _("Ensure this value is less than or equal to %(limit_value)s.") % {
            "limit_value": ctx.get("le")
        }
    if kind == "string_too_long":
        limit = int(ctx.get("max_length") or 0)
        return ngettext(
            "Ensure this value has at most %(limit_value)d character.",
            "Ensure this value has at most %(limit_value)d characters.",
            limit,
        ) % {"limit_value": limit}
    if kind in {"enum", "literal_error"}:
        return _("Select a valid choice: %(choices)s.") % {"choices": ctx.get("expected", "")}
    if kind == "string_pattern_mismatch":
        return _("Enter a valid value.")
    return str(error.get("msg", ""))


def validation_details(errors: list[dict]) -> list[dict]:
    details = []
    for error in errors:
        location, *field = [str(part) for part in error.get("loc", ())] or [""]
        details.append(
            {
                "location": location,
                "field": ".".join(field),
                "code": error.get("type", "invalid"),
                "message": field_error_message(error),
            }
        )
    return details


# --- the API -----------------------------------------------------------------------------
ERROR_SCHEMA = {
    "title": "Error",
    "type": "object",
    "required": ["error"],
    "properties": {
        "error": {
            "type": "object",
            "required": ["status", "code", "message", "details"],
            "properties": {
                "status": {"type": "integer", "examples": [404]},
                "code": {
                    "type": "string",
                    "description": "Stable machine code.",
                    "examples": sorted(set(ERROR_CODES.values())),
                },
                "message": {
                    "type": "string",
                    "description": "For people, in the language of the request.",
                },
                "details": {
                    "type": "array",
                    "description": "For validation_error: one entry per invalid field.",
                    "items": {
                        "type": "object",
                        "properties": {
                            "location": {"type": "string", "examples": ["query"]},
                            "field": {"type": "string", "examples": ["page_size"]},
                            "code": {"type": "string", "examples": ["less_than_equal"]},
                            "message": {"type": "string"},
                        },
                    },
                },
            },
        }
    },
}

LANG_PARAMETER = {
    "in": "query",
    "name": "lang",
    "required": False,
    "description": (
        "Language of translated fields and messages. Without it, the language cookie "
        "or Accept-Language decides."
    ),
    "schema": {"type": "string", "enum": list(LANGUAGE_CODES)},
}


# "korpu.directory.models.Organisation.Kind:1234" (a class nested in a class: the id
# after the colon is pydantic's): the outer class's name is kept in the schema's name.
_NESTED_CLASS = re.compile(r"\b([A-Z]\w*)\.([A-Z]\w*)(?=:\d+$)")


class KorpuGenerateJsonSchema(NinjaGenerateJsonSchema):
    """Names a nested class after its outer class too: ``Organisation.Kind`` becomes the
    component ``OrganisationKind``. Django's choices are nested (``Park.Kind``,
    ``Booking.Status``…), and django-ninja merges the components of every operation into
    one namespace, where a plain ``Kind`` would be whichever came last."""

    def get_defs_ref(self, core_mode_ref):
        core_ref, mode = core_mode_ref
        parts = re.split(r"([\][,])", core_ref)  # generic arguments are parts of their own
        core_ref = "".join(_NESTED_CLASS.sub(r"\1\2", part) for part in parts)
        return super().get_defs_ref((core_ref, mode))


class _NamedSchemas:
    """A pydantic model whose JSON schema is made by :class:`KorpuGenerateJsonSchema`
    (django-ninja passes its own generator, without a setting to change it)."""

    def __init__(self, model):
        self._model = model

    def __getattr__(self, name):
        return getattr(self._model, name)

    def model_json_schema(self, **kwargs):
        return self._model.model_json_schema(
            **{**kwargs, "schema_generator": KorpuGenerateJsonSchema}
        )


class KorpuOpenAPISchema(OpenAPISchema):
    """Adds what every operation shares: ``lang``, the error body, optional auth; and
    makes sure no two models share one component name."""

    def _extract_parameters(self, model):
        return super()._extract_parameters(_NamedSchemas(model))

    def _create_schema_from_model(self, model, *args, **kwargs):
        return super()._create_schema_from_model(_NamedSchemas(model), *args, **kwargs)

    def add_schema_definitions(self, definitions: dict) -> None:
        for name, definition in definitions.items():
            if self.schemas.setdefault(name, definition) != definition:
                raise ValueError(f"Two different schemas are named {name!r} in the OpenAPI spec.")

    def operation_parameters(self, operation):
        parameters = super().operation_parameters(operation)
        for parameter in parameters:
            if parameter["in"] == "path" and parameter["schema"].get("type") == "integer":
                # Ids: no row has another one (the lookup by primary key answers 404).
                parameter["schema"].update(minimum=1, maximum=MAX_ID)
        return [*parameters, dict(LANG_PARAMETER)]

    def operation_security(self, operation):
        security = super().operation_security(operation)
        if security and any(
            getattr(cb, "allows_anonymous", False) for cb in operation.auth_callbacks
        ):
            security.append({})  # anonymous access allowed: public data only
        return security

    def responses(self, operation):
        result = super().responses(operation)
        ref = {"$ref": "#/components/schemas/Error"}
        for status, description in (("4XX", "Client error"), ("5XX", "Server error")):
            result.setdefault(
                status,
                {"description": description, "content": {"application/json": {"schema": ref}}},
            )
        return result

    def get_components(self):
        components = super().get_components()
        components["schemas"]["Error"] = ERROR_SCHEMA
        return components


class KorpuAPI(NinjaAPI):
    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        if path_prefix is None:
            path_prefix = self.get_root_path(path_params or {})
        return KorpuOpenAPISchema(self, path_prefix)

    def get_openapi_operation_id(self, operation) -> str:
        app = operation.view_func.__module__.removeprefix("korpu.").split(".")[0]
        return f"{app}_{operation.view_func.__name__}"

    def _get_urls(self):
        urls = super()._get_urls()
        for pattern in urls:
            if pattern.name == "api-root":
                pattern.callback = index
        urls.append(path("<path:unknown>", not_found, name="not-found"))
        for pattern in urls:
            pattern.callback = api_view(pattern.callback)
        return urls


def index(request: HttpRequest, **kwargs) -> HttpResponse:
    """/api/v1/: where the documentation is."""
    return api.create_response(
        request,
        {
            "title": api.title,
            "version": api.version,
            "docs": reverse(f"{api.urls_namespace}:openapi-view"),
            "openapi": reverse(f"{api.urls_namespace}:openapi-json"),
        },
        status=200,
    )


@csrf_exempt  # nothing is changed: a JSON 404, not the CSRF failure page, for any method
def not_found(request: HttpRequest, **kwargs) -> HttpResponse:
    """Any other path under /api/v1/: a JSON 404, not the site's HTML page."""
    return error_response(request, 404)


def api_view(view):
    """Wrap every URL of the API: ``?lang=``, and JSON for what django-ninja answers in
    plain text or leaves to Django (405, 404 outside an operation)."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        language = request.GET.get("lang")
        if language is not None and language not in LANGUAGE_CODES:
            error = {"type": "enum", "loc": ("query", "lang")}
            error["ctx"] = {"expected": ", ".join(LANGUAGE_CODES)}
            return error_response(request, 422, details=validation_details([error]))
        with translation.override(language) if language else nullcontext():
            if language:
                request.LANGUAGE_CODE = language
            try:
                response = view(request, *args, **kwargs)
            except Http404:
                response = error_response(request, 404)
            if response.status_code == 405 and "json" not in response.get("Content-Type", ""):
                allow = response.get("Allow", "")
                response = error_response(request, 405)
                if allow:
                    response["Allow"] = allow
            if language:
                response["Content-Language"] = language
        # What a response holds depends on who asks (token or session) and in which language.
        patch_vary_headers(response, ("Authorization", "Cookie", "Accept-Language"))
        return response

    return wrapped


api = KorpuAPI(
    title="Körpü API",
    version="1",
    urls_namespace="api-v1",
    description=(
        "Read the ecosystem of a cross-border innovation cooperation: organisations, "
        "people, parks and their residents, partnerships.\n\n"
        "**Authentication.** Send a personal API token (created on your profile page) as "
        "`Authorization: Bearer kp_…`, or use the session of a signed-in browser. Without "
        "either you see public data only. A wrong, revoked or expired token answers 401; "
        "a read-only token answers 403 to any change; a token limited to one organisation "
        "acts only through that organisation.\n\n"
        "**Language.** Translated fields come in the language of `?lang=en|az|tr`, else "
        "of the language cookie or `Accept-Language`; `translations` holds every "
        "language as entered (`null` where none was).\n\n"
        "**Lists** take `page` (from 1) and `page_size` (default 20, at most 100).\n\n"
        "**Errors** always have the body "
        '`{"error": {"status", "code", "message", "details"}}`.'
    ),
    auth=AUTH,
    # Served from our own static files ("ninja" is in INSTALLED_APPS); no validator
    # badge, which would load an image from validator.swagger.io.
    docs=Swagger(settings={"validatorUrl": None, "tryItOutEnabled": True}),
)
api.add_router("", directory_router)
api.add_router("", "korpu.programs.api.router")
api.add_router("", "korpu.events.api.router")
api.add_router("", "korpu.matchmaking.api.router")
api.add_router("", "korpu.transfer.api.router")
api.add_router("", "korpu.facilities.api.router")
api.add_router("", "korpu.insights.api.router")
api.add_router("", "korpu.webhooks.api.router")


# --- error handlers ----------------------------------------------------------------------
@api.exception_handler(ValidationError)
def on_validation_error(request, exc: ValidationError):
    return error_response(request, 422, details=validation_details(exc.errors))


@api.exception_handler(HttpError)
def on_http_error(request, exc: HttpError):
    message = exc.message if exc.message not in _NINJA_STOCK_MESSAGES else None
    return error_response(request, exc.status_code, message=message)


@api.exception_handler(AuthenticationError)
def on_authentication_error(request, exc: AuthenticationError):
    message = exc.message if exc.message not in _NINJA_STOCK_MESSAGES else None
    return error_response(request, 401, message=message)


@api.exception_handler(RequestDataTooBig)
def on_too_big(request, exc):
    return error_response(request, 413)


@api.exception_handler(Http404)
def on_not_found(request, exc):
    # Django's message names the model ("No Organisation matches…"); say nothing more.
    return error_response(request, 404)


@api.exception_handler(ObjectDoesNotExist)
def on_does_not_exist(request, exc):
    return error_response(request, 404)


@api.exception_handler(PermissionDenied)
def on_permission_denied(request, exc: PermissionDenied):
    return error_response(request, 403, message=str(exc) or None)


@api.exception_handler(DjangoValidationError)
def on_django_validation_error(request, exc: DjangoValidationError):
    if hasattr(exc, "error_dict"):
        details = [
            {"location": "body", "field": field, "code": "invalid", "message": message}
            for field, messages in exc.message_dict.items()
            for message in messages
        ]
    else:
        details = [
            {"location": "body", "field": "", "code": "invalid", "message": message}
            for message in exc.messages
        ]
    return error_response(request, 422, details=details)


@api.exception_handler(Exception)
def on_server_error(request, exc: Exception):
    # Tell Django's machinery (the test client re-raises, error reporters hear of it).
    got_request_exception.send(sender=None, request=request)
    request_logger.error(
        "Internal Server Error: %s",
        request.path,
        exc_info=exc,
        extra={"status_code": 500, "request": request},
    )
    response = error_response(request, 500)
    response._has_been_logged = True
    return response
