import time

from django.core.management.base import BaseCommand

from korpu.events.services import expire_lapsed_offers, send_due_reminders


class Command(BaseCommand):
    help = (
        "Time-driven event work: lapse place offers not accepted in time (the next person "
        "waiting is offered the place) and send the reminders organisers set. With --loop "
        "keep running; without it run once (for cron)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--loop", action="store_true", help="keep running")
        parser.add_argument("--interval", type=float, default=60.0, help="seconds between runs")

    def handle(self, *args, loop=False, interval=60.0, **options):
        while True:
            expired = expire_lapsed_offers()
            reminded = send_due_reminders()
            self.stdout.write(f"events: {expired} offers lapsed, {reminded} reminders sent")
            if not loop:
                return
            time.sleep(interval)
