"""korpu.common.unavailable: a database that cannot be reached gives 503, not 500."""

import pytest
from django.db import OperationalError
from django.test import Client

from korpu.common.unavailable import is_database_unavailable
from korpu.events import queries


def _unreachable(*args, **kwargs):
    raise OperationalError('connection to server at "10.1.2.3", port 5432 failed: refused')


@pytest.fixture
def client():
    # Django's test client re-raises what a view raised; a real server answers instead.
    return Client(raise_request_exception=False)


@pytest.mark.django_db
def test_a_page_answers_503_in_the_language_of_the_request(client, monkeypatch):
    monkeypatch.setattr(queries, "visible_events", _unreachable)
    response = client.get("/az/events/")
    assert (response.status_code, response["Retry-After"], response["Content-Language"]) == (
        503,
        "5",
        "az",
    )
    assert response["Content-Type"].startswith("text/html")
    assert b'<html lang="az">' in response.content
    assert b"10.1.2.3" not in response.content


@pytest.mark.django_db
def test_the_api_answers_503_with_its_error_body(client, monkeypatch):
    monkeypatch.setattr(queries, "visible_events", _unreachable)
    response = client.get("/api/v1/events/1", headers={"accept-language": "tr"})
    assert (response.status_code, response["Retry-After"]) == (503, "5")
    body = response.json()
    assert body["error"]["status"] == 503
    assert body["error"]["code"] == "service_unavailable"
    assert body["error"]["details"] == []
    assert "10.1.2.3" not in body["error"]["message"]


@pytest.mark.django_db
def test_other_errors_stay_server_errors(client, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr(queries, "visible_events", broken)
    assert client.get("/en/events/").status_code == 500
    assert client.get("/api/v1/events/1").json()["error"]["code"] == "server_error"


def test_an_error_raised_from_a_database_error_counts():
    try:
        try:
            raise OperationalError("gone")
        except OperationalError as error:
            raise ValueError("wrapped") from error
    except ValueError as wrapped:
        assert is_database_unavailable(wrapped)
    assert not is_database_unavailable(ValueError("no"))
    assert not is_database_unavailable(None)
