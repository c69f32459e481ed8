"""``korpu facilities_tick [--loop]``: release bookings nobody checked in to, pass
waiting-list offers not taken in time to the next one waiting, and remind people of
their bookings a day ahead (run every minute or few, like ``events_tick``)."""

import time

from django.core.management.base import BaseCommand

from korpu.facilities.services import expire_offers, release_no_shows, send_reminders


class Command(BaseCommand):
    help = "Release no-shows, expire waiting-list offers, remind of bookings a day ahead."

    def add_arguments(self, parser):
        parser.add_argument("--loop", action="store_true", help="keep running")
        parser.add_argument("--interval", type=float, default=60.0, help="seconds between runs")

    def handle(self, *args, loop=False, interval=60.0, **options):
        while True:
            released = release_no_shows()
            expired = expire_offers()
            reminded = send_reminders()
            self.stdout.write(
                f"facilities: {released} no-shows released, {expired} offers expired, "
                f"{reminded} reminders sent"
            )
            if not loop:
                return
            time.sleep(interval)
