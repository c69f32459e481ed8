"""`/health/`: the database, the cache and the task queue, as JSON with 200 or 503."""

from datetime import timedelta

import pytest
from django.db import OperationalError, connection
from django.utils import timezone

from korpu.common import health
from korpu.common.tasks import send_outbox
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def database_tasks(settings):
    """The production task backend: queued tasks are rows that a worker picks up."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.KORPU_HEALTH_MAX_TASK_AGE = 300


def queue_task(*, waiting: timedelta, run_after: timedelta | None = None):
    """A task queued ``waiting`` ago (due ``run_after`` from now, when given)."""
    from django_tasks_db.models import DBTaskResult

    task = send_outbox
    if run_after is not None:
        task = task.using(run_after=timezone.now() + run_after)
    result = task.enqueue()
    DBTaskResult.objects.filter(id=result.id).update(enqueued_at=timezone.now() - waiting)


def without_timings(body: dict) -> dict:
    checks = {name: {k: v for k, v in c.items() if k != "ms"} for name, c in body["checks"].items()}
    return {**body, "checks": checks}


def test_all_well(client, database_tasks):
    queue_task(waiting=timedelta(seconds=20))
    response = client.get("/health/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert without_timings(body) == {
        "status": "ok",
        "checks": {
            "database": {"status": "ok"},
            "cache": {"status": "ok"},
            "tasks": {
                "status": "ok",
                "queued": 1,
                "oldest_age_seconds": pytest.approx(20, abs=5),
                "max_age_seconds": 300,
            },
        },
    }
    assert all(isinstance(check["ms"], float) for check in body["checks"].values())


def test_sets_no_cookie_and_is_not_cached(client, database_tasks):
    response = client.get("/health/")
    assert (response.status_code, response.cookies) == (200, {})
    assert "Cookie" not in response.get("Vary", "")
    assert "no-store" in response["Cache-Control"]
    # Nor for a signed-in visitor: the session is not even read.
    client.force_login(factories.PersonFactory())
    cookies_before = dict(client.cookies)
    response = client.get("/health/")
    assert (response.status_code, response.cookies) == (200, {})
    assert dict(client.cookies) == cookies_before


def test_no_language_prefix_and_only_reading_methods(client):
    assert client.get("/en/health/").status_code == 404
    assert client.post("/health/").status_code == 405


def test_an_old_waiting_task_makes_the_queue_degraded(client, database_tasks):
    queue_task(waiting=timedelta(seconds=30))
    queue_task(waiting=timedelta(minutes=10))
    response = client.get("/health/")
    assert response.status_code == 503
    body = without_timings(response.json())
    assert body["status"] == "degraded"
    assert body["checks"]["database"] == {"status": "ok"}
    assert body["checks"]["tasks"] == {
        "status": "degraded",
        "queued": 2,
        "oldest_age_seconds": pytest.approx(600, abs=5),
        "max_age_seconds": 300,
    }


def test_the_age_of_a_scheduled_task_counts_from_when_it_became_due(client, database_tasks):
    # Queued an hour ago to run in an hour: not waiting for a worker at all.
    queue_task(waiting=timedelta(hours=1), run_after=timedelta(hours=1))
    # Queued an hour ago to run a minute ago: has waited a minute.
    queue_task(waiting=timedelta(hours=1), run_after=timedelta(minutes=-1))
    tasks = client.get("/health/").json()["checks"]["tasks"]
    assert (tasks["status"], tasks["queued"]) == ("ok", 1)
    assert tasks["oldest_age_seconds"] == pytest.approx(60, abs=5)


def test_the_threshold_is_a_setting(client, database_tasks, settings):
    queue_task(waiting=timedelta(minutes=10))
    settings.KORPU_HEALTH_MAX_TASK_AGE = 3600
    assert client.get("/health/").status_code == 200


def test_without_a_task_queue_there_is_nothing_to_wait_for(client):
    # The test settings run tasks at once, in the process.
    response = client.get("/health/")
    assert response.status_code == 200
    assert response.json()["checks"]["tasks"]["status"] == "ok"


def test_database_down_fails_without_leaking_the_error(client, monkeypatch, database_tasks):
    def unreachable(*args, **kwargs):
        raise OperationalError('connection to server at "10.20.30.40", port 5432 failed')

    monkeypatch.setattr(connection, "cursor", unreachable)
    response = client.get("/health/")
    assert response.status_code == 503
    assert without_timings(response.json()) == {
        "status": "fail",
        "checks": {
            "database": {"status": "fail", "error": "OperationalError"},
            "cache": {"status": "ok"},
            "tasks": {"status": "fail", "error": "database unavailable"},
        },
    }
    assert b"10.20.30.40" not in response.content


def test_a_broken_cache_is_degraded(client, monkeypatch):
    class Unreachable:
        def set(self, *args, **kwargs):
            raise ConnectionError("Error 111 connecting to 10.20.30.40:6379")

    monkeypatch.setattr(health, "cache", Unreachable())
    response = client.get("/health/")
    assert response.status_code == 503
    body = without_timings(response.json())
    assert (body["status"], body["checks"]["cache"]) == (
        "degraded",
        {"status": "degraded", "error": "ConnectionError"},
    )
    assert body["checks"]["database"] == {"status": "ok"}
