"""korpu.common.task_recovery: tasks left RUNNING by a dead worker run again, once a
worker sees that the lock of the worker that claimed them is free (an flock on SQLite, a
PostgreSQL advisory lock on PostgreSQL)."""

from datetime import timedelta

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult, get_date_max

from korpu.common import task_recovery


@pytest.fixture(autouse=True)
def _no_watch_thread(settings):
    settings.KORPU_TASK_RECOVERY_SECONDS = 0


def running_task(*workers: str, started_ago: float = 60) -> DBTaskResult:
    return DBTaskResult.objects.create(
        args_kwargs={"args": [], "kwargs": {}},
        task_path="korpu.common.tasks.send_outbox",
        backend_name="default",
        run_after=get_date_max(),
        status="RUNNING",
        started_at=timezone.now() - timedelta(seconds=started_ago),
        worker_ids=list(workers),
    )


@pytest.mark.django_db(transaction=True)
def test_the_task_of_a_dead_worker_is_queued_again_and_a_living_one_is_left_alone():
    alive = task_recovery.Liveness("worker-alive")
    alive.hold()
    try:
        dead = running_task("worker-dead")
        busy = running_task("worker-alive")
        assert task_recovery.worker_alive("worker-alive")
        assert not task_recovery.worker_alive("worker-dead")
        assert task_recovery.recover() == {"requeued": 1, "failed": 0}
        dead.refresh_from_db()
        busy.refresh_from_db()
        assert (dead.status, dead.worker_ids, busy.status) == ("READY", ["worker-dead"], "RUNNING")
    finally:
        alive.release()
    # The worker is gone now: its task is queued again too.
    assert task_recovery.recover() == {"requeued": 1, "failed": 0}
    busy.refresh_from_db()
    assert busy.status == "READY"


@pytest.mark.django_db(transaction=True)
def test_a_task_just_claimed_is_left_for_the_grace_period():
    task = running_task("worker-dead", started_ago=0)
    assert task_recovery.recover(grace_seconds=30) == {"requeued": 0, "failed": 0}
    task.refresh_from_db()
    assert task.status == "RUNNING"


@pytest.mark.django_db(transaction=True)
def test_a_task_whose_workers_keep_dying_fails_after_the_last_attempt():
    task = running_task("dead-1", "dead-2", "dead-3")
    assert task_recovery.recover() == {"requeued": 0, "failed": 1}
    task.refresh_from_db()
    assert (task.status, task.exception_class_path) == (
        "FAILED",
        "korpu.common.task_recovery.WorkerLost",
    )
    assert "died 3 times" in task.traceback
