import time

from django.core.management.base import BaseCommand

from korpu.common.mail import deliver_pending


class Command(BaseCommand):
    help = "Deliver pending outbox mail; with --loop keep sweeping (retries, missed tasks)."

    def add_arguments(self, parser):
        parser.add_argument("--loop", action="store_true", help="keep running")
        parser.add_argument("--interval", type=float, default=30.0, help="seconds between sweeps")

    def handle(self, *args, loop=False, interval=30.0, **options):
        while True:
            counts = deliver_pending(limit=1000)
            self.stdout.write(f"outbox: {counts['sent']} sent, {counts['failed']} failed")
            if not loop:
                return
            time.sleep(interval)
