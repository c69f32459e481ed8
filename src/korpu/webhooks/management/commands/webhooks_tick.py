"""``korpu webhooks_tick [--loop] [--interval 60]``: queue the webhook deliveries that are
due (retries after their backoff, and any whose task was lost in a crash). Run it every
minute, like the other ``*_tick`` commands."""

import time

from django.core.management.base import BaseCommand

from korpu.webhooks.services import requeue_due


class Command(BaseCommand):
    help = "Queue the webhook deliveries that are due (retries with backoff)."

    def add_arguments(self, parser):
        parser.add_argument("--loop", action="store_true", help="keep running")
        parser.add_argument("--interval", type=float, default=60.0, help="seconds between runs")

    def handle(self, *args, loop=False, interval=60.0, **options):
        while True:
            queued = requeue_due()
            self.stdout.write(f"webhooks: {queued} due deliveries queued")
            if not loop:
                return
            time.sleep(interval)
