"""``korpu db_worker``: django-tasks-db's worker, plus recovery of tasks whose worker
died (see :mod:`korpu.common.task_recovery`). Same options as the library's command."""

import os

from django.utils.autoreload import DJANGO_AUTORELOAD_ENV
from django_tasks_db.management.commands.db_worker import Command as LibraryCommand

from korpu.common import task_recovery


class Command(LibraryCommand):
    help = (
        "Run a database background worker; tasks left running by a worker that died are "
        "queued again (at start and every KORPU_TASK_RECOVERY_SECONDS)."
    )

    def handle(self, *args, **options):
        if options.get("reload") and os.environ.get(DJANGO_AUTORELOAD_ENV) != "true":
            # The autoreloader's parent only restarts the child, which runs the tasks
            # (and parses its own worker id): the child takes the lock.
            return super().handle(*args, **options)
        liveness = task_recovery.Liveness(options["worker_id"], alias="default")
        liveness.hold()
        try:
            counts = task_recovery.recover()
            if any(counts.values()):
                self.stdout.write(
                    f"recovered tasks of dead workers: {counts['requeued']} queued again, "
                    f"{counts['failed']} failed"
                )
            return super().handle(*args, **options)
        finally:
            liveness.release()
