"""``korpu brokerage_tick [--loop]``: expire meeting requests nobody answered in time and
send reminders before meetings (run every minute or so, like ``events_tick``)."""

import time

from django.core.management.base import BaseCommand

from korpu.matchmaking.services import expire_requests, send_meeting_reminders


class Command(BaseCommand):
    help = "Expire unanswered meeting requests and send meeting reminders; --loop repeats."

    def add_arguments(self, parser):
        parser.add_argument("--loop", action="store_true", help="keep running")
        parser.add_argument("--interval", type=float, default=60.0, help="seconds between runs")

    def handle(self, *args, loop=False, interval=60.0, **options):
        while True:
            expired = expire_requests()
            reminded = send_meeting_reminders()
            self.stdout.write(f"brokerage: {expired} requests expired, {reminded} reminders sent")
            if not loop:
                return
            time.sleep(interval)
