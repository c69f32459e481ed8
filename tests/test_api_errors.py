"""Every failure under /api/v1/ answers JSON with one shape:

    {"error": {"status": …, "code": "…", "message": "…", "details": […]}}

whatever raised it: django-ninja's validation, an HttpError, Django's Http404,
PermissionDenied or ValidationError, a bug, or a path or method that does not exist.
"""

import json

import pytest
from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.test import Client
from django.utils import translation
from django.utils.translation import gettext
from ninja.errors import AuthorizationError, HttpError, Throttled

pytestmark = pytest.mark.django_db

API = "/api/v1"


@pytest.fixture(autouse=True)
def _english_outside_requests():
    translation.activate("en")
    yield
    translation.deactivate()


def body(response) -> dict:
    assert response["Content-Type"] == "application/json; charset=utf-8"
    return json.loads(response.content)


def error(status: int, code: str, message: str, details=()) -> dict:
    return {"error": {"status": status, "code": code, "message": message, "details": list(details)}}


@pytest.mark.parametrize(
    "path",
    [
        "/nothing-here",
        "/organisations/",  # trailing slash
        "/organisations/agency/members",
        "/v2/organisations",
        "/static/ninja/swagger-ui.css",
    ],
)
def test_unknown_paths_answer_json_404(client, path):
    response = client.get(API + path)

    assert response.status_code == 404
    assert body(response) == error(404, "not_found", "Nothing was found at this address.")


def test_unknown_path_with_any_method(client):
    for method in ("post", "put", "patch", "delete"):
        response = getattr(client, method)(f"{API}/nothing-here")
        assert response.status_code == 404, method
        assert body(response)["error"]["code"] == "not_found"


def test_wrong_method_answers_json_405(client):
    response = client.post(f"{API}/organisations", {"name": "x"})

    assert response.status_code == 405
    assert response["Allow"] == "GET"
    assert body(response) == error(405, "method_not_allowed", "This method is not allowed here.")


def test_api_root_points_to_the_documentation(client):
    response = client.get(f"{API}/")

    assert response.status_code == 200
    assert body(response) == {
        "title": "Körpü API",
        "version": "1",
        "docs": "/api/v1/docs",
        "openapi": "/api/v1/openapi.json",
    }


@pytest.mark.parametrize(
    ("exception", "status", "expected"),
    [
        (
            Http404("No Organisation matches the given query."),
            404,
            error(404, "not_found", "Nothing was found at this address."),
        ),
        (
            PermissionDenied(),
            403,
            error(403, "forbidden", "You do not have permission to do this."),
        ),
        (
            PermissionDenied("Only the park's managers may do this."),
            403,
            error(403, "forbidden", "Only the park's managers may do this."),
        ),
        (
            AuthorizationError(),
            403,
            error(403, "forbidden", "You do not have permission to do this."),
        ),
        (
            HttpError(400, "The date range is reversed."),
            400,
            error(400, "bad_request", "The date range is reversed."),
        ),
        (
            HttpError(409, "The booking overlaps another."),
            409,
            error(409, "conflict", "The booking overlaps another."),
        ),
        (
            Throttled(wait=30),
            429,
            error(429, "rate_limited", "Too many requests. Wait a moment and try again."),
        ),
        (
            DjangoValidationError("Only companies can become residents of a park."),
            422,
            error(
                422,
                "validation_error",
                "Some values in the request are not valid.",
                [
                    {
                        "location": "body",
                        "field": "",
                        "code": "invalid",
                        "message": "Only companies can become residents of a park.",
                    }
                ],
            ),
        ),
        (
            DjangoValidationError({"end_date": ["The end date is before the start date."]}),
            422,
            error(
                422,
                "validation_error",
                "Some values in the request are not valid.",
                [
                    {
                        "location": "body",
                        "field": "end_date",
                        "code": "invalid",
                        "message": "The end date is before the start date.",
                    }
                ],
            ),
        ),
    ],
)
def test_exceptions_raised_in_an_endpoint(client, monkeypatch, exception, status, expected):
    def fail(*args, **kwargs):
        raise exception

    monkeypatch.setattr("korpu.directory.queries.organisation_list", fail)

    response = client.get(f"{API}/organisations")

    assert response.status_code == status
    assert body(response) == expected


def test_a_bug_answers_json_500_and_is_logged(monkeypatch, caplog):
    def fail(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr("korpu.directory.queries.organisation_list", fail)

    response = Client(raise_request_exception=False).get(f"{API}/organisations")

    assert response.status_code == 500
    assert body(response) == error(
        500, "server_error", "Something went wrong on our side. The error was logged."
    )
    logged = [r for r in caplog.records if r.name == "django.request" and r.levelname == "ERROR"]
    assert [r.getMessage() for r in logged] == ["Internal Server Error: /api/v1/organisations"]
    assert logged[0].exc_info[1].args == ("boom",)


def test_messages_follow_the_language(client):
    response = client.get(f"{API}/organisations?page=abc&lang=az")

    with translation.override("az"):
        expected = gettext("Enter a whole number.")
    assert expected != "Enter a whole number."  # Django's own catalogue has it
    assert response["Content-Language"] == "az"
    assert body(response)["error"]["details"] == [
        {"location": "query", "field": "page", "code": "int_parsing", "message": expected}
    ]


def test_errors_are_never_html(client):
    for path in ("/organisations/none", "/nothing", "/me", "/people/x", "/parks?page=x"):
        response = client.get(API + path)
        assert response["Content-Type"] == "application/json; charset=utf-8", path
        assert set(body(response)) == {"error"}, path
