"""Tasks whose worker died are run again.

django-tasks-db marks a task RUNNING (and appends the worker's id to ``worker_ids``)
when a worker claims it, and SUCCESSFUL or FAILED when it ends. A worker killed in
between (``kill -9``, out of memory, the machine lost) leaves the task RUNNING for ever;
the library does not notice. Körpü's ``korpu db_worker`` (the library's worker plus this
module) fixes that:

* **Liveness.** While a worker runs, it holds a lock named after its worker id that the
  operating system or the database releases the moment the process dies: a PostgreSQL
  session-level advisory lock on a connection of its own, or, on SQLite (one machine),
  an ``flock`` on ``$KORPU_DATA_DIR/workers/<id>.lock``. No clocks and no heartbeats:
  a worker that is alive holds its lock, however long its task runs.
* **Recovery.** At start and then every ``KORPU_TASK_RECOVERY_SECONDS`` (default 30) each
  worker looks at RUNNING tasks: one whose last worker does not hold its lock is put back
  to READY (and runs again), unless it has already been claimed
  ``KORPU_TASK_MAX_ATTEMPTS`` times (default 3: a task that kills its worker every time
  is not retried for ever), then it is marked FAILED with :class:`WorkerLost`. Each
  recovery is logged (logger ``korpu.common.task_recovery``) and counted in
  ``worker_ids``. ``korpu recover_tasks`` does the same once, from the command line.

A task is therefore run **at least once**; its effect must be idempotent. Körpü's tasks
are: mail delivery (each message is sent and marked sent in one transaction holding its
row lock, so a second run sends only what the first did not commit) and the reviewer
assignment (its proposal is written in one transaction at the end).
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import logging
import threading
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.db import connections, transaction
from django.utils import timezone

logger = logging.getLogger(__name__)


class WorkerLost(Exception):
    """The worker running the task died, as many times as a task may be claimed."""


def _max_attempts() -> int:
    return settings.KORPU_TASK_MAX_ATTEMPTS


def recovery_interval() -> float:
    return settings.KORPU_TASK_RECOVERY_SECONDS


def lock_key(worker_id: str) -> int:
    """A signed 64-bit advisory-lock key for ``worker_id``."""
    digest = hashlib.blake2b(f"korpu-task-worker:{worker_id}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


def _lock_dir() -> Path:
    return Path(settings.DATA_DIR) / "workers"


def _on_postgres(alias: str = "default") -> bool:
    return connections[alias].vendor == "postgresql"


class Liveness:
    """Holds the lock that says "worker ``worker_id`` is alive" until :meth:`release` or
    the process ends; on PostgreSQL a thread keeps the lock's connection up (taking the
    lock again after the database restarted) and runs :func:`recover` periodically."""

    def __init__(self, worker_id: str, *, alias: str = "default"):
        self.worker_id = worker_id
        self.alias = alias
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._wrapper = None
        self._file = None

    def hold(self) -> None:
        if _on_postgres(self.alias):
            self._lock_postgres()
        else:
            directory = _lock_dir()
            directory.mkdir(parents=True, exist_ok=True)
            self._file = open(directory / f"{self.worker_id}.lock", "w")  # noqa: SIM115
            fcntl.flock(self._file, fcntl.LOCK_EX | fcntl.LOCK_NB)
        interval = recovery_interval()
        if interval > 0:
            self._thread = threading.Thread(
                target=self._watch, args=(interval,), name="korpu-task-liveness", daemon=True
            )
            self._thread.start()

    def _lock_postgres(self) -> None:
        # A connection of its own, outside Django's per-thread handling: the worker closes
        # its connections between tasks, this one must stay open while the worker lives.
        wrapper = connections.create_connection(self.alias)
        wrapper.inc_thread_sharing()  # used by the watching thread, closed by the worker
        wrapper.ensure_connection()
        with wrapper.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_lock(%s)", [lock_key(self.worker_id)])
        self._wrapper = wrapper

    def _still_locked(self) -> bool:
        try:
            with self._wrapper.cursor() as cursor:
                cursor.execute("SELECT 1")
            return True
        except Exception:
            return False

    def _watch(self, interval: float) -> None:
        while not self._stop.wait(interval):
            if self._wrapper is not None and not self._still_locked():
                logger.warning(
                    "task worker %s: lost its liveness lock; taking it again", self.worker_id
                )
                self._close_wrapper()
                try:
                    self._lock_postgres()
                except Exception as error:
                    logger.warning(
                        "task worker %s: database unavailable (%s)",
                        self.worker_id,
                        type(error).__name__,
                    )
                    continue
            try:
                recover(alias=self.alias)
            except Exception:
                logger.exception("task recovery failed")
            finally:
                connections.close_all()

    def _close_wrapper(self) -> None:
        if self._wrapper is not None:
            with contextlib.suppress(Exception):
                self._wrapper.close()
            self._wrapper = None

    def release(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)
        self._close_wrapper()
        if self._file is not None:
            path = Path(self._file.name)
            self._file.close()
            path.unlink(missing_ok=True)


def worker_alive(worker_id: str, *, alias: str = "default") -> bool:
    """Does a living worker hold ``worker_id``'s lock?"""
    if _on_postgres(alias):
        key = lock_key(worker_id)
        with connections[alias].cursor() as cursor:
            cursor.execute("SELECT pg_try_advisory_lock(%s)", [key])
            free = cursor.fetchone()[0]
            if free:
                cursor.execute("SELECT pg_advisory_unlock(%s)", [key])
        return not free
    path = _lock_dir() / f"{worker_id}.lock"
    if not path.exists():
        return False
    with open(path) as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return True
        fcntl.flock(handle, fcntl.LOCK_UN)
    path.unlink(missing_ok=True)
    return False


def recover(*, alias: str = "default", grace_seconds: float = 2.0) -> dict[str, int]:
    """Put RUNNING tasks of dead workers back to READY (or FAILED after too many
    attempts). Returns how many were requeued and failed."""
    from django_tasks_db.compat import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    counts = {"requeued": 0, "failed": 0}
    started_before = timezone.now() - timedelta(seconds=grace_seconds)
    with transaction.atomic(using=alias):
        running = list(
            DBTaskResult.objects.using(alias)
            .select_for_update(skip_locked=True)
            .filter(status=TaskResultStatus.RUNNING, started_at__lt=started_before)
            .order_by("started_at")
        )
        for task in running:
            worker_id = task.worker_ids[-1] if task.worker_ids else ""
            if worker_id and worker_alive(worker_id, alias=alias):
                continue
            attempts = len(task.worker_ids)
            if attempts >= _max_attempts():
                task.status = TaskResultStatus.FAILED
                task.finished_at = timezone.now()
                task.exception_class_path = f"{WorkerLost.__module__}.{WorkerLost.__qualname__}"
                task.traceback = (
                    f"WorkerLost: the worker running this task died {attempts} times "
                    f"(workers {', '.join(task.worker_ids)}); not retried again\n"
                )
                task.save(
                    update_fields=["status", "finished_at", "exception_class_path", "traceback"]
                )
                counts["failed"] += 1
                logger.error(
                    "task %s (%s): worker %s died; attempt %d of %d, marked failed",
                    task.pk,
                    task.task_path,
                    worker_id,
                    attempts,
                    _max_attempts(),
                )
            else:
                task.status = TaskResultStatus.READY
                task.save(update_fields=["status"])
                counts["requeued"] += 1
                logger.warning(
                    "task %s (%s): worker %s died; attempt %d of %d, queued again",
                    task.pk,
                    task.task_path,
                    worker_id,
                    attempts,
                    _max_attempts(),
                )
    return counts
