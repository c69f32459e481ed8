"""``korpu insights_tick [--loop]``: open the resident-reporting periods that have ended
and mail the reminders that are due (run every hour or so, like ``events_tick``)."""

import time

from django.core.management.base import BaseCommand

from korpu.insights.reporting import tick


class Command(BaseCommand):
    help = "Open ended reporting periods and send reminders about due reports; --loop repeats."

    def add_arguments(self, parser):
        parser.add_argument("--loop", action="store_true", help="keep running")
        parser.add_argument("--interval", type=float, default=3600.0, help="seconds between runs")

    def handle(self, *args, loop=False, interval=3600.0, **options):
        while True:
            counts = tick()
            self.stdout.write(
                "insights: {opened} reporting periods opened, {reminded} reminders sent".format(
                    **counts
                )
            )
            if not loop:
                return
            time.sleep(interval)
