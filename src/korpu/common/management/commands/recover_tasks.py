"""``korpu recover_tasks``: queue again the tasks whose worker died (once)."""

from django.core.management.base import BaseCommand

from korpu.common import task_recovery


class Command(BaseCommand):
    help = (
        "Queue again tasks left RUNNING by a task worker that died (korpu db_worker does this too)."
    )

    def handle(self, *args, **options):
        counts = task_recovery.recover()
        self.stdout.write(
            f"tasks of dead workers: {counts['requeued']} queued again, {counts['failed']} failed"
        )
