"""A task worker killed with SIGKILL in the middle of a task: the task runs again on
another worker, and its effect (a mail delivered) happens once."""

import json
import subprocess
import sys
import time

import pytest

from tests.faults import harness

pytestmark = pytest.mark.faults

SEND_ONE_MAIL = (
    "import django; django.setup(); from django.core.mail import send_mail; "
    "send_mail('Fault test', 'Delivered once.', None, ['someone@faults.example'])"
)
MARK_CLAIMED_THRICE = (
    "import django; django.setup(); from datetime import timedelta; "
    "from django.utils import timezone; from django_tasks_db.models import DBTaskResult; "
    "from korpu.common.tasks import send_outbox; "
    "r = send_outbox.enqueue(); "
    "DBTaskResult.objects.filter(pk=r.id).update(status='RUNNING', "
    "started_at=timezone.now() - timedelta(minutes=5), worker_ids=['gone-1', 'gone-2', 'gone-3']); "
    "print(r.id)"
)


def _tasks(url):
    return harness.query(
        url,
        "SELECT id::text, status, worker_ids, return_value FROM django_tasks_database_dbtaskresult "
        "ORDER BY enqueued_at",
    )


def _outbox(url):
    return harness.query(
        url, "SELECT message_id, status, attempts FROM common_outboxmessage ORDER BY id"
    )


def _korpu(env, *args) -> str:
    done = subprocess.run(
        [str(harness.BIN / "korpu"), *args], env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


def test_killed_worker_task_runs_again_and_mails_once(faults_template, data_dir):
    url = harness.fresh_database("korpu_faults_worker")
    markers = data_dir / "markers"
    markers.mkdir()
    env = harness.environment(
        url,
        data_dir,
        KORPU_DELIVERY_EMAIL_BACKEND="tests.faults.slow_mail.SlowFileBackend",
        KORPU_FAULTS_MARKERS=str(markers),
        KORPU_FAULTS_MAIL_DELAY="60",
    )
    subprocess.run([sys.executable, "-c", SEND_ONE_MAIL], env=env, check=True, timeout=120)
    [(task_id, status, workers, _value)] = _tasks(url)
    [(message_id, message_status, attempts)] = _outbox(url)
    assert (status, workers, message_status, attempts) == ("READY", [], "pending", 0)

    log = data_dir / "workers.log"
    with harness.task_worker(env, "faults-first", log) as first:
        harness.wait_for(
            lambda: list(markers.glob("sending-*")), timeout=60, what="the slow delivery to start"
        )
        assert _tasks(url)[0][1:3] == ("RUNNING", ["faults-first"])
        # Control: while its worker lives, a long-running task is left alone.
        assert "0 queued again, 0 failed" in _korpu(env, "recover_tasks")
        assert _tasks(url)[0][1] == "RUNNING"
        harness.kill_group(first.pid)  # SIGKILL, in the middle of the delivery
        first.wait(timeout=10)

    # The worker is gone: its task says RUNNING, its transaction was rolled back.
    assert _tasks(url)[0][1:3] == ("RUNNING", ["faults-first"])
    assert _outbox(url) == [(message_id, "pending", 0)]
    assert harness.delivered(data_dir / "mail") == []

    env["KORPU_FAULTS_MAIL_DELAY"] = "0"
    started = time.monotonic()
    with harness.task_worker(env, "faults-second", log):
        harness.wait_for(
            lambda: _tasks(url)[0][1] == "SUCCESSFUL", timeout=60, what="the task to run again"
        )
    recovered_in = time.monotonic() - started

    [(same_id, status, workers, value)] = _tasks(url)
    assert (same_id, status, workers) == (task_id, "SUCCESSFUL", ["faults-first", "faults-second"])
    assert value == {"sent": 1, "failed": 0}
    assert _outbox(url) == [(message_id, "sent", 1)]
    mails = harness.delivered(data_dir / "mail")
    assert [m["message_id"] for m in mails] == [message_id]
    assert "queued again" in log.read_text()
    print(f"task recovered and delivered {recovered_in:.1f} s after the second worker started")
    harness.drop_database("korpu_faults_worker")


def test_task_whose_workers_keep_dying_is_failed_not_retried_for_ever(faults_template, data_dir):
    url = harness.fresh_database("korpu_faults_worker_lost")
    env = harness.environment(url, data_dir)
    done = subprocess.run(
        [sys.executable, "-c", MARK_CLAIMED_THRICE],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    task_id = done.stdout.strip().splitlines()[-1]
    assert "0 queued again, 1 failed" in _korpu(env, "recover_tasks")
    rows = harness.query(
        url,
        "SELECT status, exception_class_path FROM django_tasks_database_dbtaskresult "
        "WHERE id::text = %s",
        [task_id],
    )
    assert rows == [("FAILED", "korpu.common.task_recovery.WorkerLost")]
    assert json.dumps(rows)  # plain values
    harness.drop_database("korpu_faults_worker_lost")
