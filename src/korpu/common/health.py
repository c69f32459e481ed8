"""``/health/``: what monitoring asks — does the database answer, does the cache work, does
the task worker keep up?

Each check gives ``ok``, ``degraded`` (the site serves pages but something it depends on
is broken: the cache, or tasks waiting too long) or ``fail`` (the site cannot serve: no
database). The answer is 200 when every check is ``ok`` and 503 otherwise, so a monitor
that only looks at the status code still raises the alarm. Load balancers should keep
probing ``/healthz`` (liveness: the app and its database), which a stuck worker does not
turn red: taking every app process out of rotation would not make the worker run.

The view touches neither the session nor the CSRF token, so it sets no cookie, and it
answers with the exception's class only: a public endpoint must not show host names or
addresses from database error messages (those go to the log).
"""

import logging
import time
import uuid
from contextlib import contextmanager
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import Count, Min, Q
from django.db.models.functions import Greatest
from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)

OK, DEGRADED, FAIL = "ok", "degraded", "fail"
_SEVERITY = {OK: 0, DEGRADED: 1, FAIL: 2}
# A database that takes longer than this for SELECT 1 counts as down.
DATABASE_TIMEOUT_MS = 2000
DEFAULT_MAX_TASK_AGE = 300  # seconds; settings.KORPU_HEALTH_MAX_TASK_AGE overrides


def _timed(check) -> dict:
    started = time.perf_counter()
    result = check()
    result["ms"] = round((time.perf_counter() - started) * 1000, 1)
    return result


def _failure(name: str, error: Exception, status: str) -> dict:
    logger.warning("health check %s failed: %s", name, error, exc_info=True)
    return {"status": status, "error": type(error).__name__}


@contextmanager
def _bounded_transaction():
    """A transaction whose statements give up after DATABASE_TIMEOUT_MS on PostgreSQL."""
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(f"SET LOCAL statement_timeout = {DATABASE_TIMEOUT_MS}")
        yield


def check_database() -> dict:
    try:
        with _bounded_transaction(), connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as error:  # any failure is an answer, never a 500
        return _failure("database", error, FAIL)
    return {"status": OK}


def check_cache() -> dict:
    key, value = f"korpu:health:{uuid.uuid4().hex}", uuid.uuid4().hex
    try:
        cache.set(key, value, timeout=10)
        found = cache.get(key)
        cache.delete(key)
    except Exception as error:
        return _failure("cache", error, DEGRADED)
    if found != value:
        return {"status": DEGRADED, "error": "value not read back"}
    return {"status": OK}


def _database_task_backends() -> list[str]:
    return [
        alias
        for alias, options in settings.TASKS.items()
        if options.get("BACKEND", "").startswith("django_tasks_db.")
    ]


def check_task_queue() -> dict:
    """Tasks that are due and wait for a worker: how many, and how long the oldest has
    waited (since it was queued, or since its ``run_after`` if that came later)."""
    backends = _database_task_backends()
    if not backends:
        return {"status": OK, "queue": "none (tasks run in the process)"}
    from django_tasks_db.models import DBTaskResult, get_date_max

    max_age = getattr(settings, "KORPU_HEALTH_MAX_TASK_AGE", DEFAULT_MAX_TASK_AGE)
    now = timezone.now()
    unscheduled = Q(run_after=get_date_max())
    try:
        with _bounded_transaction():
            waiting = (
                DBTaskResult.objects.ready()
                .filter(backend_name__in=backends)
                .aggregate(
                    queued=Count("id"),
                    since_queued=Min("enqueued_at", filter=unscheduled),
                    since_due=Min(Greatest("enqueued_at", "run_after"), filter=~unscheduled),
                )
            )
    except Exception as error:
        return _failure("tasks", error, FAIL)
    oldest = min((t for t in (waiting["since_queued"], waiting["since_due"]) if t), default=None)
    age = max((now - oldest) / timedelta(seconds=1), 0.0) if oldest else 0.0
    return {
        "status": DEGRADED if age > max_age else OK,
        "queued": waiting["queued"],
        "oldest_age_seconds": round(age, 1),
        "max_age_seconds": max_age,
    }


def health_report() -> dict:
    checks = {"database": _timed(check_database), "cache": _timed(check_cache)}
    if checks["database"]["status"] == OK:
        checks["tasks"] = _timed(check_task_queue)
    else:
        checks["tasks"] = {"status": FAIL, "error": "database unavailable"}
    status = max((check["status"] for check in checks.values()), key=_SEVERITY.__getitem__)
    return {"status": status, "checks": checks}


@never_cache
@require_safe
def health(request):
    report = health_report()
    return JsonResponse(report, status=200 if report["status"] == OK else 503)
