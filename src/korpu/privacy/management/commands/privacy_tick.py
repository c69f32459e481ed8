"""``korpu privacy_tick [--loop] [--dry-run]``: erase or delete what is past its retention
period (``KORPU_RETENTION``), a bounded batch of each kind per run, and say how many."""

import time

from django.core.management.base import BaseCommand

from korpu.privacy.retention import BATCH, purge


class Command(BaseCommand):
    help = "Apply the retention periods: erase or delete personal data kept too long."

    def add_arguments(self, parser):
        parser.add_argument("--loop", action="store_true", help="keep running")
        parser.add_argument("--interval", type=float, default=3600.0, help="seconds between runs")
        parser.add_argument(
            "--dry-run", action="store_true", help="only count what would be removed"
        )
        parser.add_argument("--batch", type=int, default=BATCH, help="rows of each kind per run")

    def handle(self, *args, loop=False, interval=3600.0, dry_run=False, batch=BATCH, **options):
        while True:
            started = time.monotonic()
            counts = purge(dry_run=dry_run, batch=max(1, batch))
            seconds = time.monotonic() - started
            verb = "would remove" if dry_run else "removed"
            details = ", ".join(f"{count} {code}" for code, count in counts.items())
            self.stdout.write(f"privacy: {verb} {details} in {seconds:.2f} s")
            if not loop:
                return
            time.sleep(interval)
